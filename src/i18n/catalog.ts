import type { ProviderErrorKind } from '../model/provider-error.ts';
import type { UnknownModelReason } from './unknown-model-reason.ts';

/** Every sentence the bot says to people, in one language. */
export interface Catalog {
  /** Plain words for each class of provider failure. */
  providerFailure: Record<ProviderErrorKind, string>;
  /** Replaces `providerFailure['rate-limited']` when the provider said how many seconds to wait (`retry-after`). */
  rateLimitedFor(retryAfterSeconds: number): string;
  /** The answer could not start: `reason` is one of `providerFailure`. */
  failedBeforeText(model: string, reason: string): string;
  /** A note under a partial answer. */
  cutShort(reason: string): string;
  /** A note under an answer stopped on purpose. */
  stopped: string;
  /** A note under an answer someone stopped with its Stop button. */
  stoppedBy(name: string): string;
  /** The label of the Stop button on an answer being written. */
  stopButton: string;
  /** Told (privately) to someone who may not stop this answer. */
  stopNotAllowed: string;
  /** The reply while a reasoning model thinks before any answer text; `seconds` rounded down (0 in the first second). */
  thinking(seconds: number): string;
  /**
   * The line above reasoning shown in the answer (REASONING_DISPLAY=inline). Starts with
   * `INLINE_REASONING_HEADING_PREFIX`, by which the history leaves the block out.
   */
  reasoningHeading: string;
  /** The label of the button under an answer that shows its reasoning privately. */
  reasoningButton: string;
  /** Told privately on pressing that button once the reasoning is gone (kept `retentionDays` days). */
  reasoningNotKept(retentionDays: number): string;
  /** The last private message of a reasoning that would need more than `maxMessages` messages. */
  reasoningCut(maxMessages: number): string;
  /** The whole reply when it was stopped before any text. */
  stoppedBeforeText: string;
  /** A note under an answer that hit the model's length limit. */
  lengthLimit: string;
  /** A note under an answer stopped by the provider's content filter. */
  contentFilter: string;
  /** The whole reply when writing it failed at the bot's end. */
  internalFailure: string;
  /** A note under an answer interrupted by the bot shutting down. */
  interruptedByShutdown: string;
  /** A note added after a restart under an answer that a crash cut off mid-writing. */
  interruptedByCrash: string;
  /** A note under a partial answer ended because Discord kept failing the bot's writes. */
  discordUnreachableCutShort: string;
  /** The whole reply when Discord kept failing the bot's writes before any text was shown. */
  discordUnreachableBeforeText: string;
  /** A note under an answer cut because it would have needed more than `maxMessages` messages. */
  messageCapNote(maxMessages: number): string;
  /** The model returned nothing. */
  emptyAnswer: string;
  /** `/ask` with a blank prompt. */
  emptyPrompt: string;
  /** `/ask` with a prompt over the limit. */
  promptTooLong(length: number, limit: number): string;
  /** The model id cannot be used: malformed, no such provider, or not in its list. */
  unknownModel(modelId: string, reason: UnknownModelReason): string;
  /** Nobody chose a model anywhere. */
  noModelConfigured: string;
  /** Refusal when someone already has `limit` answers being written. */
  tooManyAnswers(limit: number): string;
  /** A direct message when DIRECT_MESSAGES is off. */
  directMessagesOff: string;
  /**
   * One line before an answer (a status note, `-# `): the turn's images named in `imageNames`
   * were not shown to `modelId`, which cannot see images (it got their names).
   */
  imagesNotShown(imageNames: readonly string[], modelId: string): string;
  /** A direct message when no global default model is set (DMs belong to no server). */
  noModelForDirectMessages: string;
  /** A server-only command used in a DM. */
  serverOnly: string;
  /** `/model set|reset` without Manage Server. */
  needsManageServer: string;
  /** `/model set` done. */
  defaultModelSet(modelId: string): string;
  /** `/model reset` done. */
  defaultModelReset(globalDefault: string | undefined): string;
  /** `/model show` answer. */
  effectiveModel(modelId: string | undefined, source: 'option' | 'thread' | 'server' | 'global' | 'none'): string;
  /** `/model list` heading of one provider. */
  providerHeading(provider: string, reachable: boolean, detail: string | undefined): string;
  /** `/model list` footer explaining the marks. */
  modelListFooter: string;
  /** Told in a new thread when the bot cannot read messages; `botName` is how people mention it. */
  noMessageContentIntent(botName: string): string;
  /** Told privately to the asker when the answer is posted but the bot may not open its thread. */
  missingThreadPermission: string;
  /** A thread's name when its prompt has nothing left to name it by (only markup). */
  threadNameFallback: string;
  /** Answer while the bot is shutting down. */
  shuttingDown: string;
  /** A failure we did not foresee. */
  unexpectedError: string;
}
