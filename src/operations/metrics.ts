/**
 * The bot's Prometheus metrics: one registry per process, its handles typed by label. Under the
 * sharding manager every child labels all its series `shard="<id>"`, so the manager can merge the
 * children's registries without summing them into one (`shard-metrics-ipc.ts`).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProviderErrorKind } from '../model/provider-error.ts';
import { READY_STATUS, type GatewaySample } from './gateway-state.ts';

/** Which budget a Discord write spends: the bot's global 50/s (`bot`) or an interaction webhook's own limits (`webhook`). */
export type DiscordRouteKind = 'bot' | 'webhook';

/** `X-RateLimit-Scope` of a 429; `unknown` when Discord sent none (e.g. a Cloudflare ban). */
export type RateLimitScope = 'user' | 'global' | 'shared' | 'unknown';

// a record, so that a kind added to ProviderErrorKind fails the type check until it is listed here
const LISTED_KINDS: Record<ProviderErrorKind, true> = {
  'unknown-model': true,
  auth: true,
  'rate-limited': true,
  timeout: true,
  unavailable: true,
  'bad-request': true,
  cut: true,
  oversized: true,
  protocol: true,
  upstream: true,
  aborted: true,
};
/** Every `ProviderErrorKind`, so that each series exists (at 0) before its first error. */
export const PROVIDER_ERROR_KINDS = Object.keys(LISTED_KINDS) as ProviderErrorKind[];

const ROUTE_KINDS: readonly DiscordRouteKind[] = ['bot', 'webhook'];
/** Every scope `cordial_discord_rate_limited_total` counts by (`X-RateLimit-Scope`, else `unknown`). */
export const RATE_LIMIT_SCOPES: readonly RateLimitScope[] = ['user', 'global', 'shared', 'unknown'];

/** A first token slower than the providers' first-token timeout (60 s by default) ends the answer instead. */
export const FIRST_TOKEN_BUCKETS_SECONDS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 45, 60];
/** From an answer's start to its first text in Discord: the first token, then a write; reasoning models think first. */
export const FIRST_VISIBLE_TEXT_BUCKETS_SECONDS = [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 45, 60, 120, 300];
/** SQLite answers in microseconds, PostgreSQL in a millisecond or two; the top is an outage. */
export const STORE_CALL_BUCKETS_SECONDS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Settings of `createBotMetrics`. */
export interface BotMetricsOptions {
  /** Under the sharding manager: this child's shard, the `shard` label of every series. Absent for one process. */
  shardId?: number;
  /** The configured provider ids, so that their error series exist (at 0) before the first error. */
  providers?: readonly string[];
  /** Whether to add prom-client's process and Node.js metrics (RSS, CPU, event loop lag, GC, heap). Default true. */
  processMetrics?: boolean;
}

/** The registry and a handle for each metric the bot records. */
export interface BotMetrics {
  /** Everything below, plus process metrics; what `/metrics` serves. */
  registry: Registry;
  /** `cordial_gateway_ready{shard}`: 1 while the shard is ready, else 0. Sampled on scrape. */
  gatewayReady: Gauge<'shard'>;
  /** `cordial_gateway_status{shard}`: discord.js's `Status` code (0 ready, 1 connecting … 8 resuming). Sampled on scrape. */
  gatewayStatus: Gauge<'shard'>;
  /** `cordial_gateway_latency_seconds{shard}`: the last heartbeat's round trip; absent before the first. Sampled on scrape. */
  gatewayLatency: Gauge<'shard'>;
  /** `cordial_answers_in_flight`: answers being streamed now. */
  answersInFlight: Gauge;
  /** `cordial_first_token_seconds{provider}`: from sending the request to the first text or reasoning delta. */
  firstToken: Histogram<'provider'>;
  /**
   * `cordial_first_visible_text_seconds{trigger}`: from an answer's start (its conversation read,
   * its model about to be asked) to the first write that shows its text, not a status.
   */
  firstVisibleText: Histogram<'trigger'>;
  /** `cordial_discord_writes_total{route}`: responses to POST, PATCH, PUT and DELETE requests, retries and 429s included. */
  discordWrites: Counter<'route'>;
  /** `cordial_discord_rate_limited_total{scope}`: 429 responses from Discord. */
  discordRateLimited: Counter<'scope'>;
  /** `cordial_provider_errors_total{provider,kind}`: answers a provider failed. */
  providerErrors: Counter<'provider' | 'kind'>;
  /** `cordial_store_call_seconds{method}`: each store call until it settled, failures included. */
  storeCall: Histogram<'method'>;
  /**
   * Where the gateway gauges read their shards on each scrape (`observeGateway` sets it). Until
   * then they have no series, and a later source replaces the earlier one.
   */
  watchGateway(source: () => readonly GatewaySample[]): void;
}

