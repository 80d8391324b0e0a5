/**
 * The time source of the reply streamer. Injected so that tests and the benchmark can run on
 * simulated time; the bot uses `systemClock`.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences matter). */
  now(): number;
  /** Runs `callback` once, `delayMs` from now; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, delayMs: number): unknown;
  /** Cancels a pending `setTimeout`; unknown or spent handles are ignored. */
  clearTimeout(handle: unknown): void;
}

/** Real time: `performance.now()` and Node's timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  // not unref'd: a pending write is work in progress (the CLI's preview waits on it); a finished
  // reply leaves no timer behind
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
