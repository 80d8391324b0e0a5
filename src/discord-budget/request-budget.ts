/**
 * How a bot process's bot-token requests keep to Discord's global limit: each takes a turn of a
 * request budget (`WriteBudget`: this process's own, or one shared through Redis) before it goes
 * out, and the requests an answer's text waits for go first.
 */
import { DefaultRestOptions, type RESTOptions } from 'discord.js';
import type { Clock } from '../model/clock.ts';
import type { WriteBudget } from '../reply/write-budget.ts';
import { WriteGate } from '../reply/write-gate.ts';

/** `RESTOptions.makeRequest` of `@discordjs/rest`. */
export type MakeRequest = RESTOptions['makeRequest'];

/** A bot client's request budget: its share of Discord's global limit. */
export interface RestBudget {
  /** For `new Client({ rest: { makeRequest, timeout: REST_TIMEOUT_MS } })` of the bot token. */
  makeRequest: MakeRequest;
  /** Closes what the budget holds open (a Redis connection); requests after it keep to the local share. */
  close(): Promise<void>;
}

/**
 * Bot-token requests per second of the whole bot, by default: five under Discord's 50. The slack
 * is for lateness: requests reach Discord some time after their turn, and a busy process sends on
 * its turn some tens of ms late now and then (its timers, its event loop), together with the other
 * processes' next turns. At 48 per second the sharded benchmark saw up to 61 requests in one
 * sliding second, and global 429s; at 45, with bunched slots dropped, 47 to 50.
 */
export const DEFAULT_REST_REQUESTS_PER_SECOND = 45;

/**
 * How long a request may take once its turn has come: discord.js's default request timeout,
 * counted from when the request leaves the budget, not from when it joined it.
 */
export const REQUEST_TIMEOUT_MS = 15_000;

/**
 * discord.js's own request timeout for a client with a request budget: it counts the wait for the
 * turn too, so it must outlast the longest wait a busy budget can ask for (a thread creation waits
 * up to `THREAD_CREATION_WAIT_MS` among the other requests, then behind the urgent ones before
 * it) plus `REQUEST_TIMEOUT_MS`. A backstop only: the request's own timeout is the budget's.
 */
export const REST_TIMEOUT_MS = 120_000;

/**
 * How long a thread creation at most lets the other requests go first before it is served
 * among them: a thread opens at worst this long (plus the urgent requests already waiting) after
 * its answer's final text, however busy the bot is.
 */
export const THREAD_CREATION_WAIT_MS = 20_000;

// POST /channels/{id}/threads (a thread without a starter) and /channels/{id}/messages/{id}/threads
const THREAD_CREATION = /\/channels\/\d+\/(?:messages\/\d+\/)?threads$/;

/**
 * Whether a request can let the others go first: a thread creation follows an answer whose text
 * is complete and shown, so nobody is waiting for it yet, while message writes carry text people
 * are watching (and the write gate already chose them, first and final writes ahead), and reads
 * are what an answer waits for to start.
 */
export function canWait(url: string, method: string | undefined): boolean {
  return (method ?? 'GET').toUpperCase() === 'POST' && THREAD_CREATION.test(new URL(url).pathname);
}

/**
 * A `makeRequest` that gives every request with the bot token a turn of `budget` first (thread
 * creations as updates, which only take turns no other request waits for; everything else
 * urgent, in arrival order), then sends it through `@discordjs/rest`'s own default `makeRequest`
 * with `requestTimeoutMs` to complete.
 *
 * Requests without an `Authorization` header (interaction callbacks and webhook-token routes,
 * which Discord does not count against the bot's limit) go straight out. Give it to the bot
 * client's REST only, with `timeout: REST_TIMEOUT_MS`: discord.js's timer starts before the wait.
 */
export function budgetedMakeRequest(budget: WriteBudget, requestTimeoutMs = REQUEST_TIMEOUT_MS): MakeRequest {
  return async (url, init) => {
    if (!carriesAuthorization(init.headers)) return DefaultRestOptions.makeRequest(url, init);
    // aborted while it waits (discord.js's backstop timeout), it leaves the budget unsent
    await budget.waitForTurn(!canWait(url, init.method), { signal: init.signal ?? undefined });
    const controller = new AbortController();
    const abort = () => controller.abort(init.signal?.reason);
    init.signal?.addEventListener('abort', abort, { once: true });
    const timer = setTimeout(() => controller.abort(), requestTimeoutMs);
    try {
      return await DefaultRestOptions.makeRequest(url, { ...init, signal: controller.signal });
    } finally {
      clearTimeout(timer);
      init.signal?.removeEventListener('abort', abort);
    }
  };
}

/**
 * The request budget of a process on its own (or of one of several without Redis: an equal
 * share), evenly spaced: discord.js's own global limiter lets a second's requests go at once when
 * the second starts, and processes whose seconds do not line up then burst together.
 */
export function localRestBudget(options: { requestsPerSecond: number; clock: Clock }): RestBudget {
  const gate = new WriteGate({ writesPerSecond: options.requestsPerSecond, clock: options.clock, promoteUpdatesAfterMs: THREAD_CREATION_WAIT_MS });
  return { makeRequest: budgetedMakeRequest(gate), close: async () => undefined };
}

/** Whether request headers, in any of the forms `fetch` accepts, include `Authorization`. */
export function carriesAuthorization(headers: Parameters<MakeRequest>[1]['headers']): boolean {
  if (headers === undefined || headers === null) return false;
  if (typeof (headers as Headers).has === 'function') return (headers as Headers).has('authorization');
  const names = Symbol.iterator in headers ? Array.from(headers as Iterable<readonly [string, string]>, ([name]) => name) : Object.keys(headers);
  return names.some((name) => name.toLowerCase() === 'authorization');
}
