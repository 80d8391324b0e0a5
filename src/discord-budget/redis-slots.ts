import { Redis } from 'ioredis';
import { TAKE_SLOT_SCRIPT } from './take-slot-script.ts';

/** What Redis answered to a request for a slot. */
export type SlotAnswer =
  /** A slot is this caller's: now (`waitMs` 0) or, for an urgent request, in `waitMs`. */
  | { granted: true; waitMs: number; slotAtMs: number }
  /** An update found the next slot taken or reserved: ask again in `retryAfterMs`. */
  | { granted: false; retryAfterMs: number };

/** One request for a slot of a budget. */
export interface SlotRequest {
  /** The budget's Redis key: every process sharing the budget uses the same one. */
  key: string;
  /** The budget's rate; slots are `1 / perSecond` apart (rounded up to whole microseconds). */
  perSecond: number;
  /** Urgent requests reserve the next free slot; updates only take a slot that is free now. */
  urgent: boolean;
}

/** Options of `RedisSlots`. */
export interface RedisSlotsOptions {
  /** `redis://[user:password@]host:port[/db]`; never logged. */
  url: string;
  /**
   * How long a request may take, connecting included, before it fails: a budget that cannot
   * reach Redis must fall back to its local share, not hold replies.
   */
  timeoutMs: number;
  /** How long a budget's key outlives its last reserved slot. */
  idleTtlMs?: number;
}

const COMMAND = 'cordialTakeSlot';
const DEFAULT_IDLE_TTL_MS = 60_000;
// reconnecting goes on in the background, at most this far apart, so a budget soon finds Redis back
const MAX_RECONNECT_DELAY_MS = 1000;

// ioredis's own command timeout, as a multiple of the budget's
const BACKSTOP_FACTOR = 10;

type TakeSlotCommand = (key: string, intervalUs: number, urgent: number, idleTtlMs: number) => Promise<unknown>;

/**
 * The slots of shared budgets, taken from Redis through `TAKE_SLOT_SCRIPT` over one connection
 * of its own. Every failure (Redis down, slow, refusing) is a rejected promise within
 * `timeoutMs`; the connection reconnects by itself.
 */
export class RedisSlots {
  readonly #redis: Redis;
  readonly #timeoutMs: number;
  readonly #idleTtlMs: number;

  constructor(options: RedisSlotsOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#idleTtlMs = options.idleTtlMs ?? DEFAULT_IDLE_TTL_MS;
    this.#redis = new Redis(options.url, {
      // a request never waits in a queue for a connection that may not come back, …
      enableOfflineQueue: false,
      // … requests cut off by a lost connection fail at once, …
      maxRetriesPerRequest: 0,
      // … and are not replayed after a reconnect: nobody waits for those slots any more
      autoResendUnfulfilledCommands: false,
      // the budget's own timeout decides (see `answerWithin`); this one only frees the commands
      // of a connection that never answers again
      commandTimeout: options.timeoutMs * BACKSTOP_FACTOR,
      // ioredis waits this long for a socket that may be closed already to say so, holding the
      // process open (2 s by default) after `close()` of a connection that was down
      disconnectTimeout: options.timeoutMs,
      retryStrategy: (attempt) => Math.min(attempt * 50, MAX_RECONNECT_DELAY_MS),
    });
    this.#redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: TAKE_SLOT_SCRIPT });
    // failures reach the callers as rejected requests; the connection's own events would
    // otherwise be printed by ioredis as unhandled
    this.#redis.on('error', () => {});
  }

  /** Asks Redis for a slot. */
  async take(request: SlotRequest): Promise<SlotAnswer> {
    if (!(request.perSecond > 0 && Number.isFinite(request.perSecond))) throw new RangeError(`a budget needs a positive rate, got ${request.perSecond}`);
    await this.#connected();
    const intervalUs = Math.ceil(1_000_000 / request.perSecond);
    const takeSlot = (this.#redis as unknown as Record<typeof COMMAND, TakeSlotCommand>)[COMMAND];
    const reply = await answerWithin(takeSlot.call(this.#redis, request.key, intervalUs, request.urgent ? 1 : 0, this.#idleTtlMs), this.#timeoutMs);
    if (!Array.isArray(reply) || reply.length !== 3 || !reply.every((value) => typeof value === 'number')) {
      throw new Error('unexpected answer from the slot script');
    }
    const [granted, waitUs, slotAtUs] = reply as [number, number, number];
    return granted === 1 ? { granted: true, waitMs: waitUs / 1000, slotAtMs: slotAtUs / 1000 } : { granted: false, retryAfterMs: waitUs / 1000 };
  }

  /** Resolves when Redis answers: whether a budget that fell back may use it again. */
  async ping(): Promise<void> {
    await this.#connected();
    await answerWithin(this.#redis.ping(), this.#timeoutMs);
  }

  /** Closes the connection: politely when it is up, at once otherwise (no reconnecting after). */
  async close(): Promise<void> {
    if (this.#redis.status === 'end') return;
    if (this.#redis.status !== 'ready') return this.#redis.disconnect();
    try {
      await this.#redis.quit();
    } catch {
      this.#redis.disconnect();
    }
  }

  /** Resolves once the connection is up, or rejects after `timeoutMs` (the first connect too). */
  #connected(): Promise<void> {
    const redis = this.#redis;
    if (redis.status === 'ready') return Promise.resolve();
    if (redis.status === 'end') return Promise.reject(new Error('the Redis connection is closed'));
    return new Promise((resolve, reject) => {
      const settle = (error?: Error) => {
        clearTimeout(timer);
        redis.off('ready', onReady);
        redis.off('end', onEnd);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onReady = () => settle();
      const onEnd = () => settle(new Error('the Redis connection is closed'));
      const timer = setTimeout(() => settle(new Error(`Redis did not answer within ${this.#timeoutMs} ms (${redis.status})`)), this.#timeoutMs);
      redis.once('ready', onReady);
      redis.once('end', onEnd);
    });
  }
}

/**
 * Settles as `work` does, or rejects when it has not answered `timeoutMs` after the call. The
 * timer's verdict waits one turn of the event loop (`setImmediate` runs after the loop has read
 * its sockets): when this process stalled longer than the timeout (a long task, a starved CPU),
 * the timer fires before the loop reads an answer Redis sent long ago, and that answer must win.
 * A gate that falls back for nothing serves its local share on top of the shared budget that the
 * other processes still keep, and together they go over Discord's limit.
 */
function answerWithin<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      finish();
    };
    const timer = setTimeout(() => setImmediate(() => settle(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)))), timeoutMs);
    work.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
