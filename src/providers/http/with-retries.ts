import { ProviderError } from '../errors.ts';
import type { StreamPart } from '../types.ts';
import type { HttpTransport } from './http-transport.ts';

/**
 * Runs `attempt` and, while it fails before yielding its first part with a retryable error,
 * runs it again after a back-off: the upstream's `retry-after` when given (up to the configured
 * maximum — a longer wait fails at once, since a user is watching), else 0.5 s, 1 s, 2 s …
 * Once a part was yielded, failures pass straight through: a retry would repeat visible text.
 */
export async function* withRetries(
  transport: HttpTransport,
  signal: AbortSignal | undefined,
  attempt: () => AsyncIterable<StreamPart>,
): AsyncGenerator<StreamPart> {
  const { maxRetries, maxRetryWaitMs } = transport.config;
  for (let retry = 0; ; retry += 1) {
    let yielded = false;
    try {
      for await (const part of attempt()) {
        yielded = true;
        yield part;
      }
      return;
    } catch (error) {
      if (!(error instanceof ProviderError) || yielded || !error.retryable || retry >= maxRetries || signal?.aborted) throw error;
      const requestedMs = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
      if (requestedMs !== undefined && requestedMs > maxRetryWaitMs) throw error;
      const delayMs = requestedMs ?? 500 * 2 ** retry;
      try {
        await transport.sleep(delayMs, signal);
      } catch {
        throw new ProviderError({ provider: error.provider, kind: 'aborted', message: 'the request was cancelled' });
      }
    }
  }
}
