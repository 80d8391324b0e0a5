/**
 * End-to-end world for the sharded bot: one fake Discord (seeded with guilds on every shard of
 * four) and one fake OpenAI upstream in this process, one PostgreSQL schema and one Redis key
 * space, and any number of "hosts" (`node src/sharded.ts` with their own SHARD_IDS) sharing
 * them, as hosts of one bot share them in production.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { FakeDiscord } from '../fake-discord/fake-discord.ts';
import type { SpreadGuild } from '../fake-discord/seed.ts';
import { startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import { DATABASE_URL, dropSchema, randomSchemaName, withConnection } from '../store/postgres/fresh-schema.ts';
import { startGatedUpstream, type GatedUpstream } from './gated-upstream.ts';
import { startHost, type Host } from './host-process.ts';
import type { LogEntry } from './shard-processes.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

/** The bot's shard count in every host of the world. */
export const SHARD_COUNT = 4;
/** Seeded guilds per shard. */
const GUILDS_PER_SHARD = 2;
/** How long `waitForJournal` reads before failing (only bounds a failure), and how often. */
const JOURNAL_WAIT_MS = 60_000;
const JOURNAL_POLL_MS = 25;

/** The journal of replies being written and the process runs owning them, as the schema holds them now. */
export interface ShardedJournal {
  replies: Array<{ messageId: string; ownerId: string | null }>;
  instances: Array<{ id: string; pid: number; shard: number; shards: number }>;
}

/** The shared parts and the hosts started on them. */
export interface ShardedWorld {
  discord: FakeDiscord;
  upstream: OpenAiFake;
  /** What the bot reaches the upstream through: it can hold an answer mid-stream. */
  gate: GatedUpstream;
  /** The PostgreSQL schema every process uses. */
  schema: string;
  /** What every host is started with (SHARD_IDS aside). */
  env: Record<string, string>;
  /** The seeded guilds whose events reach `shard` (of `SHARD_COUNT`). */
  guildsOf(shard: number): SpreadGuild[];
  /** Every host started, stopped ones too, oldest first. */
  readonly hosts: Host[];
  /** Starts a host named `name` running `shardIds`; resolves once each of its shards is online. */
  startHost(name: string, shardIds: readonly number[], extraEnv?: Record<string, string>): Promise<Host>;
  /** Who logged an entry that `match` accepts, as `host/shard` (`host/manager` for a manager), in log order per host. */
  loggedBy(match: (entry: LogEntry) => boolean): string[];
  /** `loggedBy`, once some host logged such an entry. */
  whoLogged(match: (entry: LogEntry) => boolean): Promise<string[]>;
  /** Reads the crash journal from the schema, on a connection of its own. */
  journal(): Promise<ShardedJournal>;
  /**
   * Resolves with the journal once `check` accepts it. The bot writes its journal in the
   * background of an answer, with nothing to observe but the table: read it until then.
   */
  waitForJournal(check: (journal: ShardedJournal) => boolean): Promise<ShardedJournal>;
  /** Stops every host (SIGTERM, then SIGKILL), the fakes, drops the schema and deletes the Redis keys. Never rejects. */
  close(): Promise<void>;
}

