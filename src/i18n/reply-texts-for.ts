import { ProviderError } from '../providers/errors.ts';
import type { ReplyTexts } from '../reply/reply-texts.ts';
import type { Catalog } from './catalog.ts';

/**
 * The reply streamer's words in the user's language. `interrupted` is read when the reply
 * stops, so an answer aborted by a shutdown says so instead of a plain "stopped".
 */
export function replyTextsFor(catalog: Catalog, modelId: string, interrupted: () => boolean): ReplyTexts {
  const reason = (error: unknown) => (error instanceof ProviderError ? catalog.providerFailure[error.kind] : catalog.internalFailure);
  const stopNote = () => (interrupted() ? catalog.interruptedByShutdown : catalog.stopped);
  return {
    errorBeforeText: (error) =>
      error instanceof ProviderError && error.kind === 'aborted' ? stopNote() : catalog.failedBeforeText(modelId, reason(error)),
    cutShort: (error) => (error instanceof ProviderError && error.kind === 'aborted' ? stopNote() : catalog.cutShort(reason(error))),
    get stopped() {
      return stopNote();
    },
    get stoppedBeforeText() {
      return interrupted() ? catalog.interruptedByShutdown : catalog.stoppedBeforeText;
    },
    emptyAnswer: catalog.emptyAnswer,
    finishNote: (finish) => (finish === 'length' ? catalog.lengthLimit : finish === 'content-filter' ? catalog.contentFilter : undefined),
  };
}
