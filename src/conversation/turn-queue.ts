/**
 * One answer at a time per conversation. A turn requested while one is running is not run in
 * parallel: it is folded into a single follow-up run, which rebuilds the history and so answers
 * every message that arrived meanwhile at once — never two interleaved answers in a thread.
 */
export class TurnQueue {
  readonly #running = new Map<string, Promise<void>>();
  readonly #pending = new Map<string, () => Promise<void>>();
  readonly #onError: (error: unknown, key: string) => void;

  /** `onError` hears failures of turns (they never reject into the caller). */
  constructor(onError: (error: unknown, key: string) => void) {
    this.#onError = onError;
  }

  /** Runs `turn` now, or once the running turn of `key` ends (the newest request wins). */
  request(key: string, turn: () => Promise<void>): void {
    if (this.#running.has(key)) {
      this.#pending.set(key, turn);
      return;
    }
    this.#start(key, turn);
  }

  /** Whether a turn of `key` is running. */
  isBusy(key: string): boolean {
    return this.#running.has(key);
  }

  /** Resolves when no turn is running or waiting. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running.values()]);
  }

  #start(key: string, turn: () => Promise<void>): void {
    const run = (async () => {
      try {
        await turn();
      } catch (error) {
        this.#onError(error, key);
      }
    })();
    this.#running.set(key, run);
    void run.then(() => {
      this.#running.delete(key);
      const next = this.#pending.get(key);
      if (next === undefined) return;
      this.#pending.delete(key);
      this.#start(key, next);
    });
  }
}
