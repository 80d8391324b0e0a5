import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { latestVersion } from '../fake-discord/index.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { assertNoRateLimitsDuringBurst } from './rate-limit-burst.ts';

const marker = '▌';

describe('/ask end to end: real bot process, fake Discord, fake upstream', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('streams the answer into the reply, ends exact, and opens a thread named after the prompt', async () => {
    const answer = 'Rayleigh scattering: short (blue) wavelengths scatter more. Небо голубое! 🌈';
    world.upstream.enqueue({ text: answer, ratePerSecond: 200 });
    const interaction = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Why is the sky blue?' } });
    const thread = await world.discord.waitForThread({ name: 'Why is the sky blue?' });
    const reply = world.discord.message(thread.id);
    assert.equal(reply.interactionId, interaction.id);
    assert.equal(contentOf(reply), answer);
    assert.ok(reply.versions.length >= 2, 'the reply was edited as the text arrived');
    assert.ok(reply.versions.slice(0, -1).some((version) => version.content.endsWith(marker)), 'a marker showed the answer was still being written');
    // the first version is the deferred "thinking…" placeholder, which has no content to parse
    for (const version of reply.versions.filter((version) => version.content !== '')) assert.deepEqual(version.allowedMentions, { parse: [] });
    const request = world.upstream.requests.at(-1)?.parsedBody as { model: string; messages: Array<{ role: string; content: string }>; max_tokens?: number };
    assert.equal(request.model, 'gpt-4o-mini');
    // PROVIDER_MAX_TOKENS (4096) fits in half of the endpoint's 8192-token context: it is asked for
    assert.equal(request.max_tokens, 4096);
    assert.deepEqual(request.messages.at(-1), { role: 'user', content: 'Why is the sky blue?' });
  });

  it('splits a long answer across messages, each within 2000 characters, with exact concatenation', async () => {
    const paragraph = 'This paragraph is long enough to matter when repeated many times over. '.repeat(6);
    const answer = Array.from({ length: 14 }, (_, index) => `${index + 1}. ${paragraph}`).join('\n\n');
    world.upstream.enqueue({ text: answer, ratePerSecond: 2000 });
    const interaction = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Write a lot', private: true } });
    const handle = world.discord.interaction(interaction);
    const replyMessages = () => [handle.originalMessage(), ...handle.followUps()].filter((message) => message !== undefined);
    const messages = await world.discord.waitFor(() => {
      const current = replyMessages();
      return current.map(contentOf).join('') === answer ? current : undefined;
    });
    assert.ok(messages.length >= 2, `expected several messages, got ${messages.length}`);
    for (const message of messages) assert.ok(contentOf(message).length <= 2000);
    assert.equal(messages.map(contentOf).join(''), answer);
  });

  it('answers an unknown model ephemerally without contacting the upstream', async () => {
    const before = world.upstream.requests.length;
    const interaction = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'hi', model: 'openai/gpt-9' } });
    const answered = await world.discord.waitForInteractionResponse(interaction);
    assert.equal(answered.ephemeral, true);
    assert.match(contentOf(answered.originalMessage()!), /Unknown model `openai\/gpt-9`/);
    // it quotes what the person typed
    assert.deepEqual(latestVersion(answered.originalMessage()!).allowedMentions, { parse: [] });
    assert.equal(world.upstream.requests.length, before);
  });

  it('marks a partial answer as cut short when the provider fails mid-answer, keeping the text', async () => {
    world.upstream.enqueue({ text: 'The beginning of an answer', omitEnd: true });
    const interaction = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Tell me', private: true } });
    const reply = await waitForReply(world, interaction.id, (content) => content.includes('cut short'));
    assert.match(contentOf(reply), /^The beginning of an answer\n+-# ⚠️ Answer cut short: /);
  });

  it('says what went wrong when the provider is down before the first token', async () => {
    world.upstream.enqueue({ error: { status: 503, body: { error: { message: 'overloaded' } } } });
    const interaction = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Anyone there?', private: true } });
    const reply = await waitForReply(world, interaction.id, (content) => content.includes('No answer'));
    assert.match(contentOf(reply), /the provider is down or unreachable/);
  });

  it('never pings: @everyone and role mentions in the output reach nobody', async () => {
    world.upstream.enqueue({ text: 'Hey @everyone and @here, also <@&1100000000000000110> and <@1100000000000000303>!' });
    const interaction = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Ping them', private: true } });
    const reply = await waitForReply(world, interaction.id, (content) => content.startsWith('Hey') && !content.endsWith(marker));
    for (const version of reply.versions.filter((version) => version.content !== '')) {
      assert.deepEqual(version.allowedMentions, { parse: [] });
      assert.deepEqual(version.mentions, { userIds: [], roleIds: [], everyone: false });
    }
  });

  it('causes no 429 from Discord while streaming answers fast', async () => {
    await assertNoRateLimitsDuringBurst(world);
  });
});
