import type { Logger } from 'pino';
import type { ReplyResult } from '../reply/reply-streamer.ts';
import type { AnswerUsage } from '../store/answer-records.ts';
import type { ChatMessage } from '../model/chat-message.ts';
import type { Usage } from '../model/stream-part.ts';
import { hasVisibleText } from '../conversation/visible-text.ts';
import { estimateConversationTokens, estimateTextTokens } from '../conversation/budget.ts';

/**
 * What the bot may do with a reasoning model's reasoning (REASONING_DISPLAY): `button` keeps it
 * and puts a Reasoning button under the answer; `hidden` and `inline` keep nothing (inline shows
 * it in the answer itself, through the reply streamer).
 */
export type ReasoningSetting = 'button' | 'hidden' | 'inline';

/** Where the runner writes down what each answer leaves behind (the store, in the bot). */
export interface AnswerLedger {
  /** One row per answer: its token usage as the provider reported it, or the estimate (marked `estimated`). */
  recordUsage(usage: Omit<AnswerUsage, 'answeredAt'>): Promise<void> | void;
  /** Keeps the reasoning behind the answer whose first message is `firstMessageId`, for the retention. */
  keepReasoning(firstMessageId: string, reasoning: string): Promise<void> | void;
}

/**
 * What the last message of a final answer offers, named as the answers layer knows it; the
 * Discord adapter draws the buttons. A final answer that can be rerun offers Regenerate (its
 * sink puts that on with the final write; private ones cannot); a kept reasoning adds its
 * Reasoning button afterwards.
 */
export interface FinalControls {
  /** The answer's first message, by which its reasoning is kept: shows the Reasoning button. */
  reasoningOf?: string;
}

/** Puts `controls` under a message of a reply that is final (its content unchanged). */
export type ShowControls = (messageId: string, controls: FinalControls) => Promise<void>;

/** One finished answer, and what the runner knows about it. */
export interface FinishedAnswer {
  result: ReplyResult;
  modelId: string;
  /** Where it was written: the server (`null` in DMs) and the channel, thread or DM. */
  place: { guildId: string | null; channelId: string };
  /** The person it answers (the newest message's author). */
  userId: string;
  /** The conversation sent to the model: its prompt tokens are estimated from it when the provider reports none. */
  messages: readonly ChatMessage[];
  /** How the reply's messages get the Reasoning button; absent: they cannot (tests' sinks). */
  showControls: ShowControls | undefined;
}

/** The token counts of a usage row, and whether any is the bot's estimate. */
export interface UsageCounts {
  promptTokens: number;
  completionTokens: number;
  estimated: boolean;
}

/**
 * The counts the provider reported or, for each it did not, the estimate of `budget.ts`: the
 * prompt from the conversation sent (images at the default estimate, IMAGE_TOKENS aside), the
 * completion from the answer and its reasoning as written so far (providers bill reasoning as
 * completion tokens). A failed or stopped answer is estimated like any other: its prompt was
 * sent, and may have been billed.
 */
export function usageCounts(reported: Usage | undefined, messages: readonly ChatMessage[], written: { text: string; reasoning: string }): UsageCounts {
  const promptTokens = reported?.promptTokens;
  const completionTokens = reported?.completionTokens;
  if (promptTokens !== undefined && completionTokens !== undefined) return { promptTokens, completionTokens, estimated: false };
  return {
    promptTokens: promptTokens ?? estimateConversationTokens(messages),
    completionTokens: completionTokens ?? estimateTextTokens(written.text) + estimateTextTokens(written.reasoning),
    estimated: true,
  };
}

/**
 * Writes down what an answer leaves: its usage row (for every answer; where the provider
 * reported no counts, as a failed or stopped answer usually does, the bot's estimate, marked),
 * and, when it had reasoning and the setting is `button`, the reasoning and the button that
 * shows it, under the answer's last message. Nothing here may cost anyone their answer: failures are logged.
 */
export async function afterAnswer(answer: FinishedAnswer, ledger: AnswerLedger | undefined, setting: ReasoningSetting, logger: Logger): Promise<void> {
  const { result } = answer;
  const firstMessageId = result.messageIds[0];
  await attempt(logger, 'could not record the usage of an answer', async () => {
    if (ledger === undefined) return;
    const counts = usageCounts(result.finish?.usage, answer.messages, result);
    await ledger.recordUsage({
      ...answer.place,
      userId: answer.userId,
      modelId: answer.modelId,
      messageId: firstMessageId ?? null,
      outcome: result.outcome,
      promptTokens: counts.promptTokens,
      completionTokens: counts.completionTokens,
      ...(counts.estimated ? { estimated: true } : {}),
    });
  });
  const lastMessageId = result.messageIds.at(-1);
  if (setting !== 'button' || ledger === undefined || answer.showControls === undefined) return;
  if (firstMessageId === undefined || lastMessageId === undefined || result.outcome === 'sink-failed' || !hasVisibleText(result.reasoning)) return;
  // kept before the button shows, so that a press finds it
  if (!(await attempt(logger, 'could not keep the reasoning of an answer', () => ledger.keepReasoning(firstMessageId, result.reasoning)))) return;
  try {
    await answer.showControls(lastMessageId, { reasoningOf: firstMessageId });
  } catch (error) {
    logger.warn({ error: (error as Error).message, message: lastMessageId }, 'could not show the Reasoning button');
  }
}

async function attempt(logger: Logger, failure: string, work: () => Promise<void> | void): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    logger.warn({ error: (error as Error).message }, failure);
    return false;
  }
}
