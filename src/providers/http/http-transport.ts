import { STATUS_CODES } from 'node:http';
import { Agent, type Dispatcher } from 'undici';
import type { HttpConfig } from '../../config/provider-config.ts';
import { ProviderError, isRetryableStatus, kindForStatus } from '../../model/provider-error.ts';
import { sleep, systemClock, type Clock } from '../../model/clock.ts';
import { readErrorBody } from './error-body.ts';
import { retryAfterSeconds } from './retry-after.ts';
import { redactSecrets } from '../../log/redact-secrets.ts';

/** One HTTP request as a provider sends it. */
export interface HttpRequest {
  /** Absolute URL. */
  url: string;
  /** HTTP method. */
  method: 'GET' | 'POST' | 'DELETE';
  /** Request headers. */
  headers?: Record<string, string>;
  /** Request body, already encoded. */
  body?: string;
  /** Aborts the request and closes its connection. */
  signal?: AbortSignal;
  /**
   * Whether a 3xx answer is expected (chat-ui's `POST /settings` answers 303). Otherwise a
   * redirect is a `protocol` error: none of the protocols redirects an API call, and following
   * one to a login page would only show that page as an error later.
   */
  redirectExpected?: boolean;
}

/** Dependencies of the transport, all injectable for tests. */
export interface HttpTransportOptions {
  /** Timeouts and retry policy. */
  config: HttpConfig;
  /** Time: the first-token and idle watchdogs, and the first-token deadline shared by retries. */
  clock?: Clock;
  /** How retry back-off waits (default: on the clock); tests record the delays instead of waiting. */
  sleep?: (delayMs: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1), for back-off jitter; tests pin it. */
  random?: () => number;
  /** Secret values to blank out of any error message taken from an upstream. */
  secrets?: string[];
}

/**
 * The provider layer's HTTP: one undici connection pool for every upstream, the connect timeout,
 * error mapping to `ProviderError`, and what answers need of it (`streamAnswer`): the clock of
 * their watchdogs and deadlines, retry back-off and its jitter.
 */
export class HttpTransport {
  // one pool for every provider
  readonly #dispatcher: Dispatcher;
  /** Timeouts and retry policy. */
  readonly config: HttpConfig;
  /** The watchdogs' timers and the clock of first-token deadlines. */
  readonly clock: Clock;
  /** Back-off sleep. */
  readonly sleep: (delayMs: number, signal?: AbortSignal) => Promise<void>;
  /** The source of back-off jitter. */
  readonly random: () => number;
  readonly #secrets: string[];

