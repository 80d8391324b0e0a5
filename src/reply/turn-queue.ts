/** One caller waiting for a turn of a budget. */
interface Waiter {
  resolve: () => void;
  /** `now()` when it began to wait. */
  since: number;
}

/** The waiter `TurnQueue.next` chose, and the class it was served in. */
export interface NextTurn {
  /** Gives the waiter its turn. */
  resolve: () => void;
  /** Whether it was served as urgent (waited as one, or was promoted). */
  urgent: boolean;
}

/**
 * The waiters of a two-class budget (`WriteBudget`): urgent ones are served before updates, each
 * class in arrival order. With `promoteUpdatesAfterMs`, an update that has waited that long joins
 * the back of the urgent class, so a steady stream of urgent turns delays updates by a bounded
 * time instead of starving them. A waiter whose signal aborts leaves the queue.
 */
export class TurnQueue {
  readonly #urgent: Waiter[] = [];
  readonly #updates: Waiter[] = [];
  readonly #now: () => number;
  readonly #promoteAfterMs: number;

  constructor(options: { now: () => number; promoteUpdatesAfterMs?: number }) {
    const promoteAfterMs = options.promoteUpdatesAfterMs ?? Number.POSITIVE_INFINITY;
    if (!(promoteAfterMs >= 0)) throw new RangeError('promoteUpdatesAfterMs must be a number ≥ 0');
    this.#now = options.now;
    this.#promoteAfterMs = promoteAfterMs;
  }

  /** Waiters of both classes. */
  get waiting(): number {
    return this.#urgent.length + this.#updates.length;
  }

  /** Urgent waiters, the promoted updates among them. */
  get urgent(): number {
    this.#promote();
    return this.#urgent.length;
  }

  /** Update waiters not promoted yet. */
  get updates(): number {
    this.#promote();
    return this.#updates.length;
  }

  /** Milliseconds until the first update is promoted: infinite when none waits or none ever is. */
  msUntilPromotion(): number {
    const first = this.#updates[0];
    return first === undefined ? Number.POSITIVE_INFINITY : Math.max(0, first.since + this.#promoteAfterMs - this.#now());
  }

  /**
   * Joins the queue: resolves when `next` gives this waiter its turn, or rejects with the
   * signal's reason when it aborts first (the waiter then holds no place).
   */
  wait(urgent: boolean, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted === true) return reject(signal.reason);
      // updates due before this waiter came go ahead of it
      this.#promote();
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', leave);
          resolve();
        },
        since: this.#now(),
      };
      const leave = () => {
        for (const queue of [this.#urgent, this.#updates]) {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
        }
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', leave, { once: true });
      (urgent ? this.#urgent : this.#updates).push(waiter);
    });
  }

  /** Takes the waiter whose turn it is: the first urgent one, else the first update. */
  next(): NextTurn | undefined {
    this.#promote();
    const urgent = this.#urgent.shift();
    if (urgent !== undefined) return { resolve: urgent.resolve, urgent: true };
    const update = this.#updates.shift();
    return update === undefined ? undefined : { resolve: update.resolve, urgent: false };
  }

  /** Moves the updates that have waited `promoteUpdatesAfterMs` to the back of the urgent class (the oldest are first). */
  #promote(): void {
    const now = this.#now();
    while (this.#updates.length > 0 && now - this.#updates[0]!.since >= this.#promoteAfterMs) this.#urgent.push(this.#updates.shift()!);
  }
}
