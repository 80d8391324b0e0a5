/**
 * Writing one answer's usage in PostgreSQL (see `../usage-records.ts`): its row and its share of
 * the daily rollup in one statement. A statement is one transaction, and data-modifying WITH
 * clauses all run in it, so the rollup always equals a GROUP BY over the rows, in one round trip.
 */
import type { AnswerUsageInput } from '../usage-records.ts';
import { guildKey } from '../usage-records.ts';
import { utcDay } from '../usage-day.ts';
import { usageRowValues } from '../usage-rows.ts';
import type { PostgresDatabase } from './database.ts';

const RECORD = `
  WITH usage_row AS (
    INSERT INTO answer_usage (guild_id, channel_id, user_id, model_id, message_id, outcome, prompt_tokens, completion_tokens, answered_at, estimated)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  )
  INSERT INTO usage_daily AS daily (guild_id, day, user_id, model_id, answers, prompt_tokens, completion_tokens, estimated_answers)
  VALUES ($11, $12, $3, $4, 1, coalesce($7, 0), coalesce($8, 0), CASE WHEN $10 THEN 1 ELSE 0 END)
  ON CONFLICT (guild_id, day, user_id, model_id) DO UPDATE SET
    answers = daily.answers + 1,
    prompt_tokens = daily.prompt_tokens + EXCLUDED.prompt_tokens,
    completion_tokens = daily.completion_tokens + EXCLUDED.completion_tokens,
    estimated_answers = daily.estimated_answers + EXCLUDED.estimated_answers`;

/** The usage writer; `now` is the store's clock. */
export function postgresUsageRecorder(database: PostgresDatabase, now: () => number): (usage: AnswerUsageInput) => Promise<void> {
  return async (usage) => {
    const answeredAt = usage.answeredAt ?? now();
    await database.query(RECORD, [...usageRowValues(usage, answeredAt), usage.estimated === true, guildKey(usage.guildId), utcDay(answeredAt)]);
  };
}
