import type { AnyThreadChannel, Collection, DMChannel, Message, PartialDMChannel } from 'discord.js';
import type { HistoryAttachments } from '../attachments/read-attachments.ts';
import { canSeeImages } from '../attachments/vision-models.ts';
import { buildHistory } from '../conversation/history.ts';
import { answerTokens, historyBudget } from '../conversation/budget.ts';
import type { TrimResult } from '../conversation/trim.ts';
import { fitConversation } from '../conversation/fit-conversation.ts';
import { awaitsAnswer } from '../conversation/awaits-answer.ts';
import type { ThreadMessage } from '../conversation/thread-message.ts';
import { orderAnswersAfterQuestions } from '../conversation/answer-order.ts';
import type { ThreadRecord } from '../store/store.ts';
import type { ChatMessage } from '../model/chat-message.ts';
import type { BotContext } from './bot-context.ts';
import { isConversational, toThreadMessage } from './thread-message-from-discord.ts';

const pageSize = 100;

/**
 * The messages of a thread (or a DM), oldest first: from the cache when it has them, else
 * fetched from Discord newest-first in pages of 100 (up to HISTORY_MAX_MESSAGES) and cached.
 */
export async function threadMessages(context: BotContext, thread: AnyThreadChannel | DMChannel | PartialDMChannel): Promise<ThreadMessage[]> {
  // the cache hands out a copy
  const cached = context.historyCache.get(thread.id);
  if (cached !== undefined) return cached;
  context.historyCache.startLoading(thread.id);
  try {
    const collected: ThreadMessage[] = [];
    let before: string | undefined;
    while (collected.length < context.config.historyMaxMessages) {
      const limit = Math.min(pageSize, context.config.historyMaxMessages - collected.length);
      // into discord.js's message cache too: it delivers edits and deletions only of messages it
      // holds (the client has no Message partials), and the history cache needs both
      const page: Collection<string, Message> = await thread.messages.fetch({ limit, ...(before === undefined ? {} : { before }), cache: true });
      for (const message of page.values()) {
        if (isConversational(message)) collected.push(toThreadMessage(message, context.client.user.id));
      }
      if (page.size < limit) break;
      before = page.lastKey();
    }
    collected.reverse();
    context.historyCache.set(thread.id, collected);
    return collected;
  } catch (error) {
    context.historyCache.cancelLoading(thread.id);
    throw error;
  }
}

/**
 * Whether a thread's (or a DM's) newest turn is a person's, with each answer after the messages
 * it answered: a queued turn whose messages the turn before it already answered has nothing to do.
 */
export async function awaitsAnswerIn(context: BotContext, channel: AnyThreadChannel | DMChannel | PartialDMChannel): Promise<boolean> {
  return awaitsAnswer(orderAnswersAfterQuestions(await threadMessages(context, channel), context.answerAnchors));
}

/** A thread's conversation, trimmed, and the newest message it answers. */
export interface ThreadConversation extends TrimResult {
  /** The id of the thread's newest message when the turn began (the answer's anchor). */
  newestMessageId: string | undefined;
  /** Who asked what this turn answers: the authors of people's messages since the bot's last answer. */
  askedBy: string[];
  /** The longest answer to ask for (see `answerTokenLimit`). */
  maxTokens: number | undefined;
  /** Images of this turn the model is not given, because it cannot see images. */
  imagesNotShown: string[];
}

/** An `/ask` used inside a bot thread: its prompt (with its image) is the turn, answered by its model. */
export interface AskInThread {
  /** The prompt as the thread's newest message; its `attachments` hold the `image` option. */
  prompt: ThreadMessage;
  /** The model answering: the `/ask` may name another than the thread's. */
  modelId: string;
}

/**
 * The conversation for the model's next answer in a bot thread, trimmed to its context, roles
 * alternating, with the images and files of its messages (and the names of the turn's images
 * the model cannot see, for the caller to tell).
 */
