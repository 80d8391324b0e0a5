import type { Clock } from '../model/clock.ts';
import type { AnswerRecords } from './answer-records.ts';

/** A day, the pace of the purge: reasoning is kept for whole days. */
export const REASONING_PURGE_INTERVAL_MS = 24 * 60 * 60_000;

/** What `purgeReasoningDaily` needs. */
export interface ReasoningPurgeOptions {
  /** Where the reasoning is kept. */
  records: Pick<AnswerRecords, 'purgeExpiredReasoning'>;
  /** The timers (the bot's `systemClock`; a `ManualClock` in tests). */
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** Told how many rows each purge deleted, or why it failed. */
  onPurged(deleted: number): void;
  onFailed(error: unknown): void;
  /** Time between purges. Default a day. */
  intervalMs?: number;
}

/**
 * Deletes expired reasoning now (at start-up) and then every day, so the database holds none
 * past its retention even when nobody presses a button. Expired rows are never shown in
 * between either: the store's read checks the expiry itself. Returns what stops the schedule.
 */
export function purgeReasoningDaily(options: ReasoningPurgeOptions): { stop(): void } {
  const intervalMs = options.intervalMs ?? REASONING_PURGE_INTERVAL_MS;
  let handle: unknown;
  let stopped = false;
  const purge = (): void => {
    try {
      options.onPurged(options.records.purgeExpiredReasoning());
    } catch (error) {
      // a failing disk must not end the schedule: the next day tries again
      options.onFailed(error);
    }
    if (!stopped) handle = options.clock.setTimeout(purge, intervalMs);
  };
  purge();
  return {
    stop() {
      stopped = true;
      options.clock.clearTimeout(handle);
    },
  };
}
