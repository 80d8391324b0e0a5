import { ProviderError } from '../../model/provider-error.ts';
import type { HttpConfig } from '../../config/provider-config.ts';

/** The first back-off, doubled after each failed retry. */
const INITIAL_BACK_OFF_MS = 500;
/** The longest back-off, however many retries are configured. */
const MAX_BACK_OFF_MS = 8000;
/** Up to this share of a back-off is taken off at random, so clients that failed together spread out. */
const BACK_OFF_JITTER = 0.25;

/**
 * The wait before retry number `retry` (from 0) when the upstream named none: 0.5 s, 1 s, 2 s …
 * capped at 8 s, minus up to 25 % jitter (as openai-node does). `random` gives [0, 1).
 */
export function backOffMs(retry: number, random: () => number): number {
  const base = Math.min(INITIAL_BACK_OFF_MS * 2 ** retry, MAX_BACK_OFF_MS);
  return Math.round(base * (1 - random() * BACK_OFF_JITTER));
}

/** Where an answer's attempts stand when one has failed. */
export interface FailedAttempt {
  /** How it failed. */
  error: unknown;
  /** Retries made so far (0 after the first attempt). */
  retry: number;
  /** Whether any part of it reached the caller. */
  yielded: boolean;
  /** `clock.now()` now, and the first-token deadline every attempt shares, on the same clock. */
  now: number;
  firstTokenDeadline: number;
}

/**
 * How long to wait before trying again, or `undefined` to fail with the error. Only a
 * retryable `ProviderError` of an attempt that showed nothing is retried (a retry would repeat
 * visible text), at most `maxRetries` times. A `retry-after` longer than `maxRetryWaitMs` fails
 * at once (the error keeps the wait), since a person is watching; and no wait starts that would
 * end past the first-token deadline, so a person waits at most the first-token timeout before
 * hearing why.
 */
export function retryDelayMs(failed: FailedAttempt, config: Pick<HttpConfig, 'maxRetries' | 'maxRetryWaitMs'>, random: () => number): number | undefined {
  const { error } = failed;
  if (!(error instanceof ProviderError) || failed.yielded || !error.retryable || failed.retry >= config.maxRetries) return undefined;
  const requestedMs = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
  if (requestedMs !== undefined && requestedMs > config.maxRetryWaitMs) return undefined;
  const delayMs = requestedMs ?? backOffMs(failed.retry, random);
  return failed.now + delayMs >= failed.firstTokenDeadline ? undefined : delayMs;
}
