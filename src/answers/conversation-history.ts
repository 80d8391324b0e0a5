import { awaitsAnswer } from '../conversation/awaits-answer.ts';
import { orderAnswersAfterQuestions } from '../conversation/answer-order.ts';
import type { ThreadMessage } from '../conversation/thread-message.ts';
import type { AnswerServices } from './answer-services.ts';
import type { MessageSource } from './message-source.ts';

const pageSize = 100;

/**
 * The messages of a conversation (a thread or a DM), oldest first: from the cache when it has
 * them, else read through the source newest-first in pages of 100 (up to HISTORY_MAX_MESSAGES)
 * and cached.
 */
export async function conversationMessages(services: Pick<AnswerServices, 'historyCache' | 'config'>, source: MessageSource): Promise<ThreadMessage[]> {
  const { historyCache } = services;
  const maxMessages = services.config.historyMaxMessages;
  // the cache hands out a copy
  const cached = historyCache.get(source.id);
  if (cached !== undefined) return cached;
  historyCache.startLoading(source.id);
  try {
    const collected: ThreadMessage[] = [];
    let before: string | undefined;
    while (collected.length < maxMessages) {
      const limit = Math.min(pageSize, maxMessages - collected.length);
      const page = await source.page({ limit, ...(before === undefined ? {} : { before }) });
      collected.push(...page.messages);
      if (page.fetched < limit || page.oldestId === undefined) break;
      before = page.oldestId;
    }
    collected.reverse();
    historyCache.set(source.id, collected);
    // with the edits and deletions that arrived during the load replayed onto it
    return historyCache.get(source.id) ?? collected;
  } catch (error) {
    historyCache.cancelLoading(source.id);
    throw error;
  }
}

/** A conversation's messages with each answer after the messages it answered (see answer-order). */
export async function orderedConversation(services: Pick<AnswerServices, 'historyCache' | 'config' | 'anchors'>, source: MessageSource): Promise<ThreadMessage[]> {
  return orderAnswersAfterQuestions(await conversationMessages(services, source), services.anchors);
}

/**
 * Whether a conversation's newest turn is a person's: a queued turn whose messages the turn
 * before it already answered has nothing to do.
 */
export async function awaitsAnswerIn(services: Pick<AnswerServices, 'historyCache' | 'config' | 'anchors'>, source: MessageSource): Promise<boolean> {
  return awaitsAnswer(await orderedConversation(services, source));
}
