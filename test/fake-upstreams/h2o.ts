/**
 * A fake h2o (protocols.md, "h2o"): Hugging Face chat-ui in front of TGI. The whole session —
 * `GET /` (cookie `hf-chat`), `POST /settings` (ethics modal), `POST /conversation`,
 * `POST /conversation/<id>` (TGI `data:{…}` events, no space after `data:`), `DELETE
 * /conversation/<id>` — with chat-ui's cookie, referer and ethics-gate checks.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { endlessLineFrames, frame, withKeepAlives, type Frame } from './body-writer.ts';
import { FakeUpstream, mediaType, type FakeOptions, type HandlerContext } from './common.ts';
import { repeatedDeltas, type ErrorAnswer, type Scenario } from './scenario.ts';

/** The upstream ids of the three h2o models. */
export const H2O_MODELS = [
  'h2oai/h2ogpt-gm-oasst1-en-2048-falcon-7b-v3',
  'h2oai/h2ogpt-gm-oasst1-en-2048-falcon-40b-v1',
  'h2oai/h2ogpt-gm-oasst1-en-2048-open-llama-13b',
];

/** The stop token the client must honour. */
export const END_OF_TEXT = '<|endoftext|>';

/** chat-ui's session cookie. */
export const SESSION_COOKIE = 'hf-chat';

/** Options of the h2o fake. */
export interface H2oFakeOptions extends FakeOptions {
  /** Upstream model ids it serves (default `H2O_MODELS`). */
  models?: string[];
  /** Mark the session cookie `Secure` (chat-ui in production does; default false for http). */
  secureCookie?: boolean;
}

/** A chat-ui session (one cookie). */
export interface H2oSession {
  id: string;
  /** The last settings form posted, name → value. */
  settings: Record<string, string> | undefined;
  /** When the ethics modal was accepted (`Date.now()`). */
  ethicsAcceptedAt: number | undefined;
}

/** A conversation created by `POST /conversation`. */
export interface H2oConversation {
  id: string;
  sessionId: string;
  model: string;
  createdAt: number;
}

/** Builders for the documented chat-ui / TGI error answers. */
export const h2oErrors = {
  /** 401. */
  unauthorized: (): ErrorAnswer => message(401, 'You have to be logged in.'),
  /** 404 "Conversation not found". */
  conversationNotFound: (): ErrorAnswer => message(404, 'Conversation not found'),
  /** 405 ethics modal not accepted (a JSON request's form). */
  ethicsNotAccepted: (): ErrorAnswer => ({ status: 405, body: { error: ETHICS_MESSAGE } }),
  /** 410 "Model not available anymore". */
  modelGone: (): ErrorAnswer => message(410, 'Model not available anymore'),
  /** 422 validation. */
  validation: (text = 'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 2048'): ErrorAnswer =>
    message(422, text),
  /** 424 generation. */
  generation: (text = 'Request failed during generation: Server error: CUDA out of memory'): ErrorAnswer =>
    message(424, text),
  /** 429 "You are sending too many messages. Try again later." */
  tooManyMessages: (): ErrorAnswer => message(429, 'You are sending too many messages. Try again later.'),
  /** 500. */
  serverError: (): ErrorAnswer => message(500, 'Internal Error'),
};

const ETHICS_MESSAGE = 'You need to accept the welcome modal first';

function message(status: number, text: string): ErrorAnswer {
  return { status, body: { message: text } };
}

/** The h2o fake. `url` is the root (`http://127.0.0.1:PORT`). */
export class H2oFake extends FakeUpstream {
  readonly kind = 'h2o' as const;
  /** Models it serves. */
  readonly models: string[];
  /** Sessions by cookie value. */
  readonly sessions = new Map<string, H2oSession>();
  /** Live conversations by id. */
  readonly conversations = new Map<string, H2oConversation>();
  /** Ids of conversations deleted by `DELETE /conversation/<id>`, in order. */
  readonly deletedConversations: string[] = [];
  private readonly secureCookie: boolean;

