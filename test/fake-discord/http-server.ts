import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DiscordHttpError, discordErrors } from './errors.ts';
import type { GatewayServer } from './gateway.ts';
import { OUTAGE_BODY, type Outages } from './outages.ts';
import type { UploadedFile } from './message-input.ts';
import { FakeCdn } from './cdn.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { RequestRecorder } from './recorder.ts';
import type { FakeRouter } from './routes/route-kit.ts';

/** The REST prefix discord.js uses with `rest: { api: '<base>/api', version: '10' }`. */
export const API_PREFIX = '/api/v10';
/** Path of the gateway WebSocket. */
export const GATEWAY_PATH = '/gateway';

interface HttpDependencies {
  router: FakeRouter;
  rateLimiter: RateLimiter;
  recorder: RequestRecorder;
  gateway: GatewayServer;
  botToken: string;
  clock: () => number;
  /** Outages a test switched on: matching requests fail before anything else looks at them. */
  outages: Outages;
  /** The attachment CDN, served on the same port outside `/api`. */
  cdn: FakeCdn;
}

/** The running HTTP server and how to stop it. */
export interface RunningHttpServer {
  server: Server;
  port: number;
  close: () => Promise<void>;
}

/**
 * One HTTP server on 127.0.0.1 and a random port: REST under `/api/v10`, the gateway as a
 * WebSocket upgrade on `/gateway`. Every request passes auth, then rate limits, then its route.
 */
export async function startHttpServer(dependencies: HttpDependencies): Promise<RunningHttpServer> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    // the CDN is another host in Discord: no auth, no rate limits, not among the REST requests
    if (request.method === 'GET' && FakeCdn.handles(url.pathname)) dependencies.cdn.serve(url.pathname, url.searchParams, response);
    else void handleRest(dependencies, request, response);
  });
  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path.startsWith(GATEWAY_PATH)) dependencies.gateway.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: async () => {
      // keep-alive sockets of undici would otherwise hold the server (and the test) open
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handleRest(dependencies: HttpDependencies, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { router, rateLimiter, recorder, botToken, clock, outages } = dependencies;
  const at = clock();
  const realAt = Date.now();
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const method = request.method ?? 'GET';
  const withBotToken = request.headers.authorization === `Bot ${botToken}`;
  const path = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
  let routeTemplate: string | null = null;
  let body: unknown = null;
  let status = 500;
  let answer: unknown = null;
  let headers: Record<string, string> = {};
  let rateLimited = false;
  let global = false;
  let internalError: unknown;
  let outageText: string | undefined;
  try {
    const raw = await readBody(request);
    const outageStatus = outages.statusFor({ method, path, withBotToken });
    if (outageStatus !== undefined) {
      status = outageStatus;
      outageText = OUTAGE_BODY;
      throw new OutageAnswered();
    }
    if (!url.pathname.startsWith(`${API_PREFIX}/`)) throw discordErrors.notFound();
    const parsed = await parseBody(raw, request.headers['content-type']);
    body = parsed.json;
    const { found, pathExists } = router.match(method, path);
    if (!found) throw pathExists ? discordErrors.methodNotAllowed() : discordErrors.notFound();
    routeTemplate = found.route.template;
    if (found.route.auth === 'bot' && !withBotToken) throw discordErrors.unauthorized();
    // Discord's global limit is per bot token: requests authorised by an interaction token alone
    // (callbacks, @original and follow-ups) are not counted against it
    const decision = rateLimiter.consume(found.route.template, found.params, { countsGlobally: withBotToken });
    headers = decision.headers;
    if (!decision.allowed) {
      status = 429;
      answer = decision.body;
      rateLimited = true;
      global = decision.global;
    } else {
      const result = found.route.handler({
        params: found.params,
        query: url.searchParams,
        body,
        files: parsed.files,
        route: found.route.template,
      });
      status = result.status;
      answer = result.body ?? null;
    }
  } catch (error) {
    if (error instanceof OutageAnswered) {
      // answered below as plain text, as Discord's edge does
    } else if (error instanceof DiscordHttpError) {
      status = error.status;
      answer = error.body;
    } else {
      internalError = error;
      status = 500;
      answer = { message: '500: Internal Server Error', code: 0 };
      console.error('fake-discord: internal error on', method, path, error);
    }
  }
  const text = outageText ?? (answer === null ? '' : JSON.stringify(answer));
  response.writeHead(status, {
    ...headers,
    ...(outageText !== undefined ? { 'Content-Type': 'text/plain' } : text ? { 'Content-Type': 'application/json' } : {}),
  });
  response.end(text);
  recorder.record(
    {
      method,
      path,
      route: routeTemplate,
      query: Object.fromEntries(url.searchParams),
      withBotToken,
      body,
      status,
      responseBody: answer,
      responseHeaders: headers,
      at,
      realAt,
    },
    { rateLimited, global, ...(internalError === undefined ? {} : { error: internalError }) },
  );
}

/** Leaves the request handling once an outage has answered it. */
class OutageAnswered extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON bodies, or multipart bodies (files + `payload_json`) as discord.js sends uploads. */
async function parseBody(raw: Buffer, contentType: string | undefined): Promise<{ json: unknown; files: UploadedFile[] }> {
  if (raw.length === 0) return { json: null, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    let json: unknown = null;
    const files: UploadedFile[] = [];
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') {
        if (name === 'payload_json') json = parseJson(value);
      } else {
        files.push({ filename: value.name, size: value.size });
      }
    }
    return { json, files };
  }
  return { json: parseJson(raw.toString('utf8')), files: [] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DiscordHttpError(400, { code: 50109, message: 'The request body contains invalid JSON.' });
  }
}
