/**
 * How many answers each person has being written, so that one person cannot keep the bot (and
 * the provider bill) busy alone: every answer one person asks for (`/ask`, DMs, mentions, replies,
 * "Ask Cordial", Regenerate) claims a place before a model is asked and gives it back when the
 * answer ends. Thread turns need none: each thread answers one at a time.
 */
export class AnswerQuota {
  readonly #limit: number;
  readonly #inUse = new Map<string, number>();

  /** `limit` answers per person at once; 0 for no limit. */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The most answers one person can have being written at once (0: no limit). */
  get limit(): number {
    return this.#limit;
  }

  /**
   * Takes a place for an answer `userId` asked for. Returns the function that gives it back
   * (safe to call twice), or `undefined` when they already have `limit` answers being written.
   */
  claim(userId: string): (() => void) | undefined {
    const inUse = this.#inUse.get(userId) ?? 0;
    if (this.#limit > 0 && inUse >= this.#limit) return undefined;
    this.#inUse.set(userId, inUse + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#inUse.get(userId) ?? 1) - 1;
      if (left > 0) this.#inUse.set(userId, left);
      else this.#inUse.delete(userId);
    };
  }
}
