/**
 * The sharded benchmark's model server, as its own process: an OpenAI-compatible
 * `POST /v1/chat/completions` that streams the benchmark's answer to a thousand requests at
 * once at a fixed token rate, cheaply enough to leave the two cores to the bot.
 *
 *   node bench/sharded/upstream.ts '<UpstreamConfig as JSON>'
 *
 * Prints `READY <base URL with /v1>` on stdout. The answer is `makeAnswer(tokens)` (the Discord
 * side builds the same one to check what people saw); a prompt tagged as a warm-up (`w…/`)
 * gets the short `makeAnswer(warmupTokens, 7)`.
 *
 * Pacing: token k of a stream is due `k × 1000 / ratePerSecond` ms after the request arrived
 * (the first at once, on a schedule anchored at the arrival: no drift). One timer for every
 * stream wakes each `tickMs` and writes each stream's due tokens in one write, one SSE event
 * per token: a thousand streams cost a thousand writes per tick, not one timer and one write
 * per token. A token thus leaves up to one tick after it was due; the Discord side takes the
 * due time as the send time, which only makes staleness look worse.
 *
 * `GET /__control/requests` lists `{ tag, receivedAt }` (epoch ms) of every answered request
 * whose last user message carries a tag (`c0042/mention`, `a0042/ask`); `POST /__control/reset`
 * forgets them. SIGTERM, SIGINT or the end of stdin stop it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { makeAnswer } from '../reply/answer.ts';

/** What the parent asks for. */
export interface UpstreamConfig {
  model: string;
  tokens: number;
  warmupTokens: number;
  ratePerSecond: number;
  tickMs: number;
}

/** A conversation's tag in a prompt: a letter for the run and kind, a number, the trigger. */
export const TAG_PATTERN = /\b([a-z]\d{4})\/(mention|ask)\b/;

const config = JSON.parse(process.argv[2] ?? '{}') as UpstreamConfig;
const intervalMs = 1000 / config.ratePerSecond;

/** The SSE events of an answer, encoded once: every stream of it writes the same bytes. */
function encodeAnswer(tokens: readonly string[]): { events: Buffer[]; end: Buffer } {
  const head = `{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":0,"model":${JSON.stringify(config.model)},"choices":`;
  const event = (choices: string, usage = ',"usage":null') => Buffer.from(`data: ${head}${choices}${usage}}\n\n`);
  const choice = (delta: object, finish: string | null) => `[{"index":0,"delta":${JSON.stringify(delta)},"finish_reason":${JSON.stringify(finish)}}]`;
  const events = tokens.map((token, index) => (index === 0 ? Buffer.concat([event(choice({ role: 'assistant', content: '' }, null)), event(choice({ content: token }, null))]) : event(choice({ content: token }, null))));
  const usage = `,"usage":{"prompt_tokens":20,"completion_tokens":${tokens.length},"total_tokens":${20 + tokens.length}}`;
  const end = Buffer.concat([event(choice({}, 'stop')), event('[]', usage), Buffer.from('data: [DONE]\n\n')]);
  return { events, end };
}

const answers = { main: encodeAnswer(makeAnswer(config.tokens).tokens), warmup: encodeAnswer(makeAnswer(config.warmupTokens, 7).tokens) };

interface Stream {
  response: ServerResponse;
  startedAt: number;
  /** The next token to write. */
  next: number;
  answer: { events: Buffer[]; end: Buffer };
}

const streams = new Set<Stream>();
const received: Array<{ tag: string; receivedAt: number }> = [];
let ticker: NodeJS.Timeout | undefined;

/** Writes every stream's tokens that are due, and ends the streams that are done. */
function tick(): void {
  const now = performance.now();
  for (const stream of streams) {
    if (stream.response.destroyed) {
      streams.delete(stream);
      continue;
    }
    const due = Math.min(stream.answer.events.length, Math.floor((now - stream.startedAt) / intervalMs) + 1);
    if (due > stream.next) {
      stream.response.write(due - stream.next === 1 ? stream.answer.events[stream.next]! : Buffer.concat(stream.answer.events.slice(stream.next, due)));
      stream.next = due;
    }
    if (stream.next === stream.answer.events.length) {
      stream.response.end(stream.answer.end);
      streams.delete(stream);
    }
  }
  if (streams.size === 0) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

function lastUserText(body: unknown): string {
  const messages = (body as { messages?: Array<{ role?: string; content?: unknown }> }).messages ?? [];
  const content = messages.filter((message) => message.role === 'user').at(-1)?.content;
  return typeof content === 'string' ? content : JSON.stringify(content ?? '');
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === '/v1/models') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: config.model, object: 'model', owned_by: 'bench' }] }));
    return;
  }
  if (request.method === 'GET' && url.pathname === '/__control/requests') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
    return;
  }
  if (request.method === 'POST' && url.pathname === '/__control/reset') {
    received.length = 0;
    response.writeHead(204).end();
    return;
  }
  if (request.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
    return;
  }
  const body = await readJson(request);
  const text = lastUserText(body);
  const tag = TAG_PATTERN.exec(text);
  const warmup = /\bw\d{4}\//.test(text);
  const receivedAt = Date.now();
  // a retried request replaces the first: the last one is what streamed
  if (tag !== null) received.push({ tag: `${tag[1]}/${tag[2]}`, receivedAt });
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const stream: Stream = { response, startedAt: performance.now(), next: 0, answer: warmup ? answers.warmup : answers.main };
  // the first token leaves at once, the rest with the ticks
  response.write(stream.answer.events[0]!);
  stream.next = 1;
  streams.add(stream);
  ticker ??= setInterval(tick, config.tickMs);
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    process.stderr.write(`upstream: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!response.headersSent) response.writeHead(500).end();
    else response.destroy();
  });
});
// a thousand streams at once, each on its own keep-alive connection
server.maxConnections = 10_000;
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  process.stdout.write(`READY http://127.0.0.1:${address.port}/v1\n`);
});

const stop = () => {
  clearInterval(ticker);
  for (const stream of streams) stream.response.destroy();
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
