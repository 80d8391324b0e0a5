/**
 * Records the store tests save again and again: the contract suite (both backends) and the
 * SQLite-only tests of the same tables use the same ones.
 */
import fc from 'fast-check';
import type { AnswerRecord } from '../../../src/store/index.ts';
import type { AnswerUsageInput } from '../../../src/store/usage-records.ts';

export const DAY = 24 * 60 * 60_000;

/** An answer kept for Regenerate: three messages, two askers, a turn with non-ASCII text. */
export const savedAnswer: AnswerRecord = {
  firstMessageId: '1300000000000000001',
  channelId: '1100000000000000201',
  guildId: '1100000000000000100',
  messageIds: ['1300000000000000001', '1300000000000000002', '1300000000000000003'],
  modelId: 'openai/gpt-4o',
  askedBy: ['800000000000000001', '800000000000000002'],
  trigger: 'ask',
  turn: { prompt: 'Объясни WAL 🤔', system: null, history: [{ role: 'user', text: 'x' }], temperature: 0.5 },
  locale: 'ru',
  follows: null,
  createdAt: 1_700_000_000_000,
};

/** An answer later in the same conversation, following `savedAnswer`. */
export const followUpAnswer: AnswerRecord = {
  ...savedAnswer,
  firstMessageId: '1300000000000000010',
  messageIds: ['1300000000000000010'],
  trigger: 'thread',
  follows: savedAnswer.firstMessageId,
  createdAt: savedAnswer.createdAt + DAY,
};

/** A bot thread's record, with line breaks and non-ASCII text. */
export const botThread = {
  threadId: '1200000000000000001',
  guildId: '900000000000000001',
  channelId: '900000000000000002',
  modelId: 'openrouter/meta-llama/llama-3.1-8b-instruct',
  prompt: 'Explain WAL mode\nin two lines',
  createdBy: '800000000000000001',
  createdByName: 'Алиса',
  firstAnswer: 'WAL appends changes to a log;\nreaders never block writers.',
  createdAt: 1_700_000_000_123,
};

/** The first midnight (UTC) of the three days `recordedUsage` answers fall in. */
export const firstMidnight = Date.UTC(2026, 2, 1);

/** The places and people of `recordedUsage`: two servers and the DMs (`null`), three people. */
export const usageGuilds = ['1100000000000000100', '1100000000000000200', null];
export const usagePeople = ['800000000000000001', '800000000000000002', '800000000000000003'];

const tokens = fc.option(fc.nat({ max: 200_000 }), { nil: null });

/** One answer's usage as `recordUsage` takes it, in two servers or a DM, three people, two models, over three days. */
export const recordedUsage: fc.Arbitrary<AnswerUsageInput & { answeredAt: number }> = fc.record({
  guildId: fc.constantFrom(...usageGuilds),
  channelId: fc.constantFrom('1100000000000000201', '1100000000000000202'),
  userId: fc.constantFrom(...usagePeople),
  modelId: fc.constantFrom('openai/gpt-4o', 'ollama/llama3.2:3b'),
  messageId: fc.option(fc.constant('1200000000000000001'), { nil: null }),
  outcome: fc.constantFrom('complete', 'failed', 'aborted', 'sink-failed'),
  promptTokens: tokens,
  completionTokens: tokens,
  estimated: fc.boolean(),
  // three days, with a weight on the milliseconds either side of each midnight
  answeredAt: fc.oneof(
    fc.integer({ min: firstMidnight, max: firstMidnight + 3 * DAY - 1 }),
    fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: -2, max: 1 })).map(([day, offset]) => firstMidnight + day * DAY + offset),
  ),
});
