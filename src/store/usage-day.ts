/**
 * The days usage is counted by: UTC calendar days written `YYYY-MM-DD`, the same for every
 * server and person wherever they live, so a quota resets for everyone at one instant and a
 * report's days line up across servers.
 */

const DAY_MS = 24 * 60 * 60_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The UTC day of an instant (ms since the epoch). Agrees with the SQL the migration backfills
 * with, `strftime('%Y-%m-%d', answered_at / 1000, 'unixepoch')` (a test holds them together).
 */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The first instant of the UTC day after the one `epochMs` falls in: when a day's quota resets. */
export function nextUtcMidnight(epochMs: number): number {
  return (Math.floor(epochMs / DAY_MS) + 1) * DAY_MS;
}

/** Whether `text` is a real calendar day written `YYYY-MM-DD` (`2026-02-30` is not). */
export function isUtcDay(text: string): boolean {
  if (!DAY_PATTERN.test(text)) return false;
  const start = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(start) && utcDay(start) === text;
}

/** The day `count` days after `day` (before it when negative). */
export function addDays(day: string, count: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + count * DAY_MS);
}
