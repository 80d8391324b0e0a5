import type { Clock } from '../model/clock.ts';
import { BudgetQueue, type TurnWait } from '../reply/budget-queue.ts';
import type { WriteBudget } from '../reply/write-budget.ts';
import { RedisSlots, type SlotAnswer } from './redis-slots.ts';

/** Where a shared budget says it lost Redis and found it again. Pino's logger fits. */
export interface BudgetLogger {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** One turn served, for metrics and tests. */
export interface GrantedTurn {
  /** The class of the waiter served. */
  urgent: boolean;
  /** `shared`: a slot of Redis's budget; `local`: of this process's share while Redis is out of reach. */
  source: 'shared' | 'local';
  /** `clock.now()` when the turn was served. */
  at: number;
  /** For a shared slot: its time on Redis's clock, in ms since the epoch (µs precision). */
  slotAtMs?: number;
}

/** Options of `SharedWriteGate`. */
export interface SharedWriteGateOptions {
  /** REDIS_URL; never logged. */
  redisUrl: string;
  /** The budget's Redis key, the same in every process of the bot (and only of that bot). */
  key: string;
  /** The budget of every process together. */
  writesPerSecond: number;
  /**
   * How many processes share the budget: while Redis is out of reach, this process keeps to
   * `writesPerSecond / expectedProcesses` on its own. Default 1.
   */
  expectedProcesses?: number;
  /** Paces the local share and times the waits Redis asks for. */
  clock: Clock;
  logger: BudgetLogger;
  /** How long one request to Redis may take before the gate falls back. Default 500 ms. */
  redisTimeoutMs?: number;
  /** How often, at most, a gate that fell back tries Redis again. Default 1000 ms. */
  retryRedisAfterMs?: number;
  /** Called for every turn served. */
  onGrant?: (turn: GrantedTurn) => void;
  /**
   * Whether slots reserved for this process that come due together are used one at a time: for a
   * budget that must hold in every second, not only on average. Reserved slots come due a slot or
   * more apart; several at once mean this process stalled past them (a long task, a starved CPU),
   * and sending them all at once would bunch them with the other processes' next slots. The first
   * goes; the waiters of the others ask again. Default false.
   */
  dropBunchedSlots?: boolean;
  /**
   * An update that has waited this long becomes urgent (it reserves a slot, and takes its place
   * among this process's urgent waiters by its age): a bound on how long a steady stream of urgent
   * turns can hold updates back. Default: no bound.
   */
  promoteUpdatesAfterMs?: number;
}

type Mode = 'shared' | 'local' | 'closed';

/**
 * A `WriteBudget` shared by every process of the bot through Redis (see `TAKE_SLOT_SCRIPT`):
 * the processes' writes together keep to `writesPerSecond`, evenly spaced, and the urgent writes
 * of any process go ahead of every process's updates.
 *
 * In this process, waiters queue per class (`BudgetQueue`: oldest first) and a turn that comes
 * goes to the first urgent waiter, else the first update. Each class has at most one request to
 * Redis under way (not one per waiter): the urgent class reserves one slot at a time while it has
 * waiters without one; the update class asks for a free slot and, told when the next one is,
 * asks again then.
 *
 * When Redis cannot be reached (it fails or takes over `redisTimeoutMs`), replies neither hang nor
 * burst: the gate logs once and serves its waiters on its local share, evenly spaced, trying Redis
 * again at most every `retryRedisAfterMs` while waiters remain; when Redis answers, it says so
 * and goes back to it.
 */
export class SharedWriteGate implements WriteBudget {
  readonly #key: string;
  readonly #perSecond: number;
  readonly #localIntervalMs: number;
  readonly #slotMs: number;
  readonly #dropBunchedSlots: boolean;
  #lastReservedServedAt = Number.NEGATIVE_INFINITY;
  readonly #clock: Clock;
  readonly #logger: BudgetLogger;
  readonly #retryRedisAfterMs: number;
  readonly #onGrant: ((turn: GrantedTurn) => void) | undefined;
  readonly #slots: RedisSlots;
  readonly #queue: BudgetQueue;
  /** Slots Redis reserved for this process that have not come yet. */
  readonly #reservations = new Set<unknown>();
  #mode: Mode = 'shared';
  #askingUrgent = false;
  #askingUpdate = false;
  #updateRetry: unknown;
  #localTimer: unknown;
  #nextLocalAt = Number.NEGATIVE_INFINITY;
  #probing = false;
  #probeAt = 0;

  constructor(options: SharedWriteGateOptions) {
    const processes = options.expectedProcesses ?? 1;
    if (!(options.writesPerSecond > 0 && Number.isFinite(options.writesPerSecond))) throw new RangeError('writesPerSecond must be a positive number');
    if (!(Number.isInteger(processes) && processes >= 1)) throw new RangeError('expectedProcesses must be a whole number from 1');
    this.#key = options.key;
    this.#perSecond = options.writesPerSecond;
    this.#localIntervalMs = (1000 * processes) / options.writesPerSecond;
    this.#slotMs = 1000 / options.writesPerSecond;
    this.#dropBunchedSlots = options.dropBunchedSlots ?? false;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#retryRedisAfterMs = options.retryRedisAfterMs ?? 1000;
    this.#onGrant = options.onGrant;
    this.#queue = new BudgetQueue({ now: () => options.clock.now(), ...(options.promoteUpdatesAfterMs === undefined ? {} : { promoteUpdatesAfterMs: options.promoteUpdatesAfterMs }) });
    this.#slots = new RedisSlots({ url: options.redisUrl, timeoutMs: options.redisTimeoutMs ?? 500 });
  }

