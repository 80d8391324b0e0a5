/**
 * Runs the handlers of each channel's events one after another, in the order the events
 * arrived. A handler now awaits the store before it queues a turn; without this, two messages of
 * one thread whose lookups come back out of order (PostgreSQL answers over a pool of connections)
 * would queue their turns in the wrong order. Channels do not wait for each other.
 */
export class InArrivalOrder {
  readonly #tails = new Map<string, Promise<void>>();
  readonly #onError: (error: unknown, key: string) => void;

  /** `onError` hears each handler that failed; the next handler of its channel runs anyway. */
  constructor(onError: (error: unknown, key: string) => void) {
    this.#onError = onError;
  }

  /** Resolves once every handler, of every channel, has settled (those queued meanwhile too). */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.allSettled([...this.#tails.values()]);
  }

  /** Runs `work` once every earlier handler of `key` has settled. */
  run(key: string, work: () => Promise<void>): void {
    const tail = (this.#tails.get(key) ?? Promise.resolve()).then(work).catch((error: unknown) => this.#onError(error, key));
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
  }
}
