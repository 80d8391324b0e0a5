/**
 * What went wrong, in classes a user can understand. `oversized`: one stream event (or line)
 * passed the size cap, so the answer was dropped rather than buffered without bound;
 * `protocol`: the upstream answered, but not in its protocol (an HTML page or a redirect where
 * an event stream belongs).
 */
export type ProviderErrorKind =
  | 'unknown-model'
  | 'auth'
  | 'rate-limited'
  | 'timeout'
  | 'unavailable'
  | 'bad-request'
  | 'cut'
  | 'oversized'
  | 'protocol'
  | 'upstream'
  | 'aborted';

/** Fields of a `ProviderError`. */
export interface ProviderErrorInit {
  /** The provider id (`h2o`, `openai`, …). */
  provider: string;
  /** The class of failure. */
  kind: ProviderErrorKind;
  /** Human-readable explanation, never containing secrets. */
  message: string;
  /** HTTP status, when the upstream answered with one. */
  status?: number;
  /** The upstream's own error message, when it sent one. */
  upstreamMessage?: string;
  /** Whether trying again may help (only meaningful before the first delta). */
  retryable?: boolean;
  /**
   * Seconds the upstream asked us to wait (`retry-after`), when it did. Kept on the error when
   * the wait was too long to honour, so the person can be told when to try again.
   */
  retryAfterSeconds?: number;
  /** The underlying error. */
  cause?: unknown;
}

/** A typed failure of a provider call: thrown by `Provider.stream` and `listModels`. */
export class ProviderError extends Error {
  /** The provider id. */
  readonly provider: string;
  /** The class of failure. */
  readonly kind: ProviderErrorKind;
  /** HTTP status, when there was one. */
  readonly status: number | undefined;
  /** The upstream's own message, when it sent one. */
  readonly upstreamMessage: string | undefined;
  /** Whether a retry may help. */
  readonly retryable: boolean;
  /** Seconds the upstream asked to wait, when it did. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: ProviderErrorInit) {
    super(init.message, { cause: init.cause });
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.kind = init.kind;
    this.status = init.status;
    this.upstreamMessage = init.upstreamMessage;
    this.retryable = init.retryable ?? false;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** HTTP statuses after which a retry may help (before the first delta only). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Maps an HTTP status to the class a user is told about. */
export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404 || status === 410) return 'unknown-model';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate-limited';
  if (status === 400 || status === 422) return 'bad-request';
  if (status >= 500) return 'unavailable';
  return 'upstream';
}
