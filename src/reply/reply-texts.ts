/**
 * What the reply says besides the model's text. Injectable so that the bot can localize it
 * (e.g. by `interaction.locale`); English defaults below.
 */
import type { FinishReason } from '../model/stream-part.ts';
import { ProviderError } from '../model/provider-error.ts';

/** The streamer's own words. Notes go on their own line after the text; keep them short. */
export interface ReplyTexts {
  /** The whole reply when the answer failed before any text. */
  errorBeforeText(error: unknown): string;
  /** The note after partial text when the answer failed: it was cut short, and why. */
  cutShort(error: unknown): string;
  /** The note after partial text when the reply was stopped (aborted). */
  stopped: string;
  /** The whole reply when it was stopped before any text. */
  stoppedBeforeText: string;
  /** The whole reply when the model finished without any text. */
  emptyAnswer: string;
  /** A note after a complete answer that ended for a reason worth telling, else undefined. */
  finishNote(reason: FinishReason): string | undefined;
  /** The note after partial text when Discord could not be reached for longer than the retry window. */
  unreachableCutShort: string;
  /** The whole reply when Discord could not be reached before any text was shown. */
  unreachableBeforeText: string;
  /** The note after an answer cut because it needed more than `maxMessages` messages. */
  messageCapNote(maxMessages: number): string;
  /**
   * The whole reply while the model reasons and no answer text has come (`reasoningDisplay:
   * 'status'`): a short status line, replaced by the answer. `seconds` is how long the model has
   * been thinking, rounded down; the line is rewritten only when the reply's pacing allows a
   * write. Optional: absent, the English one is used.
   */
  thinking?(seconds: number): string;
  /** The heading line above the reasoning shown inline (`reasoningDisplay: 'inline'`). Optional: absent, English. */
  reasoningHeading?: string;
}

function kindOf(error: unknown): string {
  return error instanceof ProviderError ? error.kind : 'internal';
}

/** English texts. */
export const englishReplyTexts: Required<ReplyTexts> = {
  errorBeforeText(error) {
    switch (kindOf(error)) {
      case 'timeout':
        return '⚠️ The model took too long to answer. Please try again.';
      case 'unavailable':
        return '⚠️ The model provider is down or overloaded right now. Please try again later.';
      case 'rate-limited':
        return '⚠️ The model provider is rate limiting requests. Please try again in a minute.';
      case 'unknown-model':
        return '⚠️ That model is not available from its provider.';
      case 'auth':
        return '⚠️ The bot could not sign in to the model provider. An admin needs to check its API key.';
      case 'bad-request':
        return '⚠️ The model provider refused the request (the conversation may be too long).';
      case 'cut':
        return '⚠️ The model provider closed the connection before answering. Please try again.';
      case 'upstream':
        return '⚠️ The model provider returned an error. Please try again.';
      case 'aborted':
        return '-# ⏹️ Stopped.';
      default:
        return '⚠️ Something went wrong while answering. Please try again.';
    }
  },
  cutShort(error) {
    switch (kindOf(error)) {
      case 'timeout':
        return '-# ⚠️ Answer cut short: the model stopped sending text (timeout).';
      case 'cut':
        return '-# ⚠️ Answer cut short: the provider stopped responding.';
      case 'unavailable':
        return '-# ⚠️ Answer cut short: the provider became unavailable.';
      case 'rate-limited':
        return '-# ⚠️ Answer cut short: the provider rate limited the request.';
      case 'aborted':
        return '-# ⏹️ Stopped.';
      case 'internal':
        return '-# ⚠️ Answer cut short: something went wrong on our side.';
      default:
        return '-# ⚠️ Answer cut short: the provider reported an error.';
    }
  },
  stopped: '-# ⏹️ Stopped.',
  stoppedBeforeText: '-# ⏹️ Stopped before the model answered.',
  emptyAnswer: '-# (The model returned an empty answer.)',
  finishNote(reason) {
    if (reason === 'length') return "-# ⚠️ The answer reached the model's length limit.";
    if (reason === 'content-filter') return "-# ⚠️ The provider's content filter stopped the answer.";
    return undefined;
  },
  unreachableCutShort: '-# ⚠️ Answer cut short: Discord could not be reached for a while.',
  unreachableBeforeText: '⚠️ Discord could not be reached for a while, so the answer was lost. Please ask again.',
  messageCapNote: (maxMessages) => `-# ✂️ Answer cut for length: it would have needed more than ${maxMessages} ${maxMessages === 1 ? 'message' : 'messages'}.`,
  // "0 s" would read as if nothing had happened yet: the first second shows no count
  thinking: (seconds) => (seconds < 1 ? '-# 💭 Thinking…' : `-# 💭 Thinking… ${seconds} s`),
  reasoningHeading: '-# 💭 Reasoning',
};
