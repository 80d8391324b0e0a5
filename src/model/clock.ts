/**
 * The one time source of every layer: the reply streamer's pacing, the provider watchdogs and
 * their first-token deadline, retry back-off. Injected so that tests and the benchmarks can run
 * on simulated time (`ManualClock`); the bot and the CLI use `systemClock`.
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

/** Waits `delayMs` on `clock`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>, delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