  constructor(options: HttpTransportOptions) {
    this.config = options.config;
    this.#dispatcher = new Agent({
      connect: { timeout: options.config.connectTimeoutMs },
      // response headers are part of "time to first token"; the watchdog owns body timing
      headersTimeout: options.config.firstTokenTimeoutMs,
      bodyTimeout: 0,
      keepAliveTimeout: 10_000,
    });
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? ((delayMs, signal) => sleep(this.clock, delayMs, signal));
    this.random = options.random ?? Math.random;
    this.#secrets = (options.secrets ?? []).filter((secret) => secret.length > 0);
  }

  /**
   * GETs `url` within the connect timeout and discards the answer: any status below 500 means
   * the upstream is up (a 4xx still proves the server is there, e.g. a login page).
   */
  async probe(provider: string, url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const timeout = AbortSignal.timeout(this.config.connectTimeoutMs);
    try {
      const response = await this.send(provider, { url, method: 'GET', headers, signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]) });
      await response.body.dump();
    } catch (error) {
      if (error instanceof ProviderError && error.status !== undefined && error.status < 500) return;
      throw error;
    }
  }

  /**
   * Sends a request and returns the response once its status is a success (2xx, or 3xx when
   * `redirectExpected`); any other status is read and thrown as a `ProviderError` with the
   * upstream's message, a redirect as a `protocol` error.
   */
  async send(provider: string, request: HttpRequest): Promise<Dispatcher.ResponseData> {
    let response: Dispatcher.ResponseData;
    try {
      response = await this.#dispatcher.request({
        origin: new URL(request.url).origin,
        path: pathOf(request.url),
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
      });
    } catch (error) {
      throw this.networkError(provider, error, request.signal);
    }
    if (response.statusCode >= 400) throw await this.#statusError(provider, response);
    if (response.statusCode >= 300 && request.redirectExpected !== true) throw await this.#redirectError(provider, response);
    return response;
  }

  /**
   * Turns an undici failure (or an abort) into a `ProviderError`. `bodyBytes` is how much of the
   * body had arrived, when the failure came while reading it. Only what a retry can fix is
   * retryable: no connection (a connect timeout included), or one that dropped before any byte
   * of the body. A first-token timeout never is: its clock covers every attempt, so another try
   * would only wait again.
   */
  networkError(provider: string, error: unknown, signal: AbortSignal | undefined, bodyBytes?: number): ProviderError {
    if (error instanceof ProviderError) return error;
    if (signal?.aborted) {
      const reason: unknown = signal.reason;
      if (reason instanceof ProviderError) return reason;
      return new ProviderError({ provider, kind: 'aborted', message: 'the request was cancelled', cause: error });
    }
    const code = (error as { code?: string }).code ?? '';
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new ProviderError({ provider, kind: 'timeout', message: `could not connect within ${this.config.connectTimeoutMs / 1000} s`, retryable: true, cause: error });
    }
    if (code === 'UND_ERR_HEADERS_TIMEOUT') {
      return new ProviderError({ provider, kind: 'timeout', message: `no answer within ${this.config.firstTokenTimeoutMs / 1000} s`, cause: error });
    }
    if (bodyBytes !== undefined) {
      return new ProviderError({ provider, kind: 'cut', message: 'the connection closed before the answer was complete', retryable: bodyBytes === 0, cause: error });
    }
    const detail = code !== '' ? code : error instanceof Error ? error.message : String(error);
    return new ProviderError({ provider, kind: 'unavailable', message: `cannot reach the provider (${this.redact(detail)})`, retryable: true, cause: error });
  }

  /**
   * Reads an error response and describes it. The message is the upstream's own words, without
   * the status (it is on the error, and shown beside it): the body's message, or the reason
   * phrase when the body says nothing (chatbot-ui answers `500 Error` with its reason there).
   */
  async #statusError(provider: string, response: Dispatcher.ResponseData): Promise<ProviderError> {
    const status = response.statusCode;
    const bodyMessage = await readErrorBody(response);
    const reason = isPlaceholder(bodyMessage, status) ? informativeReasonPhrase(response) : bodyMessage;
    const upstreamMessage = this.redact(reason ?? bodyMessage);
    return new ProviderError({
      provider,
      kind: kindForStatus(status),
      status,
      upstreamMessage,
      message: reason === undefined ? 'the provider gave no reason' : upstreamMessage,
      retryable: isRetryableStatus(status),
      retryAfterSeconds: retryAfterSeconds(response.headers),
    });
  }

  /** Describes a redirect where an answer belongs; never retried, it would redirect again. */
  async #redirectError(provider: string, response: Dispatcher.ResponseData): Promise<ProviderError> {
    await response.body.dump().catch(() => undefined);
    const location = firstHeader(response.headers['location']);
    const target = location === undefined ? '' : ` to ${this.redact(location)}`;
    return new ProviderError({ provider, kind: 'protocol', status: response.statusCode, message: `the provider redirected the request${target} instead of answering` });
  }

  /** Blanks configured secrets out of text that came from an upstream. */
  redact(text: string): string {
    return redactSecrets(text, this.#secrets);
  }

  /** Closes the pool. */
  async close(): Promise<void> {
    await this.#dispatcher.close();
  }
}

/** An error body that carries no reason: empty, or a bare `Error` / the status's own phrase. */
function isPlaceholder(message: string, status: number): boolean {
  return message === '' || message === 'Error' || message === STATUS_CODES[status];
}

/** The reason phrase when it says more than the standard one for the status. */
function informativeReasonPhrase(response: Dispatcher.ResponseData): string | undefined {
  const phrase = (response.statusText ?? '').trim();
  return phrase === '' || phrase === STATUS_CODES[response.statusCode] ? undefined : phrase;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}
