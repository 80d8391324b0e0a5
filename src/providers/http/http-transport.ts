import { Agent, type Dispatcher } from 'undici';
import type { HttpConfig } from '../../config/provider-config.ts';
import { ProviderError, isRetryableStatus, kindForStatus } from '../errors.ts';
import { StreamWatchdog } from './stream-watchdog.ts';
import { sleep, systemTimers, type Timers } from './timers.ts';
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
}

/** Dependencies of the transport, all injectable for tests. */
export interface HttpTransportOptions {
  /** Timeouts and retry policy. */
  config: HttpConfig;
  /** Connection pool; one shared Agent for every provider by default. */
  dispatcher?: Dispatcher;
  /** Timers for the first-token and idle watchdogs. */
  timers?: Timers;
  /** How retry back-off waits; tests record the delays instead of waiting. */
  sleep?: (delayMs: number, signal?: AbortSignal) => Promise<void>;
  /** Secret values to blank out of any error message taken from an upstream. */
  secrets?: string[];
}

/**
 * The provider layer's HTTP: one undici connection pool for every upstream, connect timeout,
 * first-token and idle watchdogs, error mapping to `ProviderError`, and retry back-off.
 */
export class HttpTransport {
  /** The shared pool. */
  readonly dispatcher: Dispatcher;
  /** Timeouts and retry policy. */
  readonly config: HttpConfig;
  /** Timers used by the watchdogs. */
  readonly timers: Timers;
  /** Back-off sleep. */
  readonly sleep: (delayMs: number, signal?: AbortSignal) => Promise<void>;
  readonly #secrets: string[];
  readonly #ownsDispatcher: boolean;

  constructor(options: HttpTransportOptions) {
    this.config = options.config;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        connect: { timeout: options.config.connectTimeoutMs },
        // response headers are part of "time to first token"; the watchdog owns body timing
        headersTimeout: options.config.firstTokenTimeoutMs,
        bodyTimeout: 0,
        keepAliveTimeout: 10_000,
      });
    this.timers = options.timers ?? systemTimers;
    this.sleep = options.sleep ?? ((delayMs, signal) => sleep(this.timers, delayMs, signal));
    this.#secrets = (options.secrets ?? []).filter((secret) => secret.length > 0);
  }

  /** A watchdog for one streamed answer, tied to the caller's abort signal. */
  watchdog(provider: string, signal?: AbortSignal): StreamWatchdog {
    return new StreamWatchdog({
      provider,
      timers: this.timers,
      firstTokenTimeoutMs: this.config.firstTokenTimeoutMs,
      idleTimeoutMs: this.config.idleTimeoutMs,
      signal,
    });
  }

  /**
   * Sends a request and returns the response once its status is a success (2xx or 3xx);
   * any other status is read and thrown as a `ProviderError` with the upstream's message.
   */
  async send(provider: string, request: HttpRequest): Promise<Dispatcher.ResponseData> {
    let response: Dispatcher.ResponseData;
    try {
      response = await this.dispatcher.request({
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
    if (response.statusCode >= 400) throw await this.statusError(provider, response);
    return response;
  }

  /** Turns an undici failure (or an abort) into a `ProviderError`. */
  networkError(provider: string, error: unknown, signal: AbortSignal | undefined, afterFirstByte = false): ProviderError {
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
      return new ProviderError({ provider, kind: 'timeout', message: `no answer within ${this.config.firstTokenTimeoutMs / 1000} s`, retryable: true, cause: error });
    }
    if (afterFirstByte) {
      return new ProviderError({ provider, kind: 'cut', message: 'the connection closed before the answer was complete', retryable: true, cause: error });
    }
    const detail = code !== '' ? code : error instanceof Error ? error.message : String(error);
    return new ProviderError({ provider, kind: 'unavailable', message: `cannot reach the provider (${this.redact(detail)})`, retryable: true, cause: error });
  }

  /** Reads an error response and describes it. */
  async statusError(provider: string, response: Dispatcher.ResponseData): Promise<ProviderError> {
    const upstreamMessage = this.redact(await readErrorBody(response));
    const status = response.statusCode;
    return new ProviderError({
      provider,
      kind: kindForStatus(status),
      status,
      upstreamMessage,
      message: upstreamMessage === '' ? `HTTP ${status}` : `HTTP ${status}: ${upstreamMessage}`,
      retryable: isRetryableStatus(status),
      retryAfterSeconds: retryAfterSeconds(response.headers),
    });
  }

  /** Blanks configured secrets out of text that came from an upstream. */
  redact(text: string): string {
    return redactSecrets(text, this.#secrets);
  }

  /** Closes the pool if this transport created it. */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.dispatcher.close();
  }
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}