/** Starts the fakes and registers the commands globally (seeded guilds are not the dev guild). Hosts are started by the test. */
export async function startShardedWorld(): Promise<ShardedWorld> {
  // a bot id of its own names this world's Redis keys (`cordial:<bot id>:…`): no other test shares them
  const botId = String(1_200_000_000_000_000_000n + BigInt(randomInt(2 ** 47)));
  const botToken = `${Buffer.from(botId).toString('base64url')}.Gfake0.${randomBytes(12).toString('hex')}`;
  // every shard identifies at once: discord.js spaces identifies of one bucket 5 s apart
  const discord = await FakeDiscord.start({ botToken, maxConcurrency: 16 });
  const upstream = await startOpenAiFake({ models: ['gpt-4o-mini', 'gpt-4o'] });
  const gate = await startGatedUpstream(upstream.url);
  const schema = randomSchemaName();
  const seeded = discord.seedGuilds(SHARD_COUNT * GUILDS_PER_SHARD);
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    CORDIAL_ENV_FILE: 'none',
    DISCORD_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.restUrl,
    DISCORD_ATTACHMENT_ORIGINS: discord.cdnOrigin,
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    SHARD_COUNT: String(SHARD_COUNT),
    PROVIDERS: 'openai',
    OPENAI_BASE_URL: gate.url,
    OPENAI_MODELS: 'gpt-4o-mini,gpt-4o',
    DEFAULT_MODEL: 'openai/gpt-4o-mini',
    PROVIDER_MAX_RETRIES: '0',
    REPLY_MIN_EDIT_INTERVAL_MS: '50',
    // one person asks on all four shards at once, and the limit is bot-wide
    MAX_ANSWERS_PER_USER: String(SHARD_COUNT),
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
  };
  const hosts: Host[] = [];
  const world: ShardedWorld = {
    discord,
    upstream,
    gate,
    schema,
    env,
    hosts,
    guildsOf: (shard) => seeded.filter((guild) => discord.shardOf(guild.guildId, SHARD_COUNT) === shard),
    async startHost(name, shardIds, extraEnv = {}) {
      const host = await startHost(name, shardIds, { ...env, ...extraEnv });
      hosts.push(host);
      return host;
    },
    loggedBy: (match) =>
      hosts.flatMap((host) =>
        host
          .entries()
          .filter(match)
          .map((entry) => `${host.name}/${host.shardOfPid(entry.pid) ?? (entry.pid === host.manager.pid ? 'manager' : `pid ${entry.pid}`)}`),
      ),
    async whoLogged(match) {
      const waiting = new AbortController();
      try {
        await Promise.any(hosts.map((host) => host.waitForEntry(match, { signal: waiting.signal })));
      } finally {
        waiting.abort();
      }
      return world.loggedBy(match);
    },
    journal: () => readJournal(schema),
    async waitForJournal(check) {
      const deadline = Date.now() + JOURNAL_WAIT_MS;
      for (;;) {
        const journal = await readJournal(schema);
        if (check(journal)) return journal;
        if (Date.now() > deadline) throw new Error(`the journal never became as expected: ${JSON.stringify(journal)}`);
        await new Promise((resolve) => setTimeout(resolve, JOURNAL_POLL_MS));
      }
    },
    async close() {
      await Promise.allSettled(hosts.map((host) => host.close()));
      await Promise.allSettled([discord.stop(), gate.close(), upstream.stop(), dropSchema(schema), deleteRedisKeys(`cordial:${botId}:`)]);
    },
  };
  try {
    await runScript('src/deploy-commands.ts', env);
  } catch (error) {
    await world.close();
    throw error;
  }
  return world;
}

async function readJournal(schema: string): Promise<ShardedJournal> {
  return withConnection(async (client) => {
    const table = (name: string) => `${client.escapeIdentifier(schema)}.${name}`;
    const replies = await client.query<{ message_id: string; owner_id: string | null }>(`SELECT message_id, owner_id FROM ${table('unfinished_replies')} ORDER BY started_at, message_id`);
    const instances = await client.query<{ instance_id: string; pid: string; shard_id: number; shard_count: number }>(
      `SELECT instance_id, pid, shard_id, shard_count FROM ${table('process_instances')} ORDER BY started_at, instance_id`,
    );
    return {
      replies: replies.rows.map((row) => ({ messageId: row.message_id, ownerId: row.owner_id })),
      instances: instances.rows.map((row) => ({ id: row.instance_id, pid: Number(row.pid), shard: row.shard_id, shards: row.shard_count })),
    };
  });
}

/** Deletes every key under `prefix` (the budget's keys also expire on their own, once idle). */
async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}*` }) as AsyncIterable<string[]>) keys.push(...batch);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

async function runScript(script: string, env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [path.join(repositoryRoot, script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`${script} failed (${code}): ${output}`);
}
