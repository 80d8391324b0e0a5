/**
 * The Discord budget of a bot process: its message-write gate and how its bot-token requests
 * reach Discord. One process keeps both itself; the processes of a sharded bot share them
 * through Redis (`REDIS_URL`) so that together they keep to the bot's global limit, or without
 * Redis each keeps an equal share (the budget ÷ the shard count).
 */
import type { RESTOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { BotConfig } from '../config/bot-config.ts';
import { DEFAULT_REST_REQUESTS_PER_SECOND, localRestBudget, REST_TIMEOUT_MS } from '../discord-budget/request-budget.ts';
import { createSharedRestBudget } from '../discord-budget/shared-rest-budget.ts';
import { SharedWriteGate } from '../discord-budget/shared-write-gate.ts';
import { systemClock } from '../model/clock.ts';
import type { WriteBudget } from '../reply/write-budget.ts';
import { WriteGate } from '../reply/write-gate.ts';
import type { Shard } from '../store/store.ts';

/** What the process writes through. */
export interface DiscordBudget {
  /** The message-write budget of every reply written with the bot token. */
  writeGate: WriteBudget;
  /**
   * For the client's REST: the budget's `makeRequest`, which paces every bot-token request, so
   * discord.js's own global limiter is lifted (it would pace them twice, and in bursts), and its
   * timeout, which starts before a request's wait for its turn.
   */
  rest: Pick<RESTOptions, 'makeRequest' | 'globalRequestsPerSecond' | 'timeout'>;
  /** How the budget is kept, for the start-up log. */
  mode: 'own' | 'equal-share' | 'redis';
  /** Closes the Redis connections. */
  close(): Promise<void>;
}

/** The budget for a process serving `shard` of the bot whose token is `config.discordToken`. */
export function discordBudget(config: BotConfig, shard: Shard, logger: Logger): DiscordBudget {
  if (config.redisUrl === undefined) {
    const share = shard.count;
    const rest = localRestBudget({ requestsPerSecond: DEFAULT_REST_REQUESTS_PER_SECOND / share, clock: systemClock });
    return {
      writeGate: new WriteGate({ writesPerSecond: config.discordWritesPerSecond / share, clock: systemClock }),
      rest: restOptions(rest.makeRequest),
      mode: share === 1 ? 'own' : 'equal-share',
      close: () => rest.close(),
    };
  }
  // one budget per bot, whichever processes and hosts share the Redis
  const prefix = `cordial:${botIdOf(config.discordToken)}`;
  const writeGate = new SharedWriteGate({
    redisUrl: config.redisUrl,
    key: `${prefix}:writes`,
    writesPerSecond: config.discordWritesPerSecond,
    expectedProcesses: shard.count,
    clock: systemClock,
    logger,
  });
  const rest = createSharedRestBudget({ redisUrl: config.redisUrl, key: `${prefix}:requests`, expectedProcesses: shard.count, clock: systemClock, logger });
  return {
    writeGate,
    rest: restOptions(rest.makeRequest),
    mode: 'redis',
    close: async () => {
      await Promise.allSettled([writeGate.close(), rest.close()]);
    },
  };
}

function restOptions(makeRequest: RESTOptions['makeRequest']): DiscordBudget['rest'] {
  // discord.js still waits out a 429's retry_after; its pacing of a second's requests is the budget's now
  return { makeRequest, globalRequestsPerSecond: 1000, timeout: REST_TIMEOUT_MS };
}

/** The bot's user id: a token's first part is it, in base64 (public, unlike the rest of the token). */
function botIdOf(token: string): string {
  const id = Buffer.from(token.split('.', 1)[0] ?? '', 'base64').toString('utf8');
  return /^\d{17,20}$/.test(id) ? id : 'bot';
}