  constructor(options: H2oFakeOptions = {}) {
    super(options);
    this.models = options.models ?? H2O_MODELS;
    this.secureCookie = options.secureCookie ?? false;
  }

  protected async handle(context: HandlerContext): Promise<void> {
    const { record, response } = context;
    const method = record.method;
    const path = record.path.split('?')[0]!;
    const cookie = readCookie(record.headers.cookie, SESSION_COOKIE);
    let session = cookie === undefined ? undefined : this.sessions.get(cookie);
    if (!session && method === 'POST' && path === '/settings') {
      return this.gateError(context, 403, 'Missing session cookie: load / first');
    }
    if (!session) {
      // chat-ui starts a fresh session for any request without a known cookie
      session = { id: randomUUID(), settings: undefined, ethicsAcceptedAt: undefined };
      this.sessions.set(session.id, session);
    }
    response.setHeader('set-cookie', this.cookieFor(session.id));

    const contentType = mediaType(record.headers['content-type']);
    if (method === 'POST' && contentType !== 'application/json') {
      const referer = record.headers.referer;
      if (!referer) return this.gateError(context, 403, 'Non-JSON form requests need to have a referer');
      if (!sameOrigin(referer, record.headers.host)) return this.gateError(context, 403, 'Invalid referer for POST request');
    }
    const isRead = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
    if (!isRead && !path.startsWith('/settings') && session.ethicsAcceptedAt === undefined) {
      return this.gateError(context, 405, ETHICS_MESSAGE);
    }

    if (isRead && (path === '/' || path === '/settings')) {
      const page = '<!doctype html><html><head><title>h2oGPT</title></head><body>fake chat-ui</body></html>';
      return this.send(context, 200, { 'content-type': 'text/html; charset=utf-8' }, page);
    }
    if (method === 'POST' && path === '/settings') return this.acceptSettings(context, session);
    if (method === 'POST' && path === '/conversation') return this.createConversation(context, session);
    const match = /^\/conversation\/([^/]+)$/.exec(path);
    if (match) {
      const conversation = this.conversations.get(match[1]!);
      if (!conversation || conversation.sessionId !== session.id) return this.sendError(context, h2oErrors.conversationNotFound());
      if (method === 'DELETE') {
        this.conversations.delete(conversation.id);
        this.deletedConversations.push(conversation.id);
        return this.send(context, 200, {}, '');
      }
      if (method === 'POST') return this.answer(context, conversation);
    }
    return this.sendError(context, message(404, 'Not found'));
  }

  private acceptSettings(context: HandlerContext, session: H2oSession): void {
    const form = context.record.parsedBody as Record<string, string> | undefined;
    session.settings = { ...form };
    if (form?.ethicsModalAccepted) session.ethicsAcceptedAt = Date.now();
    this.send(context, 303, { location: '/' }, '');
  }

  private createConversation(context: HandlerContext, session: H2oSession): void {
    const body = context.record.parsedBody as { model?: unknown } | undefined;
    const model = body?.model;
    if (typeof model !== 'string' || !this.models.includes(model)) return this.sendError(context, h2oErrors.modelGone());
    const id = randomBytes(12).toString('hex');
    this.conversations.set(id, { id, sessionId: session.id, model, createdAt: Date.now() });
    this.send(context, 200, { 'content-type': 'application/json' }, JSON.stringify({ conversationId: id }));
  }

  private async answer(context: HandlerContext, _conversation: H2oConversation): Promise<void> {
    const body = context.record.parsedBody as { inputs?: unknown; parameters?: { details?: unknown } } | undefined;
    if (typeof body?.inputs !== 'string' || body.inputs.trim() === '') {
      return this.sendError(context, h2oErrors.validation('Input validation error: `inputs` must not be empty'));
    }
    const scenario = this.takeScenario();
    if (scenario.error) return this.sendError(context, scenario.error);
    const detailsRequested = body.parameters?.details === true;
    const frames = withKeepAlives(tgiFrames(scenario, detailsRequested), scenario.keepAlives, ':');
    await this.stream(context, 200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, frames, scenario);
  }

