import { ProviderError } from '../model/provider-error.ts';
import type { ReplyTexts } from '../reply/reply-texts.ts';
import type { Catalog } from './catalog.ts';

/** Why an answer was stopped on purpose, if it was. */
export type StopCause =
  /** The bot is shutting down. */
  | { kind: 'shutdown' }
  /** Someone pressed the answer's Stop button. */
  | { kind: 'person'; name: string };

/**
 * The reply streamer's words in the user's language. `stopCause` is read when the reply stops,
 * so an answer aborted by a shutdown or by someone's Stop button says so.
 */
export function replyTextsFor(catalog: Catalog, modelId: string, stopCause: () => StopCause | undefined): ReplyTexts {
  const reason = (error: unknown) => (error instanceof ProviderError ? providerFailureText(catalog, error) : catalog.internalFailure);
  const stopNote = () => {
    const cause = stopCause();
    if (cause?.kind === 'shutdown') return catalog.interruptedByShutdown;
    return cause?.kind === 'person' ? catalog.stoppedBy(cause.name) : catalog.stopped;
  };
  return {
    errorBeforeText: (error) =>
      error instanceof ProviderError && error.kind === 'aborted' ? stopNote() : catalog.failedBeforeText(modelId, reason(error)),
    cutShort: (error) => (error instanceof ProviderError && error.kind === 'aborted' ? stopNote() : catalog.cutShort(reason(error))),
    get stopped() {
      return stopNote();
    },
    get stoppedBeforeText() {
      return stopCause()?.kind === 'shutdown' ? catalog.interruptedByShutdown : catalog.stoppedBeforeText;
    },
    emptyAnswer: catalog.emptyAnswer,
    unreachableCutShort: catalog.discordUnreachableCutShort,
    unreachableBeforeText: catalog.discordUnreachableBeforeText,
    messageCapNote: (maxMessages) => catalog.messageCapNote(maxMessages),
    thinking: (seconds) => catalog.thinking(seconds),
    reasoningHeading: catalog.reasoningHeading,
    finishNote: (finish) => (finish === 'length' ? catalog.lengthLimit : finish === 'content-filter' ? catalog.contentFilter : undefined),
  };
}

/** A provider failure in plain words; a rate limit that says how long to wait says when to try again. */
export function providerFailureText(catalog: Catalog, error: ProviderError): string {
  if (error.kind === 'rate-limited' && error.retryAfterSeconds !== undefined) return catalog.rateLimitedFor(error.retryAfterSeconds);
  return catalog.providerFailure[error.kind];
}
