/** Answer usage and kept reasoning: round trips, and expiry and purges on an injected clock. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachBackend } from '../support/store-backends.ts';

const DAY = 24 * 60 * 60_000;
const guild = '900000000000000001';
const answer = { guildId: guild, channelId: '900000000000000002', userId: '800000000000000001', modelId: 'openai/gpt-4o-mini', outcome: 'complete' };

forEachBackend('answer usage', (open) => {
  test('GIVEN answers with and without reported counts THEN each is one row, the missing counts null, per server and time range', async () => {
    const clock = { now: 1_700_000_000_000 };
    const store = await open({ now: () => clock.now });
    await store.recordUsage({ ...answer, messageId: 'm1', promptTokens: 120, completionTokens: 45 });
    clock.now += DAY;
    await store.recordUsage({ ...answer, messageId: null, outcome: 'failed', promptTokens: null, completionTokens: null });
    await store.recordUsage({ ...answer, guildId: null, channelId: 'dm', messageId: 'm3', promptTokens: 7, completionTokens: 1 });
    const all = await store.usageOfGuild(guild);
    assert.deepEqual(all, [
      { ...answer, messageId: 'm1', promptTokens: 120, completionTokens: 45, answeredAt: 1_700_000_000_000 },
      { ...answer, messageId: null, outcome: 'failed', promptTokens: null, completionTokens: null, answeredAt: 1_700_000_000_000 + DAY },
    ]);
    assert.deepEqual((await store.usageOfGuild(guild, { from: 1_700_000_000_000 + DAY })).map((row) => row.outcome), ['failed'], 'one day');
    assert.deepEqual((await store.usageOfGuild(null)).map((row) => row.channelId), ['dm'], 'direct messages have no server');
  });
});

forEachBackend('kept reasoning', (open) => {
  test('GIVEN reasoning kept for 7 days THEN it reads back exactly until it expires, then it is no longer kept', async () => {
    const clock = { now: 1_700_000_000_000 };
    const store = await open({ now: () => clock.now });
    const reasoning = 'First, 6 × 7.\n```py\nprint(6*7)\n```\nСорок два 🤔';
    await store.keepReasoning('m1', reasoning, 7 * DAY);
    assert.deepEqual(await store.keptReasoning('m1'), { reasoning, keptAt: 1_700_000_000_000, expiresAt: 1_700_000_000_000 + 7 * DAY });
    clock.now += 7 * DAY - 1;
    assert.equal((await store.keptReasoning('m1'))?.reasoning, reasoning);
    clock.now += 1;
    assert.equal(await store.keptReasoning('m1'), undefined, 'expired: not shown even before a purge');
    assert.equal(await store.keptReasoning('unknown'), undefined);
  });

  test('GIVEN expired and current reasoning WHEN purged THEN only the expired rows go', async () => {
    const clock = { now: 1_000 };
    const store = await open({ now: () => clock.now });
    await store.keepReasoning('old', 'a', DAY);
    await store.keepReasoning('new', 'b', 3 * DAY);
    clock.now += DAY;
    assert.equal(await store.purgeExpiredReasoning(), 1);
    assert.equal(await store.purgeExpiredReasoning(), 0);
    assert.equal((await store.keptReasoning('new'))?.reasoning, 'b');
  });
});
