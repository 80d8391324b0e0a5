/**
 * The figures of `/usage` from the rollup's aggregate rows, for both backends: each row's sums as
 * numbers (PostgreSQL's BIGINT may come as a string), a range's totals added up from its days,
 * and the check of a range's ends before any query runs.
 */
import type { DayRange, UsageFigures } from './usage-report.ts';
import { isUtcDay } from './usage-day.ts';

/**
 * The range's two days, in the order the queries bind them.
 *
 * @throws RangeError when a day is not a calendar day written `YYYY-MM-DD`.
 */
export function checkedRange(range: DayRange): [string, string] {
  for (const day of [range.fromDay, range.toDay]) {
    if (!isUtcDay(day)) throw new RangeError(`not a day written YYYY-MM-DD: "${day}"`);
  }
  return [range.fromDay, range.toDay];
}

/** The sums of one aggregate row (columns answers, prompt_tokens, completion_tokens, tokens, estimated_answers). */
export function figures(row: Record<string, unknown>): UsageFigures {
  return {
    answers: Number(row['answers']),
    promptTokens: Number(row['prompt_tokens']),
    completionTokens: Number(row['completion_tokens']),
    tokens: Number(row['tokens']),
    estimatedAnswers: Number(row['estimated_answers']),
  };
}

/** A row grouped by day, with its figures. */
export function dayFigures(row: Record<string, unknown>): { day: string } & UsageFigures {
  return { day: String(row['day']), ...figures(row) };
}

/** A row grouped by model, with its figures. */
export function modelFigures(row: Record<string, unknown>): { modelId: string } & UsageFigures {
  return { modelId: String(row['model_id']), ...figures(row) };
}

/** A row grouped by person, with its figures. */
export function userFigures(row: Record<string, unknown>): { userId: string } & UsageFigures {
  return { userId: String(row['user_id']), ...figures(row) };
}

/** The figures added up: a range's totals from its days (every answer falls on one day). */
export function sumOf(entries: readonly UsageFigures[]): UsageFigures {
  const totals: UsageFigures = { answers: 0, promptTokens: 0, completionTokens: 0, tokens: 0, estimatedAnswers: 0 };
  for (const entry of entries) {
    totals.answers += entry.answers;
    totals.promptTokens += entry.promptTokens;
    totals.completionTokens += entry.completionTokens;
    totals.tokens += entry.tokens;
    totals.estimatedAnswers += entry.estimatedAnswers;
  }
  return totals;
}