  get waiting(): number {
    return this.#queue.waiting;
  }

  waitForTurn(urgent = false, wait?: TurnWait): Promise<void> {
    const turn = this.#queue.wait(urgent, wait);
    this.#pump();
    return turn;
  }

  /**
   * Stops using Redis and closes its connection. Writes still waiting, or arriving later, are
   * served on the local share, so an answer finishing during shutdown still ends properly.
   */
  async close(): Promise<void> {
    if (this.#mode === 'closed') return;
    this.#mode = 'closed';
    for (const reservation of this.#reservations) this.#clock.clearTimeout(reservation);
    this.#reservations.clear();
    this.#clock.clearTimeout(this.#updateRetry);
    this.#updateRetry = undefined;
    this.#pump();
    await this.#slots.close();
  }

  #pump(): void {
    if (this.#mode !== 'shared') {
      this.#serveLocally();
      this.#probe();
      return;
    }
    if (!this.#askingUrgent && this.#queue.urgent > this.#reservations.size) this.#ask(true);
    const claimed = this.#reservations.size + Number(this.#askingUrgent) + Number(this.#askingUpdate);
    if (!this.#askingUpdate && this.#updateRetry === undefined && this.#queue.updates > 0 && this.waiting > claimed) this.#ask(false);
  }

  #ask(urgent: boolean): void {
    this.#setAsking(urgent, true);
    this.#slots.take({ key: this.#key, perSecond: this.#perSecond, urgent }).then(
      (answer) => {
        this.#setAsking(urgent, false);
        this.#use(answer);
        this.#pump();
      },
      (error: unknown) => {
        this.#setAsking(urgent, false);
        this.#fallBack(error);
        this.#pump();
      },
    );
  }

  #setAsking(urgent: boolean, asking: boolean): void {
    if (urgent) this.#askingUrgent = asking;
    else this.#askingUpdate = asking;
  }

  #use(answer: SlotAnswer): void {
    if (answer.granted && answer.waitMs <= 0) return this.#serve('shared', answer.slotAtMs);
    // a gate that fell back meanwhile serves its waiters locally: a wait Redis asked for is moot
    if (this.#mode !== 'shared') return;
    if (!answer.granted) {
      // asked again when the next slot may be free, or sooner when an update is due to become urgent
      this.#updateRetry = this.#clock.setTimeout(
        () => {
          this.#updateRetry = undefined;
          this.#pump();
        },
        Math.min(answer.retryAfterMs, this.#queue.msUntilPromotion()),
      );
      return;
    }
    const reservation = this.#clock.setTimeout(() => {
      this.#reservations.delete(reservation);
      this.#serveReserved(answer.slotAtMs);
      this.#pump();
    }, answer.waitMs);
    this.#reservations.add(reservation);
  }

  /** Serves a reserved slot that came due, unless it came with others at once and `dropBunchedSlots` says so. */
  #serveReserved(slotAtMs: number): void {
    const now = this.#clock.now();
    // half a slot: two slots of this process side by side still go, their timers' jitter allowed for
    if (this.#dropBunchedSlots && now - this.#lastReservedServedAt < this.#slotMs / 2) return;
    this.#lastReservedServedAt = now;
    this.#serve('shared', slotAtMs);
  }

  /** Gives a turn to the first urgent waiter, else the first update (none: the slot goes unused). */
  #serve(source: GrantedTurn['source'], slotAtMs?: number): void {
    const next = this.#queue.next();
    if (next === undefined) return;
    this.#onGrant?.({ urgent: next.urgent, source, at: this.#clock.now(), ...(slotAtMs === undefined ? {} : { slotAtMs }) });
    next.resolve();
  }

  #fallBack(error: unknown): void {
    this.#probeAt = this.#clock.now() + this.#retryRedisAfterMs;
    if (this.#mode !== 'shared') return;
    this.#mode = 'local';
    this.#clock.clearTimeout(this.#updateRetry);
    this.#updateRetry = undefined;
    this.#logger.warn(
      { err: error, budget: this.#key, localPerSecond: 1000 / this.#localIntervalMs },
      'Redis is out of reach: this process keeps to its share of the Discord budget until it is back',
    );
  }

  /** Serves the waiters no reserved slot will serve, evenly spaced at the local share. */
  #serveLocally(): void {
    if (this.#localTimer !== undefined) return;
    while (this.waiting > this.#reservations.size) {
      const now = this.#clock.now();
      if (this.#nextLocalAt > now) {
        this.#localTimer = this.#clock.setTimeout(() => {
          this.#localTimer = undefined;
          this.#pump();
        }, this.#nextLocalAt - now);
        return;
      }
      this.#nextLocalAt = Math.max(now, this.#nextLocalAt) + this.#localIntervalMs;
      this.#serve('local');
    }
  }

  /** While waiters remain, tries Redis again now and then; once it answers, uses it again. */
  #probe(): void {
    if (this.#mode !== 'local' || this.#probing || this.waiting === 0 || this.#clock.now() < this.#probeAt) return;
    this.#probing = true;
    this.#slots.ping().then(
      () => {
        this.#probing = false;
        if (this.#mode !== 'local') return;
        this.#mode = 'shared';
        this.#clock.clearTimeout(this.#localTimer);
        this.#localTimer = undefined;
        this.#logger.info({ budget: this.#key }, 'Redis is back: the Discord budget is shared again');
        this.#pump();
      },
      () => {
        this.#probing = false;
        this.#probeAt = this.#clock.now() + this.#retryRedisAfterMs;
      },
    );
  }
}
