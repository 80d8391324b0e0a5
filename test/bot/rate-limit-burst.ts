/**
 * A "no 429" check that holds on its own, whatever ran before it: it makes its own traffic — an
 * `/ask` answer and then a thread answer, both streamed faster than their rate-limit buckets
 * allow edits — and counts the 429s the fake Discord answered from a baseline taken just before.
 */
import assert from 'node:assert/strict';
import { contentOf, waitForReply, type World } from './bot-harness.ts';

/** More writes than any one of Discord's message buckets allows in its window (5). */
const MINIMUM_WRITES = 8;

let burstCount = 0;

/** Streams two fast answers (interaction webhook, then channel routes) and asserts Discord never answered 429. */
export async function assertNoRateLimitsDuringBurst(world: World): Promise<void> {
  burstCount += 1;
  const prompt = `Rate-limit burst ${burstCount}`;
  const answer = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');
  const rateLimitsBefore = world.discord.rateLimitCount;
  const requestsBefore = world.discord.requests.length;
  world.upstream.enqueue({ text: answer, ratePerSecond: 60 }, { text: answer, ratePerSecond: 60 });
  // the owner and a named model: whatever quota or default model earlier tests left in place
  const asker = world.discord.defaults.users.owner.id;
  const interaction = world.discord.sendSlashCommand({ name: 'ask', user: asker, options: { prompt, model: 'openai/gpt-4o-mini' } });
  await waitForReply(world, interaction.id, (content) => content === answer);
  const thread = await world.discord.waitForThread({ name: prompt });
  world.discord.sendMessage({ channelId: thread.id, author: asker, content: 'Once more, please.' });
  await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (message) => contentOf(message) === answer });
  const writes = world.discord.requests.slice(requestsBefore).filter((request) => request.method === 'POST' || request.method === 'PATCH').length;
  assert.ok(writes >= MINIMUM_WRITES, `only ${writes} writes: the burst did not test the limits`);
  assert.equal(world.discord.rateLimitCount - rateLimitsBefore, 0, '429s from Discord during the burst');
}
