/**
 * The chat messages of a thread turn: the `/ask` prompt, then the thread's messages in order,
 * with this bot's messages as assistant turns and people's as named user turns.
 */
import type { ChatMessage, ContentPart } from '../model/chat-message.ts';
import { joinSplitMessages, stripStatusNote } from './split-reply.ts';
import { stripInlineReasoning } from './strip-inline-reasoning.ts';
import { hasVisibleText } from './visible-text.ts';
import type { ThreadMessage } from './thread-message.ts';

/** The `/ask` that started the thread. */
export interface AskPrompt {
  /** The asker's user id. */
  authorId: string;
  /** The asker's display name. */
  authorName: string;
  /** The prompt text. */
  content: string;
  /** What the `/ask` was given besides its text (its `image` option), read; absent when nothing. */
  parts?: readonly ContentPart[];
}

/** When user turns start with the speaker's display name (`Alice: …`). */
export type SpeakerPrefix =
  /** When more than one person speaks in the history. */
  | 'auto'
  | 'always'
  | 'never';

/** What `buildHistory` takes. */
export interface BuildHistoryInput {
  /** The system prompt, sent first when given. */
  system?: string;
  /** The `/ask` prompt that opened the thread: the first user turn. */
  prompt?: AskPrompt;
  /**
   * The thread's messages, oldest first, including this bot's answer to the prompt (in Discord
   * that answer is the thread's starter message, in the parent channel, with any continuation
   * messages). Only ordinary messages: leave out system messages such as pins and joins.
   */
  messages: readonly ThreadMessage[];
  /** Whether other bots' messages are user turns; skipped by default. */
  includeOtherBots?: boolean;
  /**
   * Prefix user turns with the speaker's display name. Default `auto`: no provider sends a
   * `name` field, so with several speakers the text must say who spoke.
   */
  speakerPrefix?: SpeakerPrefix;
  /**
   * The parts read from each message's attachments (images, files' text, notes), by message id.
   * A message with attachments but no entry is given its text alone.
   */
  attachmentParts?: ReadonlyMap<string, readonly ContentPart[]>;
}

interface Speaker {
  authorId: string;
  authorName: string;
  content: string;
  parts?: readonly ContentPart[];
}

/**
 * Builds the conversation for the model. This bot's consecutive messages become one assistant
 * turn (split answers joined exactly, status notes removed; several answers in a row are
 * separated by a blank line); empty messages are skipped; a user turn with attachments is its
 * text followed by their parts.
 */
export function buildHistory(input: BuildHistoryInput): ChatMessage[] {
  const turns: ({ role: 'assistant'; content: string } | ({ role: 'user' } & Speaker))[] = [];
  const prompt = input.prompt;
  if (prompt !== undefined && (prompt.content.trim() !== '' || (prompt.parts?.length ?? 0) > 0)) turns.push({ role: 'user', ...prompt });

  const messages = input.messages;
  for (let index = 0; index < messages.length; ) {
    const message = messages[index]!;
    if (message.isFromThisBot) {
      let end = index;
      while (end < messages.length && messages[end]!.isFromThisBot) end += 1;
      const content = joinAnswers(messages.slice(index, end).map((part) => part.content));
      if (content !== '') turns.push({ role: 'assistant', content });
      index = end;
      continue;
    }
    index += 1;
    if (!isPersonTurn(message, input.includeOtherBots === true)) continue;
    const parts = input.attachmentParts?.get(message.id);
    turns.push({ role: 'user', authorId: message.authorId, authorName: message.authorName, content: message.content, ...(parts === undefined ? {} : { parts }) });
  }

  const speakerIds = new Set(turns.flatMap((turn) => (turn.role === 'user' ? [turn.authorId] : [])));
  const mode = input.speakerPrefix ?? 'auto';
  const isPrefixed = mode === 'always' || (mode === 'auto' && speakerIds.size > 1);

  const history: ChatMessage[] = [];
  if (input.system !== undefined && input.system.trim() !== '') history.push({ role: 'system', content: input.system });
  for (const turn of turns) {
    if (turn.role === 'assistant') {
      history.push(turn);
    } else {
      const text = isPrefixed ? `${turn.authorName}: ${turn.content}` : turn.content;
      history.push({ role: 'user', content: turn.parts === undefined || turn.parts.length === 0 ? text : withText(text, turn.parts) });
    }
  }
  return history;
}

/**
 * Whether a message that is not this bot's is a user turn: it has text a person could see or a
 * file attached (a message of zero-width characters alone starts no turn, so it is none in the
 * history either), and it is a person's (or another bot's, when those count).
 */
export function isPersonTurn(message: ThreadMessage, includeOtherBots: boolean): boolean {
  const hasSomething = hasVisibleText(message.content) || (message.attachments?.length ?? 0) > 0;
  return !message.isFromThisBot && hasSomething && (!message.authorIsBot || includeOtherBots);
}

/** A turn's text, then its attachments' parts; no empty text part for a message of files alone. */
function withText(text: string, parts: readonly ContentPart[]): readonly ContentPart[] {
  return text.trim() === '' ? parts : [{ type: 'text', text }, ...parts];
}

/** Joins this bot's consecutive messages: one or more answers, each ended by a status note or the run. */
function joinAnswers(contents: readonly string[]): string {
  const answers: string[] = [];
  let parts: string[] = [];
  const finishAnswer = (): void => {
    // reasoning shown inline is never sent back to the model
    const answer = stripInlineReasoning(joinSplitMessages(parts));
    if (answer.trim() !== '') answers.push(answer);
    parts = [];
  };
  for (const content of contents) {
    const stripped = stripStatusNote(content);
    parts.push(stripped.text);
    if (stripped.hadStatusNote) finishAnswer();
  }
  finishAnswer();
  return answers.join('\n\n');
}
