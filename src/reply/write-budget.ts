import type { TurnWait } from './budget-queue.ts';

/**
 * A budget of message writes per second shared by every reply, in two classes: urgent writes (a
 * reply's first and final ones) are served before the in-between updates, each class oldest text
 * first, and turns are evenly spaced (never in bursts). A reply waits for its turn before it
 * chooses its text, so the write carries the newest text (see `MessageSink.waitForTurn`).
 *
 * `WriteGate` keeps the budget in one process; `SharedWriteGate` (src/discord-budget/) shares it
 * with every process of the bot through Redis.
 */
export interface WriteBudget {
  /** Writes waiting for a turn in this process. */
  readonly waiting: number;
  /**
   * Resolves when it is this caller's turn to write; `urgent` writes go ahead of updates, and
   * within a class the oldest first (`wait.since`). Rejects with `wait.signal`'s reason when it
   * aborts first: the caller then holds no turn and no place (an update that became a final
   * write asks again, as urgent).
   */
  waitForTurn(urgent?: boolean, wait?: TurnWait): Promise<void>;
}
