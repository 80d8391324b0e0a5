/**
 * Reading usage: the figures `/usage` shows for a server or a person over a range of UTC days,
 * and the tokens a quota counts. Every query reads the daily rollup `usage_daily` by its primary
 * key (server, day, …) or its person index (person, day), never `answer_usage`, so a report over
 * 90 days of a busy server reads that server's rollup rows only (`npm run bench -- usage`).
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { guildKey } from './usage-records.ts';
import { checkedRange, dayFigures, modelFigures, sumOf, userFigures } from './usage-figures.ts';

/** A range of UTC days, both ends included, each `YYYY-MM-DD`. */
export interface DayRange {
  fromDay: string;
  toDay: string;
}

/** What a set of answers cost. */
export interface UsageFigures {
  /** Answers written (every outcome: a failed or stopped answer counts as one). */
  answers: number;
  /** Prompt tokens, reported or estimated; answers whose counts are unknown add none. */
  promptTokens: number;
  /** Completion tokens, likewise. */
  completionTokens: number;
  /** Prompt and completion tokens together: what reports rank by and quotas count. */
  tokens: number;
  /** How many of the answers have estimated counts (their provider reported none). */
  estimatedAnswers: number;
}

/** A server's usage over a range of days. */
export interface UsageReport {
  /** One entry per day that had answers, oldest first (days without any are left out). */
  days: Array<{ day: string } & UsageFigures>;
  /** One entry per model used, most tokens first. */
  models: Array<{ modelId: string } & UsageFigures>;
  /** The ten people who used the most tokens, most first (ties by user id). */
  topUsers: Array<{ userId: string } & UsageFigures>;
  /** The whole range. */
  totals: UsageFigures;
}

/** A person's usage over a range of days. */
export interface PersonUsage {
  /** One entry per day that had answers, oldest first. */
  days: Array<{ day: string } & UsageFigures>;
  /** One entry per model used, most tokens first. */
  models: Array<{ modelId: string } & UsageFigures>;
  /** The whole range. */
  totals: UsageFigures;
}

/** How many people a report ranks. */
export const TOP_USERS = 10;

const FIGURES = `sum(answers) AS answers, sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens,
  sum(prompt_tokens + completion_tokens) AS tokens, sum(estimated_answers) AS estimated_answers`;

/**
 * The SQL of each read, by name: exported so the benchmark can print each one's query plan.
 * Parameters are positional, in the order the methods bind them.
 */
export const USAGE_QUERIES = {
  /** A server's days: guild key, from day, to day. Grouped in primary-key order, so no sort. */
  serverDays: `SELECT day, ${FIGURES} FROM usage_daily WHERE guild_id = ? AND day BETWEEN ? AND ? GROUP BY day ORDER BY day`,
  serverModels: `SELECT model_id, ${FIGURES} FROM usage_daily WHERE guild_id = ? AND day BETWEEN ? AND ? GROUP BY model_id ORDER BY tokens DESC, model_id`,
  serverTopUsers: `SELECT user_id, ${FIGURES} FROM usage_daily WHERE guild_id = ? AND day BETWEEN ? AND ? GROUP BY user_id ORDER BY tokens DESC, user_id LIMIT ${TOP_USERS}`,
  /** A person's days: user id, from day, to day, 1 for every server (or 0), guild key. */
  personDays: `SELECT day, ${FIGURES} FROM usage_daily WHERE user_id = ? AND day BETWEEN ? AND ? AND (? = 1 OR guild_id = ?) GROUP BY day ORDER BY day`,
  personModels: `SELECT model_id, ${FIGURES} FROM usage_daily WHERE user_id = ? AND day BETWEEN ? AND ? AND (? = 1 OR guild_id = ?) GROUP BY model_id ORDER BY tokens DESC, model_id`,
  /** A server's tokens on a day: guild key, day. */
  serverTokensOn: 'SELECT coalesce(sum(prompt_tokens + completion_tokens), 0) AS tokens FROM usage_daily WHERE guild_id = ? AND day = ?',
  /** A person's tokens in a server (or the DMs) on a day: guild key, day, user id. */
  personTokensOn: 'SELECT coalesce(sum(prompt_tokens + completion_tokens), 0) AS tokens FROM usage_daily WHERE guild_id = ? AND day = ? AND user_id = ?',
} as const;

/** The store's methods about usage figures (part of `Store`). */
export interface UsageReports {
  /**
   * A server's usage (`null`: the direct messages) over `range`: per day, per model, its top ten
   * people, and totals. A range whose end is before its start is empty.
   *
   * @throws RangeError when a day is not a calendar day written `YYYY-MM-DD`.
   */
  usageReport(guildId: string | null, range: DayRange): UsageReport;
  /**
   * A person's usage over `range`: everywhere, or only in one server (`guildId`; `null`: their
   * direct messages).
   *
   * @throws RangeError when a day is not a calendar day written `YYYY-MM-DD`.
   */
  personUsage(userId: string, range: DayRange & { guildId?: string | null }): PersonUsage;
  /**
   * The tokens (prompt and completion) used on one UTC day in a server (`null`: the DMs), by
   * everyone or by one person there: what a daily quota counts.
   */
  tokensUsedOn(day: string, scope: { guildId: string | null; userId?: string }): number;
}

/** The usage reads of an open, migrated database. */
export function usageReports(database: DatabaseSync): UsageReports {
  const statements = Object.fromEntries(Object.entries(USAGE_QUERIES).map(([name, sql]) => [name, database.prepare(sql)])) as Record<keyof typeof USAGE_QUERIES, StatementSync>;
  return {
    usageReport(guildId, range) {
      const parameters = [guildKey(guildId), ...checkedRange(range)];
      const days = statements.serverDays.all(...parameters).map(dayFigures);
      return {
        days,
        models: statements.serverModels.all(...parameters).map(modelFigures),
        topUsers: statements.serverTopUsers.all(...parameters).map(userFigures),
        totals: sumOf(days),
      };
    },
    personUsage(userId, range) {
      const everywhere = range.guildId === undefined;
      const parameters = [userId, ...checkedRange(range), everywhere ? 1 : 0, everywhere ? '' : guildKey(range.guildId ?? null)];
      const days = statements.personDays.all(...parameters).map(dayFigures);
      return {
        days,
        models: statements.personModels.all(...parameters).map(modelFigures),
        totals: sumOf(days),
      };
    },
    tokensUsedOn(day, scope) {
      const row =
        scope.userId === undefined
          ? statements.serverTokensOn.get(guildKey(scope.guildId), day)
          : statements.personTokensOn.get(guildKey(scope.guildId), day, scope.userId);
      return Number(row?.['tokens'] ?? 0);
    },
  };
}
