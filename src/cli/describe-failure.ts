import { ProviderError } from '../providers/errors.ts';

/** One line for stderr describing why an answer failed. */
export function describeFailure(error: unknown): string {
  if (error instanceof ProviderError) {
    const status = error.status === undefined ? '' : ` (HTTP ${error.status})`;
    const wait = error.retryAfterSeconds === undefined ? '' : `; retry after ${Math.ceil(error.retryAfterSeconds)} s`;
    return `${error.provider}: ${error.kind}${status}: ${error.message}${wait}`;
  }
  return error instanceof Error ? error.message : String(error);
}
