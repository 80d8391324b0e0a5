/**
 * The part every fake upstream shares: the HTTP server on 127.0.0.1, connection tracking, the
 * request log, the scenario queue, one-shot route faults, and the `/__control/` endpoints that
 * drive a fake running in another process.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { writeBody, type Frame, type WriteOutcome } from './body-writer.ts';
import { DEFAULT_ANSWER_TEXT, type ErrorAnswer, type Scenario } from './scenario.ts';

/** The protocols the fakes speak. */
export type FakeKind = 'h2o' | 'aivvm' | 'openai';

/** What happened to a recorded request's response. */
export type ResponseOutcome = 'pending' | 'streaming' | 'answered' | WriteOutcome;

/** One request as the fake received it. */
export interface RecordedRequest {
  /** Position in `requests`, from 0. */
  index: number;
  /** HTTP method. */
  method: string;
  /** Path with query string, as sent. */
  path: string;
  /** Request headers (lower-case names). */
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text. */
  body: string;
  /** The body bytes (not in `/__control/requests`). */
  rawBody: Buffer;
  /** JSON bodies parsed, form bodies as a name → value object, otherwise undefined. */
  parsedBody: unknown;
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
  /** Which connection carried it (see `connectionClosed`). */
  connectionId: number;
  /** The response so far. */
  response: { status: number | undefined; outcome: ResponseOutcome; bytesWritten: number };
}

/** A one-shot error for requests matching a method and path. */
export interface Fault {
  /** Only this method (any when absent). */
  method?: string;
  /** Exact path, or a prefix when it ends with `*` (any when absent). */
  path?: string;
  /** The answer. */
  error: ErrorAnswer;
  /** How many matching requests get it (default 1). */
  times?: number;
}

/** What a protocol handler gets for one request. */
export interface HandlerContext {
  request: IncomingMessage;
  response: ServerResponse;
  record: RecordedRequest;
  /** Aborted when the response closes (reason `'closed'`) or the fake stops (`'stopped'`). */
  signal: AbortSignal;
}

/** Options every fake accepts. */
export interface FakeOptions {
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** Host to listen on (default 127.0.0.1). */
  host?: string;
  /** The scenario used when the queue is empty (default `{ text: DEFAULT_ANSWER_TEXT }`). */
  defaultScenario?: Scenario;
}

/**
 * A local HTTP server speaking one provider protocol. Subclasses implement `handle`.
 * Events: `change` on any state change (used by the `waitFor…` helpers), `request`
 * (RecordedRequest), `connection-closed` (connection id).
 */
export abstract class FakeUpstream extends EventEmitter {
  /** Which protocol this fake speaks. */
  abstract readonly kind: FakeKind;
  /** Every request received, control requests excepted. */
  readonly requests: RecordedRequest[] = [];
  /** `http://host:port` with no trailing slash. */
  origin = '';
  protected readonly server: Server;
  private readonly options: FakeOptions;
  private readonly sockets = new Map<number, Socket>();
  private readonly closedConnectionIds = new Set<number>();
  private readonly activeResponses = new Set<AbortController>();
  private connectionsSeen = 0;
  private queue: Scenario[] = [];
  private defaultScenario: Scenario;
  private faults: Array<Fault & { remaining: number }> = [];
  private stopping: Promise<void> | undefined;

  constructor(options: FakeOptions = {}) {
    super();
    this.setMaxListeners(0);
    this.options = options;
    this.defaultScenario = options.defaultScenario ?? { text: DEFAULT_ANSWER_TEXT };
    this.server = createServer({ noDelay: true, keepAliveTimeout: 60_000 }, (request, response) => {
      void this.dispatch(request, response);
    });
    this.server.on('connection', (socket: Socket) => this.track(socket));
  }

  /** The base URL a client is configured with (openai: with `/v1`). */
  get url(): string {
    return this.origin;
  }

  /** Base URL of the control endpoints. */
  get controlUrl(): string {
    return `${this.origin}/__control`;
  }

  /** Sockets currently open. */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Sockets accepted since start. */
  get totalConnections(): number {
    return this.connectionsSeen;
  }

  /** Scenarios still queued. */
  get queuedScenarios(): number {
    return this.queue.length;
  }

