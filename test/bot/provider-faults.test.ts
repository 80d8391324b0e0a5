/**
 * Provider faults as a person in Discord meets them: the real bot against a fake OpenAI-compatible
 * upstream that misbehaves. Retries are on (as by default), so each test also shows what is not
 * retried.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { catalogFor } from '../../src/i18n/locale.ts';
import { notAStream } from '../fake-upstreams/scenario.ts';
import { startWorld, waitForReply, type World } from './bot-harness.ts';

const english = catalogFor(undefined);
const model = 'openai/gpt-4o-mini';
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('provider faults, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld({
      env: { PROVIDER_MAX_RETRIES: '2', PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '1500', PROVIDER_IDLE_TIMEOUT_MS: '1500', PROVIDER_MAX_EVENT_BYTES: '65536' },
    });
  });
  after(async () => {
    await world?.close();
  });

  const answerRequests = () => world.upstream.requestsTo('POST', '/v1/chat/completions').length;

  /** Runs an /ask against `scenario`; returns the reply's final content and how often the model was asked. */
  async function ask(prompt: string, scenario: Parameters<World['upstream']['enqueue']>[0], done: (content: string) => boolean) {
    const before = answerRequests();
    world.upstream.enqueue(scenario);
    const interaction = world.discord.sendSlashCommand({ name: 'ask', options: { prompt } });
    const reply = await waitForReply(world, interaction.id, done);
    return { reply, asked: answerRequests() - before };
  }

  it('GIVEN a stream line that never ends THEN the answer stops at the event cap with a clear note, asked once', async () => {
    const { reply, asked } = await ask('Endless line', { text: 'The start of it.', endlessLine: true }, (content) => content.includes('⚠️'));
    const content = reply.versions.at(-1)!.content;
    assert.equal(content, `The start of it.\n\n${english.cutShort(english.providerFailure.oversized)}`);
    assert.equal(asked, 1);
  });

  it('GIVEN a provider that never answers THEN one request, no retry of the first-token timeout, and the person is told', async () => {
    const { reply, asked } = await ask('Silent provider', { stallBeforeHeaders: true }, (content) => content.includes('⚠️'));
    assert.equal(reply.versions.at(-1)!.content, english.failedBeforeText(model, english.providerFailure.timeout));
    assert.equal(asked, 1, 'a timeout is not retried: it would only double the wait');
  });

  it('GIVEN a 200 with a web page instead of a stream THEN it is said so, not retried', async () => {
    const { reply, asked } = await ask('Web page', { error: notAStream.htmlPage() }, (content) => content.includes('⚠️'));
    assert.equal(reply.versions.at(-1)!.content, english.failedBeforeText(model, english.providerFailure.protocol));
    assert.equal(asked, 1);
  });

  it('GIVEN a reasoning model thinking longer than the first-token timeout THEN its answer comes, without the reasoning, asked once', async () => {
    const thoughts = Array.from({ length: 12 }, (_, index) => `thought ${index} `);
    // 12 reasoning chunks at 4 per second: 3 s of thinking against a 1.5 s first-token timeout
    const { reply, asked } = await ask('Think hard', { reasoning: thoughts, text: 'The answer is 42.', ratePerSecond: 4 }, (content) => content === 'The answer is 42.');
    assert.equal(asked, 1);
    assert.ok(reply.versions.every((version) => !version.content.includes('thought')), 'reasoning never shows as the answer');
  });

  it('GIVEN a character outside the BMP split across two deltas THEN every version shows it whole', async () => {
    const { reply } = await ask('Wave', { deltas: ['Hi ', '\ud83d', '\udc4b', ' there'], split: 'events', ratePerSecond: 20 }, (content) => content === 'Hi 👋 there');
    for (const version of reply.versions) assert.doesNotMatch(version.content, loneSurrogate, JSON.stringify(version.content));
  });
});
