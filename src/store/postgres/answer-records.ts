/**
 * What the PostgreSQL store keeps about answers once written (see `../answer-records.ts`): each
 * one's token usage and, for a while, the reasoning behind it.
 */
import type { Asynchronous } from '../store-port.ts';
import type { AnswerRecords } from '../answer-records.ts';
import { toAnswerUsage, toKeptReasoning } from '../usage-rows.ts';
import type { PostgresDatabase } from './database.ts';
import { postgresUsageRecorder } from './usage-records.ts';

const USAGE_COLUMNS = 'guild_id, channel_id, user_id, model_id, message_id, outcome, prompt_tokens, completion_tokens, answered_at, estimated';
// two statements rather than IS NOT DISTINCT FROM, which no index serves: the DMs' rows have no server
const USAGE_OF_GUILD = `SELECT ${USAGE_COLUMNS} FROM answer_usage WHERE guild_id = $1 AND answered_at >= $2 AND answered_at < $3 ORDER BY answered_at, usage_id`;
const USAGE_OF_DIRECT_MESSAGES = `SELECT ${USAGE_COLUMNS} FROM answer_usage WHERE guild_id IS NULL AND answered_at >= $1 AND answered_at < $2 ORDER BY answered_at, usage_id`;
const KEEP_REASONING = `INSERT INTO answer_reasoning (message_id, reasoning, kept_at, expires_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (message_id) DO UPDATE SET reasoning = EXCLUDED.reasoning, kept_at = EXCLUDED.kept_at, expires_at = EXCLUDED.expires_at`;
const KEPT_REASONING = 'SELECT reasoning, kept_at, expires_at FROM answer_reasoning WHERE message_id = $1 AND expires_at > $2';
const PURGE_EXPIRED = 'DELETE FROM answer_reasoning WHERE expires_at <= $1';

/** The answer records; `now` is the store's clock. */
export function postgresAnswerRecords(database: PostgresDatabase, now: () => number): Asynchronous<AnswerRecords> {
  return {
    recordUsage: postgresUsageRecorder(database, now),
    async usageOfGuild(guildId, range = {}) {
      const from = range.from ?? 0;
      const to = range.to ?? Number.MAX_SAFE_INTEGER;
      const { rows } = guildId === null ? await database.query(USAGE_OF_DIRECT_MESSAGES, [from, to]) : await database.query(USAGE_OF_GUILD, [guildId, from, to]);
      return rows.map((row) => toAnswerUsage(row, row['estimated'] === true));
    },
    async keepReasoning(messageId, reasoning, keepForMs) {
      const keptAt = now();
      await database.query(KEEP_REASONING, [messageId, reasoning, keptAt, keptAt + keepForMs]);
    },
    async keptReasoning(messageId) {
      const row = (await database.query(KEPT_REASONING, [messageId, now()])).rows[0];
      return row === undefined ? undefined : toKeptReasoning(row);
    },
    async purgeExpiredReasoning() {
      return (await database.query(PURGE_EXPIRED, [now()])).rowCount;
    },
  };
}