/** Creates a registry with the bot's metrics. One per process: prom-client's process metrics describe the process. */
export function createBotMetrics(options: BotMetricsOptions = {}): BotMetrics {
  const registry = new Registry();
  if (options.shardId !== undefined) registry.setDefaultLabels({ shard: String(options.shardId) });
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let gatewaySource: () => readonly GatewaySample[] = () => [];
  // each gauge samples the source itself: prom-client collects the metrics of a scrape in no set order
  const sampled = (name: string, help: string, value: (sample: GatewaySample) => number | undefined): Gauge<'shard'> =>
    new Gauge({
      name,
      help,
      labelNames: ['shard'],
      registers,
      collect() {
        this.reset();
        for (const sample of gatewaySource()) {
          const current = value(sample);
          if (current !== undefined) this.set({ shard: String(sample.shard) }, current);
        }
      },
    });
  const metrics: BotMetrics = {
    registry,
    gatewayReady: sampled('cordial_gateway_ready', 'Whether the gateway shard is ready (1) or not (0).', (sample) => (sample.status === READY_STATUS ? 1 : 0)),
    gatewayStatus: sampled('cordial_gateway_status', "The gateway shard's discord.js Status code: 0 ready, 1 connecting, 2 reconnecting, 3 idle, 4 nearly, 5 disconnected, 6 waiting for guilds, 7 identifying, 8 resuming.", (sample) => sample.status),
    gatewayLatency: sampled('cordial_gateway_latency_seconds', "The gateway shard's last heartbeat round trip.", (sample) => (sample.pingMs < 0 ? undefined : sample.pingMs / 1000)),
    answersInFlight: new Gauge({ name: 'cordial_answers_in_flight', help: 'Answers being streamed now.', registers }),
    firstToken: new Histogram({
      name: 'cordial_first_token_seconds',
      help: "From sending a model request to the model's first text or reasoning.",
      labelNames: ['provider'],
      buckets: FIRST_TOKEN_BUCKETS_SECONDS,
      registers,
    }),
    firstVisibleText: new Histogram({
      name: 'cordial_first_visible_text_seconds',
      help: 'From an answer starting (its conversation read) to the first write showing its text in Discord.',
      labelNames: ['trigger'],
      buckets: FIRST_VISIBLE_TEXT_BUCKETS_SECONDS,
      registers,
    }),
    discordWrites: new Counter({ name: 'cordial_discord_writes_total', help: 'Responses to Discord write requests (POST, PATCH, PUT, DELETE), by the limit they count against.', labelNames: ['route'], registers }),
    discordRateLimited: new Counter({ name: 'cordial_discord_rate_limited_total', help: '429 responses from Discord, by X-RateLimit-Scope.', labelNames: ['scope'], registers }),
    providerErrors: new Counter({ name: 'cordial_provider_errors_total', help: 'Answers a provider failed, by provider and kind of failure.', labelNames: ['provider', 'kind'], registers }),
    storeCall: new Histogram({
      name: 'cordial_store_call_seconds',
      help: 'Store calls until they settled, failures included, by method.',
      labelNames: ['method'],
      buckets: STORE_CALL_BUCKETS_SECONDS,
      registers,
    }),
    watchGateway: (source) => {
      gatewaySource = source;
    },
  };
  // every bounded series from the start: rate() and increase() miss the first increment of a series that appears with it
  for (const route of ROUTE_KINDS) metrics.discordWrites.inc({ route }, 0);
  for (const scope of RATE_LIMIT_SCOPES) metrics.discordRateLimited.inc({ scope }, 0);
  for (const provider of options.providers ?? []) {
    for (const kind of PROVIDER_ERROR_KINDS) metrics.providerErrors.inc({ provider, kind }, 0);
  }
  return metrics;
}

/**
 * The sharding manager's own registry: its process metrics only, labelled `process="manager"`
 * so that they stand apart from the children's (which carry `shard`).
 */
export function createManagerMetrics(): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ process: 'manager' });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** What `/metrics` serves from one registry: its text in Prometheus's exposition format. */
export async function metricsText(registry: Registry): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
