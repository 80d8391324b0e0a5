import { ProviderError } from '../../model/provider-error.ts';
import type { StreamPart } from '../../model/stream-part.ts';
import { keepSurrogatePairsWhole } from '../whole-characters.ts';
import type { HttpTransport } from './http-transport.ts';
import { backOffMs } from './back-off.ts';

/**
 * Runs `attempt` and, while it fails before yielding its first part with a retryable error,
 * runs it again after a back-off (`backOffMs`). Every attempt gets the same first-token
 * deadline (on `transport.clock.now()`), and no back-off starts that would end past it, so a person
 * waits at most the first-token timeout before hearing why. A `retry-after` longer than the
 * configured maximum fails at once (the error keeps the wait), since a person is watching.
 * Once a part was yielded, failures pass straight through: a retry would repeat visible text.
 * Text deltas come out with surrogate pairs whole, whatever the upstream split.
 */
export async function* withRetries(
  transport: HttpTransport,
  signal: AbortSignal | undefined,
  attempt: (firstTokenDeadline: number) => AsyncIterable<StreamPart>,
): AsyncGenerator<StreamPart> {
  const { maxRetries, maxRetryWaitMs, firstTokenTimeoutMs } = transport.config;
  const firstTokenDeadline = transport.clock.now() + firstTokenTimeoutMs;
  for (let retry = 0; ; retry += 1) {
    let yielded = false;
    try {
      for await (const part of keepSurrogatePairsWhole(attempt(firstTokenDeadline))) {
        yielded = true;
        yield part;
      }
      return;
    } catch (error) {
      if (!(error instanceof ProviderError) || yielded || !error.retryable || retry >= maxRetries || signal?.aborted) throw error;
      const requestedMs = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
      if (requestedMs !== undefined && requestedMs > maxRetryWaitMs) throw error;
      const delayMs = requestedMs ?? backOffMs(retry, transport.random);
      // the next attempt could not beat the deadline: the failure we have is the answer
      if (transport.clock.now() + delayMs >= firstTokenDeadline) throw error;
      try {
        await transport.sleep(delayMs, signal);
      } catch {
        throw new ProviderError({ provider: error.provider, kind: 'aborted', message: 'the request was cancelled' });
      }
    }
  }
}
