import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import { collect, harness, type Harness } from './provider-harness.ts';

// The first-token limit (200 ms) is far shorter than the reasoning (about 1 s), and the gaps
// (250 ms) far shorter than the idle limit (5 s): only counting reasoning as activity passes.
describe('GIVEN a reasoning model that thinks longer than the first-token timeout', () => {
  let fake: OpenAiFake;
  let subject: Harness;
  before(async () => {
    fake = await startOpenAiFake({ models: ['thinker'] });
    subject = harness({ PROVIDERS: 'openai', OPENAI_BASE_URL: fake.url, OPENAI_MODELS: 'thinker', PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '200', PROVIDER_IDLE_TIMEOUT_MS: '5000' });
  });
  after(async () => {
    await subject.registry.close();
    await fake.stop();
  });

  const thoughts = ['The user asks', ' for a sum.', ' Two and two', ' make four.'];

  for (const field of ['reasoning_content', 'reasoning', 'think-tags'] as const) {
    it(`THEN reasoning as ${field} counts as activity: one request, the answer only, no reasoning in the text`, async () => {
      fake.enqueue({ reasoning: thoughts, reasoningField: field, text: 'It is 4.', ratePerSecond: 4 });
      const start = fake.requests.length;
      const result = await collect(subject.registry, 'openai/thinker');
      assert.equal(result.error, undefined);
      assert.equal(result.text, 'It is 4.');
      assert.ok(result.parts.every((part) => part.type !== 'text-delta' || !/user asks|make four/.test(part.text)));
      assert.equal(fake.requests.length - start, 1);
    });
  }

  it('THEN keep-alive comments still do not count: a server that only pings times out', async () => {
    fake.enqueue({ text: 'never sent', keepAlives: true, stallAfterBytes: Buffer.byteLength(': keep-alive\n\n') });
    const result = await collect(subject.registry, 'openai/thinker');
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error?.message ?? '', /no answer within 0\.2 s/);
  });
});
