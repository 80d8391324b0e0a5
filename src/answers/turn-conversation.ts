import type { HistoryAttachments } from '../attachments/read-attachments.ts';
import { canSeeImages } from '../attachments/vision-models.ts';
import { answerTokens, historyBudget } from '../conversation/budget.ts';
import { fitConversation } from '../conversation/fit-conversation.ts';
import { buildHistory, type AskPrompt } from '../conversation/history.ts';
import { botMessage, personMessage, type ThreadMessage } from '../conversation/thread-message.ts';
import type { TrimResult } from '../conversation/trim.ts';
import type { ChatMessage } from '../model/chat-message.ts';
import type { ThreadRecord } from '../store/store.ts';
import type { AnswerServices } from './answer-services.ts';
import { orderedConversation } from './conversation-history.ts';
import type { MessageSource } from './message-source.ts';
import { systemPromptFor, type SystemPromptPlace } from './system-prompt-lookup.ts';

/** What one turn gives the model: the conversation trimmed to its context, and what the turn answers. */
export interface TurnConversation extends TrimResult {
  /** The id of the conversation's newest message when the turn began (the answer's anchor). */
  newestMessageId: string | undefined;
  /** Who asked what this turn answers: the authors of people's messages since the bot's last answer. */
  askedBy: string[];
  /** The longest answer to ask for (see `answerTokenLimit`). */
  maxTokens: number | undefined;
  /** Images of this turn the model is not given, because it cannot see images. */
  imagesNotShown: string[];
}

/** The services a conversation is built with. */
export type ConversationServices = Pick<AnswerServices, 'config' | 'historyCache' | 'anchors' | 'attachments' | 'store' | 'botUserId' | 'systemPrompts'>;

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
 * the model cannot see, for the caller to tell). `upTo` leaves out the messages after it (a
 * Regenerate answers the turn as it was), and `without` the messages of the answer being redone.
 */
