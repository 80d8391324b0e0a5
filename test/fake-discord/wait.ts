import type { FakeEventBus } from './events.ts';

/** Options of the `waitFor…` helpers. */
export interface WaitOptions {
  /** Give up after this many milliseconds (real time). Default 15000: generous, as it only bounds how long a failing test takes, and CI machines can be slow. */
  timeoutMs?: number;
  /** Named in the timeout error, to say what was awaited. */
  description?: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Resolves with the first truthy value of `check`, evaluated now and after every change the
 * fake reports: no polling, no sleeps. Rejects after the timeout, or when `cancelAll` runs
 * (the fake stopping), so no timer outlives a test.
 */
export class Waiter {
  readonly #events: FakeEventBus;
  readonly #pending = new Set<(reason: Error) => void>();

  constructor(events: FakeEventBus) {
    this.#events = events;
  }

  waitFor<T>(check: () => T | undefined | null | false, options: WaitOptions = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#events.off('change', evaluate);
        this.#pending.delete(cancel);
        outcome();
      };
      const evaluate = (): void => {
        try {
          const value = check();
          if (value) finish(() => resolve(value));
        } catch (error) {
          finish(() => reject(error));
        }
      };
      const cancel = (reason: Error): void => finish(() => reject(reason));
      const timer = setTimeout(() => {
        cancel(new Error(`fake-discord: timed out after ${timeoutMs} ms waiting for ${options.description ?? 'a condition'}`));
      }, timeoutMs);
      this.#pending.add(cancel);
      this.#events.on('change', evaluate);
      evaluate();
    });
  }

  /** Rejects every pending wait. */
  cancelAll(reason: string): void {
    for (const cancel of [...this.#pending]) cancel(new Error(reason));
  }
}
