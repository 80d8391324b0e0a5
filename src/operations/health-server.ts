/**
 * The operations endpoint on HEALTH_PORT: `/healthz` (the process runs), `/readyz` (it may get
 * traffic: every shard's gateway ready, the store answering) and `/metrics` (Prometheus text).
 * The same server serves one bot process or, under the sharding manager, the whole host: only
 * the `ready` and `metrics` callbacks differ.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isReady, type ReadinessReport } from './readiness.ts';

/** Settings of `startHealthServer`. */
export interface HealthServerOptions {
  /** The TCP port; 0 picks a free one (tests). */
  port: number;
  /** The interface to listen on. Default: every interface, as Prometheus and probes come from elsewhere. */
  host?: string;
  /** The readiness of every shard served here. It should bound its own wait (`checkReadiness`, `collectFromShards` do). */
  ready: () => Promise<ReadinessReport>;
  /** The metrics in Prometheus text (`metricsText(registry)`). */
  metrics: () => Promise<{ contentType: string; body: string }>;
}

/** A listening health server. */
export interface HealthServer {
  /** The port it listens on (the chosen one when asked for 0). */
  port: number;
  /** Stops listening and ends idle keep-alive connections; resolves when the last request is done. */
  close(): Promise<void>;
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** Starts listening; rejects when the port cannot be bound (in use, no permission). */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((request, response) => void answer(request, response, options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // a scraper's keep-alive connection would hold close() open until it timed out
        server.closeIdleConnections();
      }),
  };
}

async function answer(request: IncomingMessage, response: ServerResponse, options: HealthServerOptions): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://health').pathname;
  const route = ROUTES.get(path);
  if (route === undefined) return send(response, 404, TEXT, 'not found\n');
  // HEAD as GET: Node sends the headers without the body
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return send(response, 405, TEXT, 'method not allowed\n');
  }
  try {
    await route(response, options);
  } catch {
    // the callbacks' errors may name hosts or addresses: the body says only what failed
    send(response, path === '/readyz' ? 503 : 500, TEXT, `${path.slice(1)} failed\n`);
  }
}

type Route = (response: ServerResponse, options: HealthServerOptions) => Promise<void>;

const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['/healthz', async (response) => send(response, 200, TEXT, 'ok')],
  [
    '/readyz',
    async (response, options) => {
      const report = await options.ready();
      const ready = isReady(report);
      send(response, ready ? 200 : 503, JSON_TYPE, `${JSON.stringify({ ready, shards: report.shards })}\n`);
    },
  ],
  [
    '/metrics',
    async (response, options) => {
      const { contentType, body } = await options.metrics();
      send(response, 200, contentType, body);
    },
  ],
]);

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  response.end(body);
}
