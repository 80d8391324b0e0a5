import { DefaultRestOptions, type RESTOptions } from 'discord.js';
import { SharedWriteGate, type SharedWriteGateOptions } from './shared-write-gate.ts';

/** `RESTOptions.makeRequest` of `@discordjs/rest`. */
export type MakeRequest = RESTOptions['makeRequest'];

/** Options of `createSharedRestBudget`: the write gate's, with a rate of requests. */
export type SharedRestBudgetOptions = Omit<SharedWriteGateOptions, 'writesPerSecond' | 'dropBunchedSlots'> & {
  /**
   * Bot-token requests per second of every process together. Default 45
   * (`DEFAULT_REST_REQUESTS_PER_SECOND`): under Discord's 50, as requests reach Discord some time
   * after their slot, not exactly on it.
   */
  requestsPerSecond?: number;
};

/** The bot client's share of Discord's global limit. */
export interface SharedRestBudget {
  /** For `new Client({ rest: { makeRequest } })` (or `new REST({ makeRequest })`) of the bot token. */
  makeRequest: MakeRequest;
  /** Closes the Redis connection; requests after it keep to the local share. */
  close(): Promise<void>;
}

/**
 * Bot-token requests per second of all processes together, by default: what one process on its
 * own keeps to, five under Discord's 50. The slack is for lateness: a busy process sends on its
 * slot some tens of ms late now and then (its timers, its event loop), together with the other
 * processes' next slots. At 48 per second the sharded benchmark saw up to 61 requests in one
 * sliding second, and global 429s; at 45, with bunched slots dropped, 47 to 50.
 */
export const DEFAULT_REST_REQUESTS_PER_SECOND = 45;

/**
 * Keeps every process's bot-token requests together under Discord's global limit (50 per second
 * per bot, shared by all processes): each one first takes a slot of a budget in Redis (all
 * urgent: first come, first served across processes, evenly spaced), then goes out through
 * `@discordjs/rest`'s own default `makeRequest`.
 *
 * Requests without an `Authorization` header (interaction callbacks and webhook-token routes,
 * which Discord does not count against the bot's limit) go straight out. Give it to the bot
 * client's REST only: the interaction-webhook REST carries no token and needs no budget.
 *
 * A request's time spent waiting for its slot counts against discord.js's request timeout
 * (15 s by default); the client's own `globalRequestsPerSecond` can then be lifted, or it
 * throttles a second time on a clock of its own.
 */
export function createSharedRestBudget(options: SharedRestBudgetOptions): SharedRestBudget {
  const { requestsPerSecond = DEFAULT_REST_REQUESTS_PER_SECOND, ...gateOptions } = options;
  const gate = new SharedWriteGate({
    ...gateOptions,
    writesPerSecond: requestsPerSecond,
    // Discord counts every second: a stalled process must not send its overdue slots at once
    dropBunchedSlots: true,
  });
  return {
    async makeRequest(url, init) {
      if (carriesAuthorization(init.headers)) await gate.waitForTurn(true);
      return DefaultRestOptions.makeRequest(url, init);
    },
    close: () => gate.close(),
  };
}

/** Whether request headers, in any of the forms `fetch` accepts, include `Authorization`. */
export function carriesAuthorization(headers: Parameters<MakeRequest>[1]['headers']): boolean {
  if (headers === undefined || headers === null) return false;
  if (typeof (headers as Headers).has === 'function') return (headers as Headers).has('authorization');
  const names = Symbol.iterator in headers ? Array.from(headers as Iterable<readonly [string, string]>, ([name]) => name) : Object.keys(headers);
  return names.some((name) => name.toLowerCase() === 'authorization');
}
