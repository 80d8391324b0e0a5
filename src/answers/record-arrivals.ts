/**
 * Lets a press or a reply wait, briefly, for the record of an answer whose message it already
 * sees. An answer's record is saved when Discord answers the write that created its message;
 * Discord shows that message to everyone at the same moment, and a Regenerate press (or a reply)
 * can reach the bot over the gateway before the write's own answer does.
 */
export class RecordArrivals {
  readonly #waiting = new Map<string, Set<() => void>>();

  /** The answer whose messages include `messageIds` has just been recorded. */
  arrived(messageIds: readonly string[]): void {
    for (const messageId of messageIds) {
      const waiters = this.#waiting.get(messageId);
      if (waiters === undefined) continue;
      this.#waiting.delete(messageId);
      for (const wake of waiters) wake();
    }
  }

  /**
   * Resolves once `lookup()` finds the record (it is asked now, and again when a record of
   * `messageId` arrives), or with `undefined` after `waitMs`. The wait is registered before the
   * first lookup, so a record saved while that lookup is on its way to the database still wakes it.
   */
  async until<T>(messageId: string, lookup: () => Promise<T | undefined>, waitMs: number): Promise<T | undefined> {
    let wake = () => {};
    const arrival = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const waiters = this.#waiting.get(messageId) ?? new Set<() => void>();
    waiters.add(wake);
    this.#waiting.set(messageId, waiters);
    const timer = setTimeout(wake, waitMs);
    try {
      const found = await lookup();
      if (found !== undefined) return found;
      await arrival;
      return await lookup();
    } finally {
      clearTimeout(timer);
      waiters.delete(wake);
      if (waiters.size === 0 && this.#waiting.get(messageId) === waiters) this.#waiting.delete(messageId);
    }
  }
}
