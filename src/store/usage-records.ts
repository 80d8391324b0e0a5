/**
 * Writing one answer's usage: its row in `answer_usage` and its share of the daily rollup
 * `usage_daily`, in one transaction, so the rollup the reports and quotas read always equals a
 * GROUP BY over the rows (a test checks it on random histories).
 */
import type { DatabaseSync } from 'node:sqlite';
import type { AnswerUsage } from './answer-records.ts';
import { inTransaction } from './in-transaction.ts';
import { utcDay } from './usage-day.ts';
import { usageRowValues } from './usage-rows.ts';

/** What `recordUsage` takes: a usage row whose time defaults to now and which is reported unless said otherwise. */
export type AnswerUsageInput = Omit<AnswerUsage, 'answeredAt' | 'estimated'> & { answeredAt?: number; estimated?: boolean };

/** The rollup's key for direct messages, which have no server (see migration 8). */
export const DIRECT_MESSAGES_KEY = '';

/** The rollup key of a server, or of the DMs (`null`). */
export function guildKey(guildId: string | null): string {
  return guildId ?? DIRECT_MESSAGES_KEY;
}

/**
 * The usage writer of an open, migrated database; `now` is the store's clock. A call joins the
 * transaction already open on `database` when there is one (the benchmark writes in batches),
 * and otherwise opens its own.
 */
export function usageRecorder(database: DatabaseSync, now: () => number): (usage: AnswerUsageInput) => void {
  const insertRow = database.prepare(
    `INSERT INTO answer_usage (guild_id, channel_id, user_id, model_id, message_id, outcome, prompt_tokens, completion_tokens, answered_at, estimated)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const addToDay = database.prepare(
    `INSERT INTO usage_daily (guild_id, day, user_id, model_id, answers, prompt_tokens, completion_tokens, estimated_answers)
     VALUES (?, ?, ?, ?, 1, ?, ?, ?)
     ON CONFLICT (guild_id, day, user_id, model_id) DO UPDATE SET
       answers = answers + 1,
       prompt_tokens = prompt_tokens + excluded.prompt_tokens,
       completion_tokens = completion_tokens + excluded.completion_tokens,
       estimated_answers = estimated_answers + excluded.estimated_answers`,
  );
  return (usage) => {
    const answeredAt = usage.answeredAt ?? now();
    const estimated = usage.estimated === true ? 1 : 0;
    const write = (): void => {
      insertRow.run(...usageRowValues(usage, answeredAt), estimated);
      addToDay.run(guildKey(usage.guildId), utcDay(answeredAt), usage.userId, usage.modelId, usage.promptTokens ?? 0, usage.completionTokens ?? 0, estimated);
    };
    if (database.isTransaction) write();
    else inTransaction(database, write);
  };
}
