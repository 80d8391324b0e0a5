/**
 * What an operator sees of one bot process: its Prometheus metrics, its readiness, and where
 * they are served. A process on its own serves `HEALTH_PORT` itself; a shard under the sharding
 * manager answers the manager over IPC instead (the manager serves the host's port).
 */
import type { Client, REST } from 'discord.js';
import type { Logger } from 'pino';
import type { AnswerObserver } from '../answers/answer-observer.ts';
import { systemClock } from '../model/clock.ts';
import { gatewaySamples, observeGateway, observeRest } from '../operations/discord-observers.ts';
import { startHealthServer, type HealthServer } from '../operations/health-server.ts';
import { createBotMetrics, metricsText, type BotMetrics } from '../operations/metrics.ts';
import { checkReadiness, type ReadinessReport } from '../operations/readiness.ts';
import { answerMetricsRequests } from '../operations/shard-metrics-ipc.ts';
import { timedStore } from '../operations/timed-store.ts';
import type { Store } from '../store/store-port.ts';

/** Settings of `startProcessOperations`. */
export interface ProcessOperationsOptions {
  /** The shard this process serves, when the sharding manager started it (its series carry it). */
  managedShardId?: number;
  /** Where to serve `/healthz`, `/readyz` and `/metrics` (a process on its own); absent: nowhere. */
  healthPort?: number;
  /** The configured providers, whose error series exist from the start. */
  providers: readonly string[];
  logger: Logger;
}

/** The metrics of one process, and the parts of the bot that report into them. */
export interface ProcessOperations {
  metrics: BotMetrics;
  /** The answer runner's observer. */
  observer: AnswerObserver;
  /** `store`, each call timed into `cordial_store_call_seconds`. */
  timed(store: Store): Store;
  /** Once connected: counts the client's and the webhook REST's writes and 429s, and reads its gateway; readiness asks `store`. */
  attach(client: Client, webhookRest: REST, store: Store): void;
  /** Stops serving. */
  close(): Promise<void>;
}

/**
 * Creates the process's metrics and starts serving them: at once, so `/healthz` answers while the
 * bot still connects (and `/readyz` says it is not ready yet).
 */
export async function startProcessOperations(options: ProcessOperationsOptions): Promise<ProcessOperations> {
  const metrics = createBotMetrics({ ...(options.managedShardId === undefined ? {} : { shardId: options.managedShardId }), providers: options.providers });
  let attached: { client: Client; store: Store } | undefined;
  const ready = async (): Promise<ReadinessReport> => {
    if (attached === undefined) return { shards: [] };
    const { client, store } = attached;
    // an indexed read of a row no server has: one round trip to the database
    return checkReadiness({ gateway: () => gatewaySamples(client), pingStore: () => store.getGuildDefaultModel('0'), clock: systemClock });
  };
  const stops: Array<() => void> = [];
  let health: HealthServer | undefined;
  if (options.managedShardId !== undefined) {
    stops.push(answerMetricsRequests(process, { metrics: metrics.registry, ready }));
  } else if (options.healthPort !== undefined) {
    health = await startHealthServer({ port: options.healthPort, ready, metrics: () => metricsText(metrics.registry) });
    options.logger.info({ port: health.port }, 'serving /healthz, /readyz and /metrics');
  }
  return {
    metrics,
    observer: {
      answerStarted: () => metrics.answersInFlight.inc(),
      answerEnded: () => metrics.answersInFlight.dec(),
      firstToken: (provider, seconds) => metrics.firstToken.observe({ provider }, seconds),
      firstVisibleText: (trigger, seconds) => metrics.firstVisibleText.observe({ trigger }, seconds),
      providerFailed: (provider, kind) => metrics.providerErrors.inc({ provider, kind }),
    },
    timed: (store) => timedStore(store, (method, seconds) => metrics.storeCall.observe({ method }, seconds)),
    attach(client, webhookRest, store) {
      attached = { client, store };
      stops.push(observeRest(client.rest, metrics), observeRest(webhookRest, metrics));
      observeGateway(client, metrics);
    },
    async close() {
      for (const stop of stops) stop();
      await health?.close();
    },
  };
}
