/** The timer functions the provider layer uses, injectable so tests can control time. */
export interface Timers {
  /** Starts a one-shot timer. */
  setTimeout(callback: () => void, delayMs: number): unknown;
  /** Cancels a timer started by `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

/** The process's real timers. */
export const systemTimers: Timers = {
  setTimeout(callback, delayMs) {
    return setTimeout(callback, delayMs);
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/** Waits `delayMs`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(timers: Timers, delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
