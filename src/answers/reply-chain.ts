/**
 * Reply chains: a person's Discord reply to one of the bot's answers, outside its threads,
 * continues that answer's conversation. The conversation is the chain of replies walked up from
 * the newest message, each answer of the bot read whole (all its messages, through its record),
 * back to the answer that started it. Read through the `MessageSource` port and the store's
 * answer records, so nothing here knows Discord.
 */
import { personMessage, type ThreadMessage } from '../conversation/thread-message.ts';
import type { AnswerRecord } from '../store/saved-answers.ts';
import type { Store } from '../store/store-port.ts';
import type { MessageSource } from './message-source.ts';
import type { SystemPromptPlace } from './system-prompt-lookup.ts';
import { promptConversation, type ConversationServices, type TurnConversation } from './turn-conversation.ts';

/** A reply chain, read from its newest message up. */
export interface ReplyChain {
  /**
   * The chain oldest first: people's messages and the bot's (each answer whole, in order),
   * with the question of a root `/ask` or "Ask Cordial" answer standing first as a person's
   * message (its id the answer's first message id + `:prompt`).
   */
  messages: ThreadMessage[];
  /** The oldest answer the walk reached, normally the chain's root: its model goes on answering. */
  root: AnswerRecord | undefined;
}

/** What the walk reads: one message at a time, and which answer a message of the bot belongs to. */
export interface ReplyChainReader {
  source: MessageSource;
  answers: Pick<Store, 'answerContaining'>;
  /** The bot's user id: its mention is taken out of people's messages, and its messages are answers. */
  botUserId: string;
}

/** How far back a chain is read. */
export interface ReplyChainOptions {
  /**
   * The most entries the chain holds (REPLY_CHAIN_MAX_MESSAGES): messages, and a root's question.
   * The oldest are dropped; an answer that does not fit whole is dropped with all before it, as
   * half an answer would misquote the bot.
   */
  maxMessages: number;
  /** Messages to leave out (those of an answer being written again); they take no place. */
  without?: readonly string[];
}

/** The name given to a root's asker when its record keeps none and the chain does not show them. */
const unnamedAsker = 'Someone';

/**
 * Walks the reply chain up from `fromMessageId`: each message's `replyToId` leads to the one
 * before it. A message of the bot with an answer record brings in the whole answer, and the walk
 * goes on from what that answer replied to: a `reply` answer continues with the person's message
 * it answered; an `/ask` or "Ask Cordial" answer is the root, its recorded question first; a
 * mention answer is the root, the person's message it replied to first (its mention of the bot
 * taken out; the recorded question when that message is gone). A deleted or unreadable message
 * ends the chain there; a message seen twice (a cycle) too.
 */
export async function walkReplyChain(reader: ReplyChainReader, fromMessageId: string, options: ReplyChainOptions): Promise<ReplyChain> {
  const { source, answers } = reader;
  const newestFirst: ThreadMessage[] = [];
  const seen = new Set<string>();
  const without = new Set(options.without ?? []);
  const room = () => options.maxMessages - newestFirst.length;
  let root: AnswerRecord | undefined;
  let nextId: string | undefined = fromMessageId;
  while (nextId !== undefined && !seen.has(nextId) && room() > 0) {
    seen.add(nextId);
    const message = await source.message(nextId);
    if (message === undefined) break;
    const record = message.isFromThisBot ? await answers.answerContaining(message.id) : undefined;
    if (record === undefined) {
      if (!without.has(message.id)) newestFirst.push(message);
      nextId = message.replyToId;
      continue;
    }
    const parts = await answerMessages(source, record, message, seen);
    const kept = parts.filter((part) => !without.has(part.id));
    if (kept.length > room()) break;
    newestFirst.push(...kept.reverse());
    root = record;
    const first = parts[0]?.id === record.firstMessageId ? parts[0] : undefined;
    if (record.trigger === 'reply') {
      nextId = replyTurnFrom(record.turn) ?? first?.replyToId;
      continue;
    }
    if (room() > 0) {
      const opening = record.trigger === 'mention' ? await mentionQuestion(source, record, first, seen) : undefined;
      const question = opening ?? (isRootTrigger(record) ? recordedQuestion(record, newestFirst) : undefined);
      if (question !== undefined) newestFirst.push(question);
    }
    break;
  }
  const messages = newestFirst
    .reverse()
    .map((message) => (message.isFromThisBot ? message : { ...message, content: withoutMentionOf(message.content, reader.botUserId) }));
  return { messages, root };
}

/**
 * The conversation a reply chain gives the model with `contextTokens` of context: the system
 * prompt, then the chain, trimmed to fit; the answer's asker is the author of its newest messages.
 */
