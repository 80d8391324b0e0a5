interface PendingTurn {
  run: () => Promise<void>;
  /** Whether a later foldable turn may take its place. */
  foldable: boolean;
}

/**
 * One answer at a time per conversation. A turn requested while one is running is not run in
 * parallel. Message turns are folded into a single follow-up run, which rebuilds the history and
 * so answers every message that arrived meanwhile at once; enqueued turns (an `/ask` waiting
 * with its own reply) each run in order. Never two interleaved answers in a thread.
 *
 * A folded follow-up runs even when the turn before it already read, and answered, every
 * message that asked for it (they all arrived before that turn read the thread): the queue
 * knows no messages, so the turn itself checks that there is something new (`awaitsAnswer`).
 */
export class TurnQueue {
  readonly #running = new Map<string, Promise<void>>();
  readonly #pending = new Map<string, PendingTurn[]>();
  readonly #onError: (error: unknown, key: string) => void;

  /** `onError` hears failures of turns (they never reject into the caller). */
  constructor(onError: (error: unknown, key: string) => void) {
    this.#onError = onError;
  }

  /** Runs a foldable turn now, or once the running turn of `key` ends; waiting ones fold into one. */
  request(key: string, turn: () => Promise<void>): void {
    this.#add(key, { run: turn, foldable: true });
  }

  /**
   * Runs `turn` now, or after the turns of `key` already waiting; it is never folded away.
   * Resolves with what `turn` returns once it has run, or rejects with its failure (which then
   * goes to the caller, not to `onError`).
   */
  enqueue<T>(key: string, turn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#add(key, {
        run: async () => {
          try {
            resolve(await turn());
          } catch (error) {
            reject(error);
          }
        },
        foldable: false,
      });
    });
  }

  #add(key: string, turn: PendingTurn): void {
    if (!this.#running.has(key)) return this.#start(key, turn.run);
    const waiting = this.#pending.get(key) ?? [];
    const folded = turn.foldable ? waiting.find((pending) => pending.foldable) : undefined;
    if (folded !== undefined) folded.run = turn.run;
    else waiting.push(turn);
    this.#pending.set(key, waiting);
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
      const waiting = this.#pending.get(key);
      const next = waiting?.shift();
      if (waiting?.length === 0) this.#pending.delete(key);
      if (next !== undefined) this.#start(key, next.run);
    });
  }
}