export async function threadConversation(
  services: ConversationServices,
  thread: MessageSource,
  record: ThreadRecord,
  contextTokens: number,
  options: { ask?: AskInThread; upTo?: string; without?: readonly string[]; system?: string } = {},
): Promise<TurnConversation> {
  const { ask } = options;
  const messages = cutConversation(await orderedConversation(services, thread), options);
  const prompts = new Map((await services.store.getThreadPrompts(thread.id)).map((prompt) => [prompt.messageId, prompt]));
  const withPrompts: ThreadMessage[] = [];
  // the first answer lives in the parent channel: it stands first, as the thread's starter
  if (record.firstAnswer !== '' && !(options.without ?? []).includes(record.threadId)) {
    withPrompts.push(botMessage(record.threadId, record.firstAnswer, record.createdAt, services.botUserId));
  }
  for (const message of messages) {
    const prompt = prompts.get(message.id);
    // an /ask used inside the thread leaves no user message: its prompt stands before its answer
    if (prompt !== undefined) {
      withPrompts.push(personMessage({ id: message.id, authorId: prompt.authorId, authorName: prompt.authorName, content: prompt.prompt, createdAt: prompt.createdAt, attachments: prompt.attachments }));
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
      : personMessage({ id: `${record.threadId}:prompt`, authorId: record.createdBy, authorName: record.createdByName, content: record.prompt, createdAt: record.createdAt, attachments: record.promptAttachments });
  const attachments = await services.attachments.readHistory(opening === undefined ? withPrompts : [opening, ...withPrompts], canSeeImages(services.config.providers, modelId));
  const openingParts = opening === undefined ? undefined : attachments.parts.get(opening.id);
  const history: ChatMessage[] = buildHistory({
    // the prompt it started with; a thread recorded before prompts were kept takes its channel's or server's
    system: options.system ?? (await systemPromptFor(services, { threadPrompt: record.system, guildId: record.guildId, channelId: record.channelId })).prompt,
    prompt: { authorId: record.createdBy, authorName: record.createdByName, content: record.prompt, ...(openingParts === undefined ? {} : { parts: openingParts }) },
    messages: withPrompts,
    attachmentParts: attachments.parts,
  });
  return trimmedConversation(services, history, contextTokens, messages, withPrompts, attachments);
}

/** The conversation for the model's next answer in a direct message: the DM's own history. */
export async function directConversation(
  services: ConversationServices,
  channel: MessageSource,
  modelId: string,
  contextTokens: number,
  options: { upTo?: string; without?: readonly string[] } = {},
): Promise<TurnConversation> {
  const messages = cutConversation(await orderedConversation(services, channel), options);
  const attachments = await services.attachments.readHistory(messages, canSeeImages(services.config.providers, modelId));
  // a DM belongs to no server: SYSTEM_PROMPT (or the built-in one)
  const history = buildHistory({ system: (await systemPromptFor(services, {})).prompt, messages, attachmentParts: attachments.parts });
  return trimmedConversation(services, history, contextTokens, messages, messages, attachments);
}

/**
 * The conversation of a turn that stands alone: one person's prompt (with what it was given:
 * an image, a file, a message it is about), or a chain of messages read elsewhere (a reply
 * chain), with the system prompt first.
 */
export async function promptConversation(
  services: ConversationServices,
  turn: {
    messages: readonly ThreadMessage[];
    prompt?: AskPrompt & { attachments?: ThreadMessage['attachments'] };
    modelId: string;
    contextTokens: number;
    system?: string;
    /** Where the turn is asked: its channel's or server's prompt applies (absent: SYSTEM_PROMPT). */
    place?: SystemPromptPlace;
  },
): Promise<TurnConversation> {
  const { prompt } = turn;
  // the prompt's files are read as a message of the conversation, the oldest, so caps spend on newer ones first
  const promptMessage: ThreadMessage | undefined =
    prompt?.attachments === undefined || prompt.attachments.length === 0
      ? undefined
      : personMessage({ id: ':prompt', authorId: prompt.authorId, authorName: prompt.authorName, content: prompt.content, createdAt: 0, attachments: prompt.attachments });
  const read = promptMessage === undefined ? turn.messages : [promptMessage, ...turn.messages];
  const attachments = await services.attachments.readHistory(read, canSeeImages(services.config.providers, turn.modelId));
  const promptParts = promptMessage === undefined ? undefined : attachments.parts.get(promptMessage.id);
  const history = buildHistory({
    system: turn.system ?? (await systemPromptFor(services, turn.place ?? {})).prompt,
    ...(prompt === undefined ? {} : { prompt: { authorId: prompt.authorId, authorName: prompt.authorName, content: prompt.content, ...(promptParts === undefined ? {} : { parts: promptParts }) } }),
    messages: turn.messages,
    attachmentParts: attachments.parts,
  });
  const asked = prompt === undefined ? turn.messages : [...turn.messages, personMessage({ id: ':prompt', authorId: prompt.authorId, authorName: prompt.authorName, content: prompt.content, createdAt: 0 })];
  return trimmedConversation(services, history, turn.contextTokens, turn.messages, asked, attachments);
}

/** The messages up to `upTo` (included), without those of `without`. */
function cutConversation(messages: ThreadMessage[], options: { upTo?: string; without?: readonly string[] }): ThreadMessage[] {
  let cut = messages;
  if (options.upTo !== undefined) {
    const end = cut.findIndex((message) => message.id === options.upTo);
    if (end !== -1) cut = cut.slice(0, end + 1);
  }
  const without = new Set(options.without ?? []);
  return without.size === 0 ? cut : cut.filter((message) => !without.has(message.id));
}

function trimmedConversation(
  services: ConversationServices,
  history: ChatMessage[],
  contextTokens: number,
  channelMessages: readonly ThreadMessage[],
  turns: readonly ThreadMessage[],
  attachments: HistoryAttachments,
): TurnConversation {
  const { config } = services;
  const reserve = answerTokens(contextTokens, config.answerReserveTokens, config.providers.maxTokens);
  const trimmed = fitConversation(history, historyBudget(contextTokens, reserve), { imageTokens: config.attachments.imageTokens });
  return {
    ...trimmed,
    newestMessageId: channelMessages.at(-1)?.id,
    askedBy: askersOfTurn(turns),
    maxTokens: answerTokenLimit(services, contextTokens),
    imagesNotShown: attachments.imagesNotShown,
  };
}

/**
 * The `max_tokens` of an answer in a context of `contextTokens`: what trimming leaves for it, so
 * that prompt and answer together fit. Undefined when PROVIDER_MAX_TOKENS is 0 (no bound sent).
 */
export function answerTokenLimit(services: Pick<AnswerServices, 'config'>, contextTokens: number): number | undefined {
  const { maxTokens } = services.config.providers;
  return maxTokens === undefined ? undefined : answerTokens(contextTokens, services.config.answerReserveTokens, maxTokens);
}

function askersOfTurn(messages: readonly ThreadMessage[]): string[] {
  const askers = new Set<string>();
  for (let index = messages.length - 1; index >= 0 && !messages[index]!.isFromThisBot; index -= 1) {
    if (!messages[index]!.authorIsBot) askers.add(messages[index]!.authorId);
  }
  return [...askers];
}
