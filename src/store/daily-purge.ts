import type { Clock } from '../model/clock.ts';

/** A day, the pace of the purges: what is kept is kept for whole days. */
export const DAILY_PURGE_INTERVAL_MS = 24 * 60 * 60_000;

/** What `purgeDaily` needs. */
export interface DailyPurgeOptions {
  /** Deletes what is past its retention now; returns how many rows went. */
  purge(): Promise<number> | number;
  /** The timers (the bot's `systemClock`; a `ManualClock` in tests). */
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** Told how many rows each purge deleted, or why it failed. */
  onPurged(deleted: number): void;
  onFailed(error: unknown): void;
  /** Time between purges. Default a day. */
  intervalMs?: number;
}

/**
 * Runs a purge now (at start-up) and then every day, so the database holds nothing past its
 * retention (reasoning, answer records) even when nobody reads it. Returns what stops the schedule.
 */
export function purgeDaily(options: DailyPurgeOptions): { stop(): void } {
  const intervalMs = options.intervalMs ?? DAILY_PURGE_INTERVAL_MS;
  let handle: unknown;
  let stopped = false;
  const purge = async (): Promise<void> => {
    try {
      options.onPurged(await options.purge());
    } catch (error) {
      // a failing disk must not end the schedule: the next day tries again
      options.onFailed(error);
    }
    if (!stopped) handle = options.clock.setTimeout(() => void purge(), intervalMs);
  };
  void purge();
  return {
    stop() {
      stopped = true;
      options.clock.clearTimeout(handle);
    },
  };
}
