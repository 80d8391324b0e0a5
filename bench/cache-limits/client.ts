/**
 * The measured side of the cache-limits benchmark: one discord.js Client, in a process of its own
 * (started by `bench/cache-limits.bench.ts` with `--expose-gc` and an IPC channel), logged in to
 * the parent's fake Discord with the bot's intents and partials, and either discord.js's default
 * caches or the bot's limits (`CACHE_MODE=default|limited`). It reports its memory, after a full
 * collection, at four points: before login, once ready, once it has received the parent's
 * traffic, and after the message sweep as it would run once that traffic is older than its
 * lifetime (the default client has no message sweeper: the same figure again).
 */
import { Client, Events, GatewayIntentBits, Partials, Sweepers, type ClientOptions } from 'discord.js';
import { cacheOptions, isKeptWhileCached } from '../../src/discord/client-options.ts';

/** Memory after a full collection, and what the caches hold. */
export interface ClientSample {
  rssBytes: number;
  heapUsedBytes: number;
  cached: { guilds: number; channels: number; members: number; users: number; messages: number };
}

/** What the child says to its parent. */
export type ChildReport =
  | { type: 'ready'; beforeLogin: ClientSample; ready: ClientSample }
  | { type: 'measured'; afterTraffic: ClientSample; afterSweep: ClientSample; swept: number };

/** What the parent says to its child: how many messages its traffic holds. */
export interface TrafficNotice {
  type: 'traffic';
  messages: number;
}

const mode = process.env['CACHE_MODE'];
if (mode !== 'default' && mode !== 'limited') throw new Error('CACHE_MODE must be default or limited');
const restUrl = process.env['FAKE_DISCORD_REST_URL'] ?? '';
const token = process.env['FAKE_DISCORD_TOKEN'] ?? '';
const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error('run with --expose-gc');

function sample(client: Client): ClientSample {
  // twice: the first pass may only queue finalizers whose memory the second frees
  collect!();
  collect!();
  const usage = process.memoryUsage();
  let members = 0;
  for (const guild of client.guilds.cache.values()) members += guild.members.cache.size;
  let messages = 0;
  for (const channel of client.channels.cache.values()) if (channel.isTextBased()) messages += channel.messages.cache.size;
  return {
    rssBytes: usage.rss,
    heapUsedBytes: usage.heapUsed,
    cached: { guilds: client.guilds.cache.size, channels: client.channels.cache.size, members, users: client.users.cache.size, messages },
  };
}

function send(report: ChildReport): void {
  process.send?.(report);
}

// the bot's own intents and partials (src/discord/connect.ts), so the same events arrive
const options: ClientOptions = {
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent],
  partials: [Partials.Channel],
  rest: { api: restUrl, version: '10' },
  ...(mode === 'limited' ? cacheOptions() : {}),
};
const client = new Client(options);
const beforeLogin = sample(client);

let received = 0;
let expected: number | undefined;
client.on(Events.MessageCreate, () => {
  received += 1;
  if (received === expected) finish();
});

function finish(): void {
  const afterTraffic = sample(client);
  // the traffic is seconds old: a lifetime of 1 ms stands for the sweeper's run past MESSAGE_LIFETIME_SECONDS
  const swept = mode === 'limited' ? client.sweepers.sweepMessages(Sweepers.filterByLifetime({ lifetime: 0.001, excludeFromSweep: isKeptWhileCached })()!) : 0;
  send({ type: 'measured', afterTraffic, afterSweep: sample(client), swept });
}

process.on('message', (notice: TrafficNotice) => {
  expected = notice.messages;
  if (received >= expected) finish();
});
process.on('disconnect', () => void client.destroy().finally(() => process.exit(0)));

client.once(Events.ClientReady, () => send({ type: 'ready', beforeLogin, ready: sample(client) }));
await client.login(token);
