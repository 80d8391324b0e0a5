import { ProviderError } from '../../model/provider-error.ts';
import type { Clock } from '../../model/clock.ts';

/**
 * Guards one upstream request with the time-to-first-token and idle-between-tokens limits.
 * Its `signal` goes to undici: when a limit passes, the request is aborted (which closes the
 * upstream socket) with the timeout error as the abort reason, to report instead of the abort.
 * Activity is any token the model generates, reasoning included (a reasoning model may think
 * for minutes before its first visible word); keep-alive comments are not, so a server that
 * only pings still times out. Its timeouts are never retryable: the person already waited them out.
 */
export class StreamWatchdog {
  /** Abort signal for the upstream request: fires on caller abort or on a timeout. */
  readonly signal: AbortSignal;

  readonly #controller = new AbortController();
  readonly #provider: string;
  readonly #timers: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  readonly #firstTokenWithinMs: number;
  readonly #idleTimeoutMs: number;
  // built once: tokenArrived runs for every token
  readonly #firstTokenMessage: string;
  readonly #idleMessage: string;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #onCallerAbort = () => this.#controller.abort(this.#callerSignal?.reason);
  #timer: unknown;

  /**
   * `firstTokenTimeoutMs` is the configured limit, as reported; `firstTokenWithinMs` what is left
   * of it for this attempt (earlier attempts of the same answer used the rest).
   */
  constructor(options: { provider: string; timers: Pick<Clock, 'setTimeout' | 'clearTimeout'>; firstTokenTimeoutMs: number; firstTokenWithinMs: number; idleTimeoutMs: number; signal?: AbortSignal }) {
    this.#provider = options.provider;
    this.#timers = options.timers;
    this.#firstTokenWithinMs = options.firstTokenWithinMs;
    this.#idleTimeoutMs = options.idleTimeoutMs;
    this.#firstTokenMessage = `no answer within ${formatSeconds(options.firstTokenTimeoutMs)}`;
    this.#idleMessage = `the answer stalled for ${formatSeconds(options.idleTimeoutMs)}`;
    this.#callerSignal = options.signal;
    this.signal = this.#controller.signal;
    if (options.signal?.aborted) this.#controller.abort(options.signal.reason);
    else options.signal?.addEventListener('abort', this.#onCallerAbort, { once: true });
  }

  /** Starts the first-token clock; call when the answer request is sent. */
  startFirstToken(): void {
    this.#arm(this.#firstTokenWithinMs, this.#firstTokenMessage);
  }

  /** The model generated something (answer text or reasoning): restart the idle clock. */
  tokenArrived(): void {
    this.#arm(this.#idleTimeoutMs, this.#idleMessage);
  }

  /** Stops every timer and detaches from the caller's signal. */
  dispose(): void {
    this.#timers.clearTimeout(this.#timer);
    this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }

  #arm(delayMs: number, message: string): void {
    this.#timers.clearTimeout(this.#timer);
    this.#timer = this.#timers.setTimeout(() => {
      // not retryable: a retry would make the person wait the whole limit again
      this.#controller.abort(new ProviderError({ provider: this.#provider, kind: 'timeout', message }));
    }, delayMs);
  }
}

function formatSeconds(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
