/**
 * Feeds the bot's metrics from discord.js: every REST response (writes and 429s), and the
 * gateway shards, read on each scrape rather than on a timer. Only types come from discord.js:
 * the caller hands over its client and REST instances.
 */
import type { APIRequest, Client, REST, ResponseLike } from 'discord.js';
import { RATE_LIMIT_SCOPES, type BotMetrics, type DiscordRouteKind, type RateLimitScope } from './metrics.ts';
import type { GatewaySample } from './gateway-state.ts';

const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * Counts each response `rest` receives: writes by the limit they count against, 429s by their
 * `X-RateLimit-Scope`. discord.js emits `response` for every attempt, so a write retried after
 * a 429 counts twice, as Discord counted it. Returns a function that stops counting.
 */
export function observeRest(rest: REST, metrics: Pick<BotMetrics, 'discordWrites' | 'discordRateLimited'>): () => void {
  const listener = (request: APIRequest, response: ResponseLike): void => {
    if (WRITE_METHODS.has(request.method.toUpperCase())) metrics.discordWrites.inc({ route: routeKindOf(request.path) });
    if (response.status === 429) metrics.discordRateLimited.inc({ scope: rateLimitScopeOf(response.headers.get('x-ratelimit-scope')) });
  };
  rest.on('response', listener);
  return () => void rest.off('response', listener);
}

/**
 * Interaction callbacks and interaction webhooks (`@original` edits, follow-ups) are exempt
 * from the bot's global limit; every other route spends it.
 */
export function routeKindOf(path: string): DiscordRouteKind {
  return path.startsWith('/interactions/') || path.startsWith('/webhooks/') ? 'webhook' : 'bot';
}

/** The scope Discord gave a 429; none (a 429 from Cloudflare, not the API) is `unknown`. */
export function rateLimitScopeOf(header: string | null): RateLimitScope {
  const scope = header?.toLowerCase();
  return RATE_LIMIT_SCOPES.find((known) => known === scope) ?? 'unknown';
}

/**
 * The gateway shards `client` runs, as they are now. Before login (and after `destroy`)
 * discord.js has no shard objects: then the shards the client is set to run, at the
 * connection's overall status, so that they show as not ready rather than not at all.
 */
export function gatewaySamples(client: Client): GatewaySample[] {
  const shards = [...client.ws.shards.values()].map((shard) => ({ shard: shard.id, status: shard.status, pingMs: shard.ping }));
  if (shards.length > 0) return shards;
  const planned = client.options.shards;
  const ids = Array.isArray(planned) ? planned : typeof planned === 'number' ? [planned] : [];
  return ids.map((shard) => ({ shard, status: client.ws.status, pingMs: -1 }));
}

/** Points the gateway gauges at `client`: each scrape reads its shards' status and heartbeat latency. */
export function observeGateway(client: Client, metrics: Pick<BotMetrics, 'watchGateway'>): void {
  metrics.watchGateway(() => gatewaySamples(client));
}
