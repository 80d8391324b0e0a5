/**
 * Reading usage in PostgreSQL (see `../usage-report.ts`): `/usage`'s figures and the tokens a
 * quota counts, from the daily rollup only. A report's three reads share one REPEATABLE READ
 * snapshot, so its days, models and people add up to the same totals even while other
 * processes write usage.
 */
import type { Asynchronous } from '../store-port.ts';
import { TOP_USERS, type UsageReports } from '../usage-report.ts';
import { guildKey } from '../usage-records.ts';
import { checkedRange, dayFigures, modelFigures, sumOf, userFigures } from '../usage-figures.ts';
import type { PostgresDatabase } from './database.ts';

// sum() of BIGINT is NUMERIC in PostgreSQL: cast back so that pg hands over numbers
const FIGURES = `sum(answers)::bigint AS answers, sum(prompt_tokens)::bigint AS prompt_tokens, sum(completion_tokens)::bigint AS completion_tokens,
  sum(prompt_tokens + completion_tokens)::bigint AS tokens, sum(estimated_answers)::bigint AS estimated_answers`;

/** The SQL of each read, by name (the same reads as SQLite's `USAGE_QUERIES`, numbered parameters). */
const POSTGRES_USAGE_QUERIES = {
  /** A server's days: $1 guild key, $2 from day, $3 to day. */
  serverDays: `SELECT day, ${FIGURES} FROM usage_daily WHERE guild_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day ORDER BY day`,
  serverModels: `SELECT model_id, ${FIGURES} FROM usage_daily WHERE guild_id = $1 AND day BETWEEN $2 AND $3 GROUP BY model_id ORDER BY tokens DESC, model_id`,
  serverTopUsers: `SELECT user_id, ${FIGURES} FROM usage_daily WHERE guild_id = $1 AND day BETWEEN $2 AND $3 GROUP BY user_id ORDER BY tokens DESC, user_id LIMIT ${TOP_USERS}`,
  /** A person's days: $1 user id, $2 from day, $3 to day, $4 true for every server, $5 guild key. */
  personDays: `SELECT day, ${FIGURES} FROM usage_daily WHERE user_id = $1 AND day BETWEEN $2 AND $3 AND ($4::boolean OR guild_id = $5) GROUP BY day ORDER BY day`,
  personModels: `SELECT model_id, ${FIGURES} FROM usage_daily WHERE user_id = $1 AND day BETWEEN $2 AND $3 AND ($4::boolean OR guild_id = $5) GROUP BY model_id ORDER BY tokens DESC, model_id`,
  /** A server's tokens on a day: $1 guild key, $2 day. */
  serverTokensOn: 'SELECT coalesce(sum(prompt_tokens + completion_tokens), 0)::bigint AS tokens FROM usage_daily WHERE guild_id = $1 AND day = $2',
  /** A person's tokens in a server (or the DMs) on a day: $1 guild key, $2 day, $3 user id. */
  personTokensOn: 'SELECT coalesce(sum(prompt_tokens + completion_tokens), 0)::bigint AS tokens FROM usage_daily WHERE guild_id = $1 AND day = $2 AND user_id = $3',
} as const;

const SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** The usage reads. */
export function postgresUsageReports(database: PostgresDatabase): Asynchronous<UsageReports> {
  const queries = POSTGRES_USAGE_QUERIES;
  return {
    async usageReport(guildId, range) {
      const parameters = [guildKey(guildId), ...checkedRange(range)];
      return database.transaction(async (connection) => {
        const days = (await connection.query(queries.serverDays, parameters)).rows.map(dayFigures);
        const models = (await connection.query(queries.serverModels, parameters)).rows.map(modelFigures);
        const topUsers = (await connection.query(queries.serverTopUsers, parameters)).rows.map(userFigures);
        return { days, models, topUsers, totals: sumOf(days) };
      }, SNAPSHOT);
    },
    async personUsage(userId, range) {
      const everywhere = range.guildId === undefined;
      const parameters = [userId, ...checkedRange(range), everywhere, everywhere ? '' : guildKey(range.guildId ?? null)];
      return database.transaction(async (connection) => {
        const days = (await connection.query(queries.personDays, parameters)).rows.map(dayFigures);
        const models = (await connection.query(queries.personModels, parameters)).rows.map(modelFigures);
        return { days, models, totals: sumOf(days) };
      }, SNAPSHOT);
    },
    async tokensUsedOn(day, scope) {
      const { rows } =
        scope.userId === undefined
          ? await database.query(queries.serverTokensOn, [guildKey(scope.guildId), day])
          : await database.query(queries.personTokensOn, [guildKey(scope.guildId), day, scope.userId]);
      return Number(rows[0]?.['tokens'] ?? 0);
    },
  };
}
