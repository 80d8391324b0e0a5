import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { assertNoRateLimitsDuringBurst } from './rate-limit-burst.ts';

// far longer than the test: only the Stop button ends it
const longAnswer = { text: 'one two three four five ', repeat: 200, ratePerSecond: 20 };

describe('MAX_ANSWERS_PER_USER, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ env: { MAX_ANSWERS_PER_USER: '1' } });
  });
  after(async () => {
    await world?.close();
  });

  /** Starts a long /ask by the default member and waits until its text shows. */
  async function longAsk(prompt: string) {
    world.upstream.enqueue(longAnswer);
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt, private: true } });
    return waitForReply(world, ask.id, (content) => content.startsWith('one two'));
  }

  /** Stops an answer and waits until the bot has finished with it (and given its place back). */
  async function stop(messageId: string): Promise<void> {
    const click = world.discord.clickButton({ messageId, customId: 'cordial:stop' });
    await world.discord.waitForInteractionResponse(click);
    await world.bot.waitForLog((line) => line.includes('answer stopped with its Stop button') && line.includes(`"firstMessage":"${messageId}"`));
  }

  it('refuses a person’s second /ask while their first is being written, without asking a model; others are not affected', async () => {
    const first = await longAsk('First');
    const before = world.upstream.requests.length;
    const second = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Second' } });
    await world.discord.waitForInteractionResponse(second);
    assert.equal(second.ephemeral, true);
    assert.equal(
      contentOf(second.originalMessage()!),
      'You already have an answer being written. Wait for it to finish, or press its ⏹️ Stop button, then ask again.',
    );
    assert.equal(world.upstream.requests.length, before);

    world.upstream.enqueue({ text: 'Your own answer.' });
    const other = world.discord.sendSlashCommand({ name: 'ask', user: world.discord.defaults.users.admin.id, options: { prompt: 'Someone else', private: true } });
    await waitForReply(world, other.id, (content) => content === 'Your own answer.');

    await stop(first.id);
    world.upstream.enqueue({ text: 'Now it works.' });
    const third = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Third', private: true } });
    await waitForReply(world, third.id, (content) => content === 'Now it works.');
  });

  it('counts a DM turn too: a DM while an /ask is being written is told to wait', async () => {
    const running = await longAsk('Busy');
    const dm = world.discord.dmChannel(world.discord.defaults.users.member.id);
    const before = world.upstream.requests.length;
    world.discord.sendMessage({ channelId: dm.id, content: 'And one more thing' });
    const refusal = await world.discord.waitForMessage({ channelId: dm.id, authorId: world.discord.bot.id });
    assert.match(contentOf(refusal), /^You already have an answer being written\./);
    assert.equal(world.upstream.requests.length, before);

    await stop(running.id);
    world.upstream.enqueue({ text: 'Here you go.' });
    world.discord.sendMessage({ channelId: dm.id, content: 'And one more thing, again' });
    await world.discord.waitForMessage({ channelId: dm.id, authorId: world.discord.bot.id, where: (message) => contentOf(message) === 'Here you go.' });
  });

  it('causes no 429 from Discord while streaming answers fast', async () => {
    await assertNoRateLimitsDuringBurst(world);
  });
});
