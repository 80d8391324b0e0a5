/** One caller waiting for a turn of a budget. */
interface Waiter {
  resolve: () => void;
  /** What it has waited for since (see `TurnWait.since`). */
  since: number;
}

/** How a caller waits for its turn. */
export interface TurnWait {
  /** Aborting it leaves the queue: the wait rejects with its reason and holds no place. */
  signal?: AbortSignal | undefined;
  /**
   * Since when, on the budget's clock, what the turn is for has waited: for a reply, when the
   * oldest text its next write will show arrived. Waiters of a class are served oldest first, so
   * the write whose text has waited longest goes first. Default: now.
   */
  since?: number | undefined;
}

/** The waiter `BudgetQueue.next` chose, and the class it was served in. */
export interface NextTurn {
  /** Gives the waiter its turn. */
  resolve: () => void;
  /** Whether it was served as urgent (waited as one, or was promoted). */
  urgent: boolean;
}

/**
 * The waiters of a two-class budget (`WriteBudget`): urgent ones are served before updates, each
 * class oldest first (by `TurnWait.since`; without it, in arrival order). With
 * `promoteUpdatesAfterMs`, an update that has waited that long joins the urgent class (among the
 * urgent waiters by its age), so a steady stream of urgent turns delays updates by a bounded time
 * instead of starving them. A waiter whose signal aborts leaves the queue.
 */
export class BudgetQueue {
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
  wait(urgent: boolean, options: TurnWait = {}): Promise<void> {
    const { signal } = options;
    return new Promise((resolve, reject) => {
      if (signal?.aborted === true) return reject(signal.reason);
      // updates due before this waiter came are urgent already
      this.#promote();
      const now = this.#now();
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', leave);
          resolve();
        },
        since: Math.min(options.since ?? now, now),
      };
      const leave = () => {
        for (const queue of [this.#urgent, this.#updates]) {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
        }
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', leave, { once: true });
      insertByAge(urgent ? this.#urgent : this.#updates, waiter);
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

  /** Moves the updates that have waited `promoteUpdatesAfterMs` into the urgent class (the oldest are first). */
  #promote(): void {
    const now = this.#now();
    while (this.#updates.length > 0 && now - this.#updates[0]!.since >= this.#promoteAfterMs) insertByAge(this.#urgent, this.#updates.shift()!);
  }
}

/** Puts `waiter` after every waiter of `queue` as old as it or older (most come newest, so the search starts at the back). */
function insertByAge(queue: Waiter[], waiter: Waiter): void {
  let index = queue.length;
  while (index > 0 && queue[index - 1]!.since > waiter.since) index -= 1;
  queue.splice(index, 0, waiter);
}
