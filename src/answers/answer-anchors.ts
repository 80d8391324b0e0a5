/**
 * A bounded map from a thread answer's first message id to the newest message its turn
 * answered. In memory only: after a restart, answers simply keep Discord's order. The oldest
 * entries go first once `capacity` is reached.
 */
export class AnswerAnchors extends Map<string, string> {
  readonly #capacity: number;

  constructor(capacity: number) {
    super();
    this.#capacity = capacity;
  }

  override set(answerId: string, anchorId: string): this {
    super.set(answerId, anchorId);
    if (this.size > this.#capacity) {
      const oldest = this.keys().next().value;
      if (oldest !== undefined) this.delete(oldest);
    }
    return this;
  }
}