  /** chat-ui's `errorResponse`: JSON `{error}` to JSON requests, plain text otherwise. */
  private gateError(context: HandlerContext, status: number, text: string): void {
    const headers = context.record.headers;
    const wantsJson = (headers.accept ?? '').includes('application/json') || (headers['content-type'] ?? '').includes('application/json');
    if (wantsJson) return this.send(context, status, { 'content-type': 'application/json' }, JSON.stringify({ error: text }));
    this.send(context, status, { 'content-type': 'text/plain' }, text);
  }

  private cookieFor(id: string): string {
    const expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
    return `${SESSION_COOKIE}=${id}; Path=/; Expires=${expires}; HttpOnly; SameSite=Lax${this.secureCookie ? '; Secure' : ''}`;
  }
}

/** Starts an h2o fake on 127.0.0.1. */
export function startH2oFake(options: H2oFakeOptions = {}): Promise<H2oFake> {
  return new H2oFake(options).start();
}

interface TgiToken {
  id: number;
  text: string;
  special: boolean;
}

/** The TGI `generate_stream` events of one answer. */
export function* tgiFrames(scenario: Scenario, detailsRequested: boolean): Generator<Frame> {
  const endOfText = scenario.endOfText ?? 'special';
  let generatedText = '';
  let generatedTokens = 0;
  let previous: TgiToken | undefined;
  const render = (token: TgiToken, final: boolean) => {
    const logprob = -((generatedTokens % 9) + 1) / 10;
    const head = `data:{"token":{"id":${token.id},"text":${JSON.stringify(token.text)},"logprob":${logprob},"special":${token.special}}`;
    if (!final) return frame(`${head},"generated_text":null,"details":null}\n\n`, !token.special);
    const reason = scenario.finishReason === undefined ? (endOfText === 'none' ? 'length' : 'eos_token') : scenario.finishReason;
    const withDetails = scenario.finishReason === undefined ? detailsRequested : scenario.finishReason !== null;
    const details = withDetails ? `{"finish_reason":${JSON.stringify(reason)},"generated_tokens":${generatedTokens},"seed":null}` : 'null';
    const text = scenario.generatedText ?? generatedText;
    return frame(`${head},"generated_text":${JSON.stringify(text)},"details":${details}}\n\n`, !token.special);
  };
  // one token of lookahead so the last one can carry generated_text
  function* push(token: TgiToken): Generator<Frame> {
    if (previous) yield render(previous, false);
    previous = token;
    generatedTokens++;
    if (!token.special) generatedText += token.text;
  }

  const specials = [...(scenario.specialTokens ?? [])].sort((a, b) => a.at - b.at);
  let nextSpecial = 0;
  let index = 0;
  for (const text of repeatedDeltas(scenario)) {
    while (nextSpecial < specials.length && specials[nextSpecial]!.at <= index) {
      yield* push({ id: 2, text: specials[nextSpecial++]!.text, special: true });
    }
    yield* push({ id: 1000 + (index % 30000), text, special: false });
    index++;
  }
  while (nextSpecial < specials.length) yield* push({ id: 2, text: specials[nextSpecial++]!.text, special: true });

  if (scenario.endlessLine) {
    if (previous) yield render(previous, false);
    yield* endlessLineFrames(`data:{"token":{"id":1000,"text":"`);
    return;
  }
  if (scenario.midStreamError || scenario.omitEnd) {
    if (previous) yield render(previous, false);
    if (scenario.midStreamError) {
      const { message: text, type } = scenario.midStreamError;
      yield frame(`data:${JSON.stringify({ error: text, error_type: type ?? 'generation' })}\n\n`);
    }
    return;
  }
  if (endOfText !== 'none') yield* push({ id: 11, text: END_OF_TEXT, special: endOfText === 'special' });
  for (const text of scenario.tokensAfterEndOfText ?? []) yield* push({ id: 1000 + (index++ % 30000), text, special: false });
  yield render(previous ?? { id: 11, text: '', special: true }, true);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function sameOrigin(referer: string, host: string | undefined): boolean {
  try {
    return new URL(referer).host === host;
  } catch {
    return false;
  }
}