export async function chainConversation(services: ConversationServices, chain: ReplyChain, modelId: string, contextTokens: number, place?: SystemPromptPlace): Promise<TurnConversation> {
  return promptConversation(services, { messages: chain.messages, modelId, contextTokens, ...(place === undefined ? {} : { place }) });
}

/**
 * The conversation of a reply-chain turn whose newest message is `fromMessageId`, read again
 * (a Regenerate: `without` the answer's own messages), for the model `modelId`.
 */
export async function replyChainConversation(
  services: ConversationServices,
  source: MessageSource,
  fromMessageId: string,
  modelId: string,
  contextTokens: number,
  options: { without?: readonly string[]; place?: SystemPromptPlace } = {},
): Promise<TurnConversation> {
  const chain = await walkReplyChain({ source, answers: services.store, botUserId: services.botUserId }, fromMessageId, {
    maxMessages: services.config.replyChainMaxMessages,
    ...(options.without === undefined ? {} : { without: options.without }),
  });
  return chainConversation(services, chain, modelId, contextTokens, options.place);
}

/** What a reply-chain answer records for Regenerate: the person's message it answers. */
export interface ReplyTurn {
  from: string;
}

/** The message a `reply` answer answered, from its recorded turn. */
export function replyTurnFrom(turn: unknown): string | undefined {
  const from = (turn as Partial<ReplyTurn> | null)?.from;
  return typeof from === 'string' ? from : undefined;
}

/**
 * Whether `content` mentions the user (`<@id>`, or the older `<@!id>`). A reply that pings its
 * author writes no mention: only a mention someone typed counts.
 */
export function mentionsUser(content: string, userId: string): boolean {
  return mentionPattern(userId).test(content);
}

/**
 * The text without its mentions of the user (the bot being spoken to): a comma or colon right
 * after one goes too (`@Cordial, what …`), and the spaces around it close up to one.
 */
export function withoutMentionOf(content: string, userId: string): string {
  if (!mentionsUser(content, userId)) return content;
  // only the spaces around a mention close up: indentation elsewhere (code) stays as written
  return content.replace(new RegExp(`[ \\t]*${mentionPattern(userId).source}[,:]?[ \\t]*`, 'g'), ' ').trim();
}

function mentionPattern(userId: string): RegExp {
  return new RegExp(`<@!?${userId}>`);
}

/** The answer's messages in order (the one reached reused), those gone left out; all marked seen. */
async function answerMessages(source: MessageSource, record: AnswerRecord, reached: ThreadMessage, seen: Set<string>): Promise<ThreadMessage[]> {
  const ids = record.messageIds.includes(record.firstMessageId) ? record.messageIds : [record.firstMessageId, ...record.messageIds];
  for (const id of ids) seen.add(id);
  const parts = await Promise.all(ids.map((id) => (id === reached.id ? reached : source.message(id))));
  return parts.filter((part) => part !== undefined);
}

function isRootTrigger(record: AnswerRecord): boolean {
  return record.trigger === 'ask' || record.trigger === 'message-command' || record.trigger === 'mention';
}

/** The person's message a mention answer replied to, or `undefined` when it cannot be read. */
async function mentionQuestion(source: MessageSource, record: AnswerRecord, first: ThreadMessage | undefined, seen: Set<string>): Promise<ThreadMessage | undefined> {
  const questionId = first?.replyToId;
  if (questionId === undefined || seen.has(questionId)) return undefined;
  seen.add(questionId);
  const question = await source.message(questionId);
  return question === undefined || question.isFromThisBot ? undefined : question;
}

/** The question an answer's record keeps (`{ prompt, attachments, authorId?, authorName? }`), as a person's message. */
function recordedQuestion(record: AnswerRecord, chain: readonly ThreadMessage[]): ThreadMessage | undefined {
  const turn = record.turn as { prompt?: unknown; attachments?: unknown; authorId?: unknown; authorName?: unknown } | null;
  if (typeof turn?.prompt !== 'string') return undefined;
  const authorId = typeof turn.authorId === 'string' ? turn.authorId : (record.askedBy[0] ?? '');
  // an /ask's record may keep no name: the asker may show it in the chain
  const authorName = typeof turn.authorName === 'string' ? turn.authorName : (chain.find((message) => message.authorId === authorId)?.authorName ?? unnamedAsker);
  const attachments = Array.isArray(turn.attachments) ? (turn.attachments as ThreadMessage['attachments']) : undefined;
  return personMessage({ id: `${record.firstMessageId}:prompt`, authorId, authorName, content: turn.prompt, createdAt: record.createdAt, attachments });
}
