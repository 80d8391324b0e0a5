import type { Clock } from '../model/clock.ts';
import { BudgetQueue, type TurnWait } from './budget-queue.ts';
import type { WriteBudget } from './write-budget.ts';

/**
 * A budget of writes per second shared by every reply, granted in order (see `BudgetQueue`) and
 * evenly spaced (never in bursts). Discord limits each bot to 50 requests per second in all;
 * replies that each pace themselves well can still exceed that together, and then their writes
 * wait in discord.js's queue carrying text that grows stale. Through the gate they wait for a
 * turn first and choose their text when it comes (see `MessageSink.waitForTurn`).
 */
export class WriteGate implements WriteBudget {
  readonly #intervalMs: number;
  readonly #clock: Clock;
  /**
   * Replies' first and final writes are served before updates: a busy bot still shows at once
   * that it is answering, and finishes answers without delay; only the in-between updates wait.
   */
  readonly #queue: BudgetQueue;
  #nextGrantAt = 0;
  #timerArmed = false;

  /**
   * `promoteUpdatesAfterMs`: an update that has waited this long is served as urgent (see
   * `BudgetQueue`); by default updates wait for as long as urgent turns keep coming.
   */
  constructor(options: { writesPerSecond: number; clock: Clock; promoteUpdatesAfterMs?: number }) {
    if (!(options.writesPerSecond > 0 && Number.isFinite(options.writesPerSecond))) throw new RangeError('writesPerSecond must be a positive number');
    this.#intervalMs = 1000 / options.writesPerSecond;
    this.#clock = options.clock;
    this.#queue = new BudgetQueue({ now: () => options.clock.now(), ...(options.promoteUpdatesAfterMs === undefined ? {} : { promoteUpdatesAfterMs: options.promoteUpdatesAfterMs }) });
  }

  /** Writes waiting for a turn. */
  get waiting(): number {
    return this.#queue.waiting;
  }

  /**
   * Resolves when it is this caller's turn to write. `urgent` writes (a reply's first or final
   * one) go ahead of updates; each kind is served in arrival order.
   */
  waitForTurn(urgent = false, wait?: TurnWait): Promise<void> {
    const turn = this.#queue.wait(urgent, wait);
    this.#grant();
    return turn;
  }

  #grant(): void {
    if (this.#timerArmed) return;
    while (this.waiting > 0) {
      const now = this.#clock.now();
      if (this.#nextGrantAt > now) {
        this.#timerArmed = true;
        this.#clock.setTimeout(() => {
          this.#timerArmed = false;
          this.#grant();
        }, Math.ceil(this.#nextGrantAt - now));
        return;
      }
      this.#nextGrantAt = Math.max(now, this.#nextGrantAt) + this.#intervalMs;
      this.#queue.next()?.resolve();
    }
  }
}
