import { Client, Events, GatewayCloseCodes, GatewayIntentBits, Partials, type RESTOptions } from 'discord.js';
import type { Shard } from '../store/store.ts';
import type { Logger } from 'pino';
import { noMentions } from './sinks/rest-write.ts';
import { cacheOptions } from './client-options.ts';

/** A logged-in client and whether Discord granted the Message Content intent. */
export interface Connection {
  /** The ready client. */
  client: Client<true>;
  /** Whether the bot can read the content of messages that do not mention it. */
  messageContent: boolean;
}

const baseIntents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

/** What `connectToDiscord` needs. */
export interface ConnectOptions {
  token: string;
  apiUrl: string;
  logger: Logger;
  /** The shard this process serves (given explicitly, so `SHARD_COUNT` meant for the manager is not read). Default 0 of 1. */
  shard?: Shard;
  /**
   * How bot-token requests reach Discord: a request budget's `makeRequest`, global rate and
   * timeout (`discordBudget`). Default: discord.js's own limiter, at 45 per second.
   */
  rest?: Partial<Pick<RESTOptions, 'makeRequest' | 'globalRequestsPerSecond' | 'timeout'>>;
  /** Messages kept per channel, so their edits and deletions reach the history cache (HISTORY_MAX_MESSAGES). */
  messagesPerChannel?: number;
}

function createClient(options: ConnectOptions, messageContent: boolean): Client {
  const shard = options.shard ?? { id: 0, count: 1 };
  return new Client({
    shards: [shard.id],
    shardCount: shard.count,
    intents: messageContent ? [...baseIntents, GatewayIntentBits.MessageContent] : baseIntents,
    partials: [Partials.Channel],
    // the default for every send and edit: model output never pings anyone
    allowedMentions: noMentions,
    // a little below Discord's 50/s: its window and discord.js's are not aligned
    rest: { api: options.apiUrl, version: '10', globalRequestsPerSecond: 45, ...options.rest },
    // caches limited to what the bot reads, so memory follows conversations, not server sizes
    ...cacheOptions(options.messagesPerChannel === undefined ? {} : { messagesPerChannel: options.messagesPerChannel }),
  });
}

/** Logs in; resolves `ready`, or `disallowed` when Discord closed with 4014 (intent not enabled). */
function login(client: Client, token: string): Promise<'ready' | 'disallowed'> {
  return new Promise((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve('ready'));
    client.on(Events.ShardDisconnect, (event) => {
      if (event.code === GatewayCloseCodes.DisallowedIntents) resolve('disallowed');
    });
    client.login(token).catch((error: unknown) => {
      const code = (error as { code?: string }).code;
      if (code === 'DisallowedIntents') resolve('disallowed');
      else reject(error);
    });
  });
}

/**
 * Connects with the Message Content intent; when Discord refuses it (not enabled in the
 * Developer Portal), says so clearly and connects without it, so the bot still answers
 * `/ask` and mentions instead of failing to start.
 */
export async function connectToDiscord(options: ConnectOptions): Promise<Connection> {
  const client = createClient(options, true);
  if ((await login(client, options.token)) === 'ready') return { client: client as Client<true>, messageContent: true };
  await client.destroy();
  const fallback = createClient(options, false);
  if ((await login(fallback, options.token)) !== 'ready') throw new Error('Discord refused the connection even without privileged intents');
  const ready = fallback as Client<true>;
  // named after the bot's real account, as people will have to mention it
  options.logger.warn(
    `The Message Content intent is not enabled for this bot: thread conversations only see messages that mention the bot (@${ready.user.username}). ` +
      'Enable it in the Discord Developer Portal → your application → Bot → Privileged Gateway Intents → Message Content Intent, then restart.',
  );
  return { client: ready, messageContent: false };
}
