/**
 * `npm run start:sharded`: the bot as one process per shard, under discord.js's
 * `ShardingManager`. `SHARD_COUNT` is the whole bot's shard count (`auto`: Discord's
 * recommendation) and `SHARD_IDS` the shards this host runs, so that several hosts split one
 * bot; every process shares the PostgreSQL state (`DATABASE_URL`, required here) and, with
 * `REDIS_URL`, one Discord budget. Each child is `src/main.ts`, told its shard by the manager;
 * a child that dies is started again, and its successor repairs the answers it cut off. The
 * manager serves `HEALTH_PORT` for the host, asking each child over IPC.
 */
import { fileURLToPath } from 'node:url';
import { ShardingManager, type Shard as ManagedShard } from 'discord.js';
import type { Logger } from 'pino';
import { loadBotConfig } from './config/bot-config.ts';
import { ConfigError } from './config/config-error.ts';
import { loadDotenv } from './config/load-dotenv.ts';
import { exitOnStartFailure } from './lifecycle/exit-on-start-failure.ts';
import { fetchGatewayRecommendation } from './discord/gateway-bot.ts';
import { createBotLogger } from './log/bot-logger.ts';
import { startHealthServer, type HealthServer } from './operations/health-server.ts';
import { createManagerMetrics, metricsText } from './operations/metrics.ts';
import { collectFromShards, DEFAULT_COLLECT_TIMEOUT_MS } from './operations/shard-metrics-ipc.ts';
import { loadShardingConfig, shardsToRun } from './sharding/sharding-config.ts';

/** How long one shard may take to become ready before the start counts as failed, in ms. */
const SHARD_READY_TIMEOUT_MS = 60_000;
/** Discord lets `max_concurrency` shards identify per 5 seconds; a little more, to be safe. */
const IDENTIFY_WINDOW_MS = 5_500;

async function main(): Promise<void> {
  loadDotenv(process.env);
  // the children read the same settings: refuse a mistake once, here, rather than in every child
  const config = loadBotConfig(process.env);
  const sharding = loadShardingConfig(process.env);
  if (config.databaseUrl === undefined) {
    throw new ConfigError('DATABASE_URL', 'a PostgreSQL URL (postgres://…): the processes of a sharded bot share their state there');
  }
  const logger = createBotLogger(config, process.env);
  const recommendation = await fetchGatewayRecommendation(config.discordApiUrl, config.discordToken);
  const shardCount = sharding.shardCount === 'auto' ? recommendation.shards : sharding.shardCount;
  const shardList = shardsToRun(sharding, shardCount);
  const manager = new ShardingManager(fileURLToPath(new URL('./main.ts', import.meta.url)), {
    totalShards: shardCount,
    shardList,
    mode: 'process',
    respawn: true,
    token: config.discordToken,
  });
  manager.on('shardCreate', (shard) => watchShard(shard, manager, logger));

  let health: HealthServer | undefined;
  if (config.healthPort !== undefined) {
    const managerMetrics = createManagerMetrics();
    const collect = () => collectFromShards(manager.shards.values(), DEFAULT_COLLECT_TIMEOUT_MS, { expectedShardIds: shardList, local: [managerMetrics] });
    health = await startHealthServer({
      port: config.healthPort,
      ready: async () => (await collect()).readiness,
      metrics: async () => metricsText((await collect()).metrics),
    });
    logger.info({ port: health.port }, 'serving /healthz, /readyz and /metrics for this host’s shards');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down every shard: each finishes its answers in flight');
    manager.respawn = false;
    await Promise.all([...manager.shards.values()].map((shard) => stopShard(shard)));
    await health?.close();
    logger.info('every shard stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  logger.info({ shards: shardCount, here: shardList, recommended: recommendation.shards }, 'starting this host’s shards');
  // shards whose identify buckets differ may start together; Discord allows max_concurrency per window
  await manager.spawn({ amount: shardCount, delay: Math.ceil(IDENTIFY_WINDOW_MS / recommendation.maxConcurrency), timeout: SHARD_READY_TIMEOUT_MS });
  logger.info({ shards: shardList }, 'every shard of this host is ready');
}

function watchShard(shard: ManagedShard, manager: ShardingManager, logger: Logger): void {
  shard.on('death', (child) => {
    const exitCode = 'exitCode' in child ? child.exitCode : undefined;
    const signal = 'signalCode' in child ? child.signalCode : undefined;
    // discord.js respawns a dead shard only while `respawn` is on; a shutdown turns it off first
    if (manager.respawn) logger.warn({ shard: shard.id, exitCode, signal }, 'a shard process ended: it is started again');
    else logger.info({ shard: shard.id, exitCode, signal }, 'a shard process stopped');
  });
  shard.on('error', (error) => logger.error({ err: error, shard: shard.id }, 'a shard process failed'));
}

/** Asks the shard's process to finish (SIGTERM) and resolves once it has exited. */
function stopShard(shard: ManagedShard): Promise<void> {
  const child = shard.process;
  if (child === null || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

try {
  await main();
} catch (error) {
  exitOnStartFailure(error, 'start the shards');
}
