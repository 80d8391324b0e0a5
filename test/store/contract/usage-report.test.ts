/**
 * What `/usage` and quotas read: a server's days, models and top ten people over a range of UTC
 * days, a person's own figures (everywhere, in one server, or in DMs), and a day's tokens.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Store } from '../../../src/store/store-port.ts';
import { forEachBackend, type OpenStore } from '../support/store-backends.ts';

const DAY = 24 * 60 * 60_000;
const guild = '1100000000000000100';
const other = '1100000000000000200';
const ada = '800000000000000001';
const bo = '800000000000000002';
const firstDec = Date.UTC(2025, 11, 1);

function usage(change: { guildId?: string | null; channelId?: string; userId?: string; modelId?: string; promptTokens: number | null; completionTokens: number | null; answeredAt: number; estimated?: boolean }) {
  return { guildId: guild, channelId: '1100000000000000201', userId: ada, modelId: 'openai/gpt-4o', messageId: null, outcome: 'complete', ...change };
}

async function storeWithHistory(open: OpenStore): Promise<Store> {
  const store = await open();
  await store.recordUsage(usage({ promptTokens: 100, completionTokens: 10, answeredAt: firstDec + 1_000 }));
  await store.recordUsage(usage({ promptTokens: 200, completionTokens: 20, answeredAt: firstDec + DAY - 1, estimated: true }));
  await store.recordUsage(usage({ userId: bo, modelId: 'ollama/llama3.2:3b', promptTokens: 30, completionTokens: 3, answeredAt: firstDec + DAY }));
  await store.recordUsage(usage({ userId: bo, promptTokens: null, completionTokens: null, answeredAt: firstDec + 2 * DAY }));
  await store.recordUsage(usage({ guildId: other, promptTokens: 5_000, completionTokens: 500, answeredAt: firstDec + DAY }));
  await store.recordUsage(usage({ guildId: null, channelId: 'dm', promptTokens: 7, completionTokens: 1, answeredAt: firstDec + DAY }));
  return store;
}

const figures = (answers: number, promptTokens: number, completionTokens: number, estimatedAnswers = 0) => ({
  answers,
  promptTokens,
  completionTokens,
  tokens: promptTokens + completionTokens,
  estimatedAnswers,
});

forEachBackend('usage reports', (open) => {
  test('GIVEN a server’s answers over three days THEN its report gives each day, each model and each person, most tokens first, and the totals', async () => {
    const store = await storeWithHistory(open);
    const report = await store.usageReport(guild, { fromDay: '2025-12-01', toDay: '2025-12-31' });
    assert.deepEqual(report.days, [
      { day: '2025-12-01', ...figures(2, 300, 30, 1) },
      { day: '2025-12-02', ...figures(1, 30, 3) },
      { day: '2025-12-03', ...figures(1, 0, 0) },
    ]);
    assert.deepEqual(report.models, [
      { modelId: 'openai/gpt-4o', ...figures(3, 300, 30, 1) },
      { modelId: 'ollama/llama3.2:3b', ...figures(1, 30, 3) },
    ]);
    assert.deepEqual(report.topUsers, [
      { userId: ada, ...figures(2, 300, 30, 1) },
      { userId: bo, ...figures(2, 30, 3) },
    ]);
    assert.deepEqual(report.totals, figures(4, 330, 33, 1));
  });

  test('GIVEN a range THEN both its days are included and nothing outside it, and a range ending before it starts is empty', async () => {
    const store = await storeWithHistory(open);
    const oneDay = await store.usageReport(guild, { fromDay: '2025-12-02', toDay: '2025-12-02' });
    assert.deepEqual(oneDay.days.map((day) => day.day), ['2025-12-02']);
    const empty = await store.usageReport(guild, { fromDay: '2025-12-03', toDay: '2025-12-01' });
    assert.deepEqual(empty, { days: [], models: [], topUsers: [], totals: figures(0, 0, 0) });
    const direct = await store.usageReport(null, { fromDay: '2025-12-01', toDay: '2025-12-31' });
    assert.deepEqual(direct.totals, figures(1, 7, 1), 'direct messages are a report of their own');
  });

  test('GIVEN twelve people THEN the report ranks the ten with the most tokens, ties by user id', async () => {
    const store = await open();
    for (let person = 0; person < 12; person += 1) {
      const userId = `8000000000000001${String(person).padStart(2, '0')}`;
      await store.recordUsage(usage({ userId, promptTokens: person < 4 ? 50 : person * 10, completionTokens: 0, answeredAt: firstDec }));
    }
    const report = await store.usageReport(guild, { fromDay: '2025-12-01', toDay: '2025-12-01' });
    const ranked = report.topUsers.map((user) => [user.userId.slice(-2), user.tokens]);
    assert.deepEqual(ranked, [['11', 110], ['10', 100], ['09', 90], ['08', 80], ['07', 70], ['06', 60], ['00', 50], ['01', 50], ['02', 50], ['03', 50]]);
  });

  test('GIVEN a person active in two servers and DMs THEN their usage is everywhere, in one server, or in their DMs', async () => {
    const store = await storeWithHistory(open);
    const range = { fromDay: '2025-12-01', toDay: '2025-12-03' };
    const everywhere = await store.personUsage(ada, range);
    assert.deepEqual(everywhere.totals, figures(4, 5_307, 531, 1));
    assert.deepEqual(everywhere.days.map((day) => [day.day, day.tokens]), [['2025-12-01', 330], ['2025-12-02', 5_508]]);
    assert.deepEqual(everywhere.models.map((model) => model.modelId), ['openai/gpt-4o']);
    assert.deepEqual((await store.personUsage(ada, { ...range, guildId: guild })).totals, figures(2, 300, 30, 1));
    assert.deepEqual((await store.personUsage(ada, { ...range, guildId: null })).totals, figures(1, 7, 1));
    assert.deepEqual((await store.personUsage(bo, { ...range, guildId: other })).totals, figures(0, 0, 0));
  });

  test('GIVEN a day THEN the tokens used that day are counted for a server, for a person there, and for a person’s DMs', async () => {
    const store = await storeWithHistory(open);
    assert.equal(await store.tokensUsedOn('2025-12-01', { guildId: guild }), 330);
    assert.equal(await store.tokensUsedOn('2025-12-02', { guildId: guild }), 33);
    assert.equal(await store.tokensUsedOn('2025-12-02', { guildId: guild, userId: ada }), 0);
    assert.equal(await store.tokensUsedOn('2025-12-02', { guildId: other, userId: ada }), 5_500);
    assert.equal(await store.tokensUsedOn('2025-12-02', { guildId: null, userId: ada }), 8);
    assert.equal(await store.tokensUsedOn('2025-12-04', { guildId: guild }), 0);
  });

  test('GIVEN a day not written YYYY-MM-DD, or not on the calendar THEN reports refuse it', async () => {
    const store = await open();
    for (const day of ['2025-12-1', '2025-02-30', '01/12/2025', '2025-13-01', '']) {
      await assert.rejects(() => store.usageReport(guild, { fromDay: day, toDay: '2025-12-31' }), RangeError, day);
      await assert.rejects(() => store.personUsage(ada, { fromDay: '2025-12-01', toDay: day }), RangeError, day);
    }
  });
});
