/**
 * Regenerate: the same turn answered again, with the same history (up to where the
 * conversation stood) and the same or another model, its messages replaced. What each trigger
 * saved with its answer (`AnswerRecord.turn`) says how to rebuild the conversation.
 */
import { isPersonTurn } from '../conversation/history.ts';
import { personMessage, type MessageAttachment } from '../conversation/thread-message.ts';
import type { AnswerRecord } from '../store/saved-answers.ts';
import type { AnswerServices } from './answer-services.ts';
import { orderedConversation } from './conversation-history.ts';
import type { MessageSource } from './message-source.ts';
import { replyChainConversation, replyTurnFrom } from './reply-chain.ts';
import { directConversation, promptConversation, threadConversation, type TurnConversation } from './turn-conversation.ts';

/** The turn of an answer to one prompt (`/ask` outside threads, a mention, "Ask Cordial"). */
export interface PromptTurn {
  /** What the asker's turn said, exactly as the model was given it. */
  prompt: string;
  /** The files that came with it. */
  attachments: MessageAttachment[];
  /** Who asked; absent in records of older answers (the record's first asker stands in). */
  authorId?: string;
  authorName?: string;
}

/** The turn of a thread or DM answer: the conversation as it stood when the turn began. */
export interface ConversationTurn {
  /** The newest message the turn read; later ones are not part of it. */
  upTo: string | undefined;
  /** An `/ask` used inside the thread: its prompt is kept by the answer's first message. */
  inThread?: true;
}

/** Why an answer cannot be regenerated now. */
export type RegenerateRefusal =
  /** No record of it (written before answers were kept, or past their retention), or its turn cannot be rebuilt. */
  | 'unknown'
  /** The presser did not ask for it and cannot manage messages there. */
  | 'not-allowed'
  /** It is being written now. */
  | 'busy'
  /** The conversation went on after it: another answer follows it, or people wrote after it. */
  | 'not-last';

/** How long a press waits for an answer whose final write it saw to be let go by the runner (well within Discord's 3 s). */
const FINAL_WAIT_MS = 1000;

/**
 * Whether `presser` may regenerate `record` (as for Stop: whoever asked, or a moderator), and
 * whether it is free to: an answer still being written is not, though one whose final write has
 * just landed is given a moment to be let go.
 */
export async function mayRegenerate(services: Pick<AnswerServices, 'runner'>, record: AnswerRecord, presser: { userId: string; canManageMessages: boolean }): Promise<RegenerateRefusal | undefined> {
  if (!presser.canManageMessages && !record.askedBy.includes(presser.userId)) return 'not-allowed';
  const writing = record.messageIds.find((messageId) => services.runner.isWriting(messageId));
  if (writing !== undefined) await services.runner.untilFinal(writing, FINAL_WAIT_MS);
  if (record.messageIds.some((messageId) => services.runner.isWriting(messageId))) return 'busy';
  return undefined;
}

/**
 * Whether the answer is still its conversation's last turn: no other answer follows it (a reply
 * to it, a thread turn after it), and nobody wrote in its conversation after it — in its thread
 * or DM, or in the thread opened on it. `conversation` reads that thread or DM (absent: none).
 */
export async function isLastTurn(services: AnswerServices, record: AnswerRecord, conversation: MessageSource | undefined): Promise<boolean> {
  if (await services.store.isFollowed(record.firstMessageId)) return false;
  if (conversation === undefined) return true;
  const messages = await orderedConversation(services, conversation);
  const answerIds = new Set(record.messageIds);
  // a thread opened on the answer holds what came after it; in its own thread or DM, whatever follows its last message
  const last = messages.findLastIndex((message) => answerIds.has(message.id));
  const after = conversation.id === record.firstMessageId && last === -1 ? messages : messages.slice(last + 1);
  // a later answer, or a person's turn; the bot's notes (the no-intent hint in a new thread) are neither
  if (after.some((message) => isPersonTurn(message, false))) return false;
  for (const message of after) {
    if (message.isFromThisBot && (await services.store.answerContaining(message.id)) !== undefined) return false;
  }
  return true;
}

/**
 * The conversation the answer answered, rebuilt for `modelId`: without the answer's own messages,
 * up to where its turn stood. Undefined when the record cannot say (an unknown shape).
 * `source` is the channel, thread or DM the answer is in (every turn but a prompt's reads it).
 */
export async function regeneratedConversation(
  services: AnswerServices,
  record: AnswerRecord,
  source: MessageSource | undefined,
  modelId: string,
  contextTokens: number,
): Promise<TurnConversation | undefined> {
  const without = record.messageIds;
  const turn = record.turn as Partial<PromptTurn & ConversationTurn> | null;
  if (turn === null || typeof turn !== 'object') return undefined;
  if (typeof turn.prompt === 'string') {
    const prompt = { authorId: turn.authorId ?? record.askedBy[0] ?? '', authorName: turn.authorName ?? '', content: turn.prompt, attachments: turn.attachments ?? [] };
    // the channel's or server's prompt as it is now (a thread's parent is not known here: the answer's channel is read)
    return promptConversation(services, { messages: [], prompt, modelId, contextTokens, place: { guildId: record.guildId, channelId: record.channelId } });
  }
  if (source === undefined) return undefined;
  if (record.trigger === 'reply') {
    const from = replyTurnFrom(turn);
    // the message it answered is gone: the chain it started from cannot be read again
    if (from === undefined || (await source.message(from)) === undefined) return undefined;
    return replyChainConversation(services, source, from, modelId, contextTokens, { without, place: { guildId: record.guildId, channelId: record.channelId } });
  }
  // a thread or DM turn; `upTo` is absent (JSON drops undefined) when the conversation was empty
  if (record.trigger !== 'thread' && record.trigger !== 'dm' && turn.inThread !== true) return undefined;
  const upTo = typeof turn.upTo === 'string' ? turn.upTo : undefined;
  if (record.trigger === 'dm') return directConversation(services, source, modelId, contextTokens, { ...(upTo === undefined ? {} : { upTo }), without });
  const thread = await services.store.getThread(source.id);
  if (thread === undefined) return undefined;
  const options = { ...(upTo === undefined ? {} : { upTo }), without };
  if (turn.inThread !== true) return threadConversation(services, source, thread, contextTokens, options);
  // an /ask used inside the thread: its prompt, kept by the answer's first message, is the turn
  const kept = (await services.store.getThreadPrompts(source.id)).find((prompt) => prompt.messageId === record.firstMessageId);
  if (kept === undefined) return undefined;
  const prompt = personMessage({ id: kept.messageId, authorId: kept.authorId, authorName: kept.authorName, content: kept.prompt, createdAt: kept.createdAt, attachments: kept.attachments });
  return threadConversation(services, source, thread, contextTokens, { ...options, ask: { prompt, modelId } });
}