export async function threadConversation(
  context: BotContext,
  thread: AnyThreadChannel,
  record: ThreadRecord,
  contextTokens: number,
  ask?: AskInThread,
): Promise<ThreadConversation> {
  const messages = orderAnswersAfterQuestions(await threadMessages(context, thread), context.answerAnchors);
  const prompts = new Map(context.store.getThreadPrompts(thread.id).map((prompt) => [prompt.messageId, prompt]));
  const withPrompts: ThreadMessage[] = [];
  // the first answer lives in the parent channel: it stands first, as the thread's starter
  if (record.firstAnswer !== '') withPrompts.push(botMessage(record.threadId, record.firstAnswer, record.createdAt, context.client.user.id));
  for (const message of messages) {
    const prompt = prompts.get(message.id);
    // an /ask used inside the thread leaves no user message: its prompt stands before its answer
    if (prompt !== undefined) {
      withPrompts.push({
        id: message.id,
        authorId: prompt.authorId,
        authorName: prompt.authorName,
        isFromThisBot: false,
        authorIsBot: false,
        content: prompt.prompt,
        createdAt: prompt.createdAt,
        ...(prompt.attachments === undefined || prompt.attachments.length === 0 ? {} : { attachments: prompt.attachments }),
      });
      // keep the prompt and the answer separate turns even though they share an id
    }
    withPrompts.push(message);
  }
  if (ask !== undefined) withPrompts.push(ask.prompt);
  const modelId = ask?.modelId ?? record.modelId;
  // the files of the /ask that opened the thread are read with the history (its oldest turn, so
  // the caps spend on newer files first); the prompt is no message of the thread, hence the id
  const opening: ThreadMessage | undefined =
    record.promptAttachments === undefined || record.promptAttachments.length === 0
      ? undefined
      : { id: `${record.threadId}:prompt`, authorId: record.createdBy, authorName: record.createdByName, isFromThisBot: false, authorIsBot: false, content: record.prompt, createdAt: record.createdAt, attachments: record.promptAttachments };
  const attachments = await context.attachments.readHistory(opening === undefined ? withPrompts : [opening, ...withPrompts], canSeeImages(context.config.providers, modelId));
  const openingParts = opening === undefined ? undefined : attachments.parts.get(opening.id);
  const history: ChatMessage[] = buildHistory({
    system: record.system ?? context.config.systemPrompt,
    prompt: { authorId: record.createdBy, authorName: record.createdByName, content: record.prompt, ...(openingParts === undefined ? {} : { parts: openingParts }) },
    messages: withPrompts,
    attachmentParts: attachments.parts,
  });
  return trimmedConversation(context, history, contextTokens, messages, withPrompts, attachments);
}

/** The conversation for the model's next answer in a direct message: the DM's own history. */
export async function directConversation(context: BotContext, channel: DMChannel | PartialDMChannel, contextTokens: number): Promise<ThreadConversation> {
  const messages = orderAnswersAfterQuestions(await threadMessages(context, channel), context.answerAnchors);
  const modelId = context.config.defaultModel ?? '';
  const attachments = await context.attachments.readHistory(messages, canSeeImages(context.config.providers, modelId));
  const history = buildHistory({ system: context.config.systemPrompt, messages, attachmentParts: attachments.parts });
  return trimmedConversation(context, history, contextTokens, messages, messages, attachments);
}

function trimmedConversation(
  context: BotContext,
  history: ChatMessage[],
  contextTokens: number,
  channelMessages: readonly ThreadMessage[],
  turns: readonly ThreadMessage[],
  attachments: HistoryAttachments,
): ThreadConversation {
  const reserve = answerTokens(contextTokens, context.config.answerReserveTokens, context.config.providers.maxTokens);
  const trimmed = fitConversation(history, historyBudget(contextTokens, reserve), { imageTokens: context.config.attachments.imageTokens });
  return {
    ...trimmed,
    newestMessageId: channelMessages.at(-1)?.id,
    askedBy: askersOfTurn(turns),
    maxTokens: answerTokenLimit(context, contextTokens),
    imagesNotShown: attachments.imagesNotShown,
  };
}

/**
 * The `max_tokens` of an answer in a context of `contextTokens`: what trimming leaves for it, so
 * that prompt and answer together fit. Undefined when PROVIDER_MAX_TOKENS is 0 (no bound sent).
 */
export function answerTokenLimit(context: BotContext, contextTokens: number): number | undefined {
  const { maxTokens } = context.config.providers;
  return maxTokens === undefined ? undefined : answerTokens(contextTokens, context.config.answerReserveTokens, maxTokens);
}

function askersOfTurn(messages: readonly ThreadMessage[]): string[] {
  const askers = new Set<string>();
  for (let index = messages.length - 1; index >= 0 && !messages[index]!.isFromThisBot; index -= 1) {
    if (!messages[index]!.authorIsBot) askers.add(messages[index]!.authorId);
  }
  return [...askers];
}

/** A message of this bot's, as the history code reads it. */
export function botMessage(id: string, content: string, createdAt: number, botUserId: string): ThreadMessage {
  return { id, authorId: botUserId, authorName: 'Cordial', isFromThisBot: true, authorIsBot: true, content, createdAt };
}