  /** Starts listening; resolves with the fake itself. */
  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.origin = `http://${host}:${address.port}`;
    return this;
  }

  /** Closes every socket (stalled streams included) and the server. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const controller of this.activeResponses) controller.abort('stopped');
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const socket of this.sockets.values()) socket.destroy();
      await closed;
      await this.waitForConnectionsClosed();
    })();
    return this.stopping;
  }

  /** Queues scenarios for the next answer requests, in order. */
  enqueue(...scenarios: Scenario[]): void {
    this.queue.push(...scenarios);
  }

  /** Replaces the queue. */
  setScript(scenarios: Scenario[]): void {
    this.queue = [...scenarios];
  }

  /** Sets the scenario used when the queue is empty. */
  setDefault(scenario: Scenario): void {
    this.defaultScenario = scenario;
  }

  /** Makes the next matching request(s) fail with `fault.error`, before any protocol check. */
  failNext(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** Forgets recorded requests, queued scenarios and faults. */
  reset(): void {
    this.requests.length = 0;
    this.queue = [];
    this.faults = [];
    this.changed();
  }

  /** Requests matching a method and a path (exact, or prefix ending with `*`). */
  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((record) => record.method === method && pathMatches(path, record.path));
  }

  /** Resolves with `probe()`'s first truthy value, checked now and on every state change. */
  waitFor<T>(probe: () => T | undefined | null | false): Promise<T> {
    return new Promise((resolve) => {
      const check = () => {
        const value = probe();
        if (value === undefined || value === null || value === false) return false;
        this.off('change', check);
        resolve(value);
        return true;
      };
      if (!check()) this.on('change', check);
    });
  }

  /** Resolves when no socket is open. */
  waitForConnectionsClosed(): Promise<void> {
    return this.waitFor(() => this.sockets.size === 0).then(() => undefined);
  }

  /** Resolves when the connection with this id has closed. */
  waitForConnectionClosed(connectionId: number): Promise<void> {
    return this.waitFor(() => this.closedConnectionIds.has(connectionId)).then(() => undefined);
  }

  /** Whether the connection with this id has closed. */
  connectionClosed(connectionId: number): boolean {
    return this.closedConnectionIds.has(connectionId);
  }

  /** Resolves with the request at `index` once it arrived. */
  waitForRequest(index: number): Promise<RecordedRequest> {
    return this.waitFor(() => this.requests[index]);
  }

  /**
   * Resolves once the response to request `index` reached one of `outcomes` (default: any final
   * one); rejects when it ended another way (it can never reach them then), instead of hanging.
   */
  waitForOutcome(index: number, outcomes?: ResponseOutcome[]): Promise<RecordedRequest> {
    const wanted = outcomes ?? ['answered', 'completed', 'stalled', 'dropped', 'client-closed', 'stopped'];
    // a stalled response can still be closed by the client; these cannot change any more
    const settled: ResponseOutcome[] = ['answered', 'completed', 'dropped', 'client-closed', 'stopped'];
    return this.waitFor(() => {
      const record = this.requests[index];
      if (record === undefined) return undefined;
      if (wanted.includes(record.response.outcome)) return { record };
      return settled.includes(record.response.outcome) ? { error: new Error(`request ${index} ended "${record.response.outcome}", not ${wanted.join(' or ')}`) } : undefined;
    }).then((found) => {
      if ('error' in found) throw found.error;
      return found.record;
    });
  }

  /** Handles one protocol request. Errors thrown become a 500 (or a destroyed socket). */
  protected abstract handle(context: HandlerContext): Promise<void>;

  /** The next queued scenario, or the default. */
  protected takeScenario(): Scenario {
    return this.queue.shift() ?? this.defaultScenario;
  }

  /** Sends an error answer. */
  protected sendError(context: HandlerContext, error: ErrorAnswer): void {
    const { response, record } = context;
    const isText = typeof error.body === 'string' || error.body === undefined;
    const body = error.body === undefined ? '' : isText ? (error.body as string) : JSON.stringify(error.body);
    const headers: Record<string, string> = {
      'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
      ...lowerCaseKeys(error.headers ?? {}),
    };
    if (error.statusText !== undefined) response.statusMessage = error.statusText;
    this.send(context, error.status, headers, body);
    record.response.bytesWritten = Buffer.byteLength(body);
  }

  /** Sends a complete answer. */
  protected send(context: HandlerContext, status: number, headers: Record<string, string>, body: string): void {
    const { response, record } = context;
    record.response.status = status;
    response.writeHead(status, headers);
    response.end(body);
    this.setOutcome(record, 'answered');
  }

  /** Streams frames per the scenario, keeping the record's outcome up to date. */
  protected async stream(
    context: HandlerContext,
    status: number,
    headers: Record<string, string>,
    frames: Iterable<Frame>,
    scenario: Scenario,
  ): Promise<void> {
    const { response, record, signal } = context;
    if (scenario.stallBeforeHeaders) {
      this.setOutcome(record, 'stalled');
      await new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      return;
    }
    record.response.status = status;
    response.writeHead(status, headers);
    this.setOutcome(record, 'streaming');
    const result = await writeBody(response, frames, scenario, signal, (outcome, bytes) => {
      record.response.bytesWritten = bytes;
      this.setOutcome(record, outcome);
    });
    record.response.bytesWritten = result.bytesWritten;
    if (record.response.outcome === 'streaming' || result.outcome !== 'client-closed') {
      this.setOutcome(record, result.outcome);
    } else {
      // the outcome was set when the client closed; the final byte count comes only now
      this.changed();
    }
  }

  /** Updates a response outcome and tells waiters. */
  protected setOutcome(record: RecordedRequest, outcome: ResponseOutcome): void {
    record.response.outcome = outcome;
    this.changed();
  }

  /** Tells `waitFor` probes to look again. */
  protected changed(): void {
    this.emit('change');
  }

  private track(socket: Socket): void {
    const id = ++this.connectionsSeen;
    this.sockets.set(id, socket);
    (socket as Socket & { fakeConnectionId?: number }).fakeConnectionId = id;
    socket.once('close', () => {
      this.sockets.delete(id);
      this.closedConnectionIds.add(id);
      this.emit('connection-closed', id);
      this.changed();
    });
    if (this.stopping) socket.destroy();
    this.changed();
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawBody = await readBody(request);
    const path = request.url ?? '/';
    if (path.startsWith('/__control/')) return this.control(request, response, path, rawBody);
    const record: RecordedRequest = {
      index: this.requests.length,
      method: request.method ?? 'GET',
      path,
      headers: request.headers,
      body: rawBody.toString('utf8'),
      rawBody,
      parsedBody: parseBody(request.headers['content-type'], rawBody),
      receivedAt: Date.now(),
      connectionId: (request.socket as Socket & { fakeConnectionId?: number }).fakeConnectionId ?? 0,
      response: { status: undefined, outcome: 'pending', bytesWritten: 0 },
    };
    const controller = new AbortController();
    this.activeResponses.add(controller);
    response.once('close', () => {
      controller.abort('closed');
      this.activeResponses.delete(controller);
      const outcome = record.response.outcome;
      if (outcome === 'streaming' || outcome === 'pending') this.setOutcome(record, 'client-closed');
    });
    this.requests.push(record);
    this.emit('request', record);
    this.changed();
    const context: HandlerContext = { request, response, record, signal: controller.signal };
    const fault = this.takeFault(record.method, path);
    try {
      if (fault) this.sendError(context, fault);
      else await this.handle(context);
    } catch (error) {
      if (!response.headersSent) {
        this.send(context, 500, { 'content-type': 'text/plain' }, `fake upstream failed: ${String(error)}`);
      } else {
        response.destroy();
      }
    }
  }

  private takeFault(method: string, path: string): ErrorAnswer | undefined {
    const fault = this.faults.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method.toUpperCase() === method) &&
        (candidate.path === undefined || pathMatches(candidate.path, path)),
    );
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault.error;
  }

  private control(request: IncomingMessage, response: ServerResponse, path: string, rawBody: Buffer): void {
    const reply = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    let body: unknown;
    try {
      body = rawBody.length > 0 ? JSON.parse(rawBody.toString('utf8')) : undefined;
    } catch {
      return reply(400, { error: 'control bodies are JSON' });
    }
    const route = `${request.method} ${path.split('?')[0]}`;
    const asList = (value: unknown) => (Array.isArray(value) ? (value as Scenario[]) : [value as Scenario]);
    switch (route) {
      case 'POST /__control/script':
        this.setScript(asList(body));
        return reply(200, { queued: this.queue.length });
      case 'POST /__control/enqueue':
        this.enqueue(...asList(body));
        return reply(200, { queued: this.queue.length });
      case 'POST /__control/default':
        this.setDefault(body as Scenario);
        return reply(200, { ok: true });
      case 'POST /__control/fail':
        this.failNext(body as Fault);
        return reply(200, { ok: true });
      case 'POST /__control/reset':
        this.reset();
        return reply(200, { ok: true });
      case 'GET /__control/requests':
        return reply(
          200,
          this.requests.map(({ rawBody: _raw, ...rest }) => rest),
        );
      case 'GET /__control/connections':
        return reply(200, { open: this.openConnections, total: this.totalConnections });
      default:
        return reply(404, { error: `no control route ${route}` });
    }
  }
}

/** Whether `pattern` (exact, or prefix ending with `*`) matches `path`. */
export function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

/** The media type of a content-type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', () => resolve(Buffer.concat(chunks)));
    request.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

function parseBody(contentType: string | undefined, rawBody: Buffer): unknown {
  const type = mediaType(contentType);
  const text = rawBody.toString('utf8');
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  if (type.endsWith('json') || type === 'text/plain') {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
