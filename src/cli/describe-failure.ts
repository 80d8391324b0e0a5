import { ProviderError } from '../model/provider-error.ts';
import { waitPhrase } from '../i18n/wait-phrase.ts';

/** One line for stderr describing why an answer failed; a `retry-after` is said as when to try again. */
export function describeFailure(error: unknown): string {
  if (error instanceof ProviderError) {
    const status = error.status === undefined ? '' : ` (HTTP ${error.status})`;
    const wait = error.retryAfterSeconds === undefined ? '' : `; try again ${waitPhrase('en', error.retryAfterSeconds)}`;
    return `${error.provider}: ${error.kind}${status}: ${error.message}${wait}`;
  }
  return error instanceof Error ? error.message : String(error);
}
