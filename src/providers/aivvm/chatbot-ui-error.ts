import { ProviderError, type ProviderErrorKind } from '../../model/provider-error.ts';

/**
 * What OpenAI's own error messages mean. chatbot-ui answers every failure with
 * `new Response('Error', { status: 500, statusText: error.message })`, the message being
 * OpenAI's `error.message`; so the status says nothing and only these words tell a bad key
 * (which no retry fixes) from an overloaded server (which one may).
 */
const openAiReasons: ReadonlyArray<{ pattern: RegExp; kind: ProviderErrorKind; retryable: boolean }> = [
  { pattern: /incorrect api key|invalid api key|didn't provide an api key|invalid_api_key/i, kind: 'auth', retryable: false },
  { pattern: /does not exist|model_not_found/i, kind: 'unknown-model', retryable: false },
  // a spent quota does not come back within a retry
  { pattern: /exceeded your current quota/i, kind: 'rate-limited', retryable: false },
  { pattern: /rate limit/i, kind: 'rate-limited', retryable: true },
  { pattern: /maximum context length/i, kind: 'bad-request', retryable: false },
];

/**
 * Re-classifies chatbot-ui's catch-all 500 by the OpenAI reason it carries; any other error,
 * and a 500 whose reason is unknown (still "unavailable", retryable), pass unchanged.
 */
export function classifyChatbotUiError(error: unknown): unknown {
  if (!(error instanceof ProviderError) || error.status !== 500 || error.upstreamMessage === undefined) return error;
  const reason = openAiReasons.find((candidate) => candidate.pattern.test(error.upstreamMessage ?? ''));
  if (reason === undefined) return error;
  return new ProviderError({
    provider: error.provider,
    kind: reason.kind,
    status: error.status,
    upstreamMessage: error.upstreamMessage,
    message: error.message,
    retryable: reason.retryable,
    retryAfterSeconds: error.retryAfterSeconds,
    cause: error,
  });
}
