/**
 * The shape strict chat templates accept. Mistral's, and Llama's as vLLM serves it, answer 400
 * unless the turns after the optional system prompt alternate user / assistant and start with
 * a user turn. A thread breaks both rules on its own: several people (or one person, several
 * times) write before the bot answers, and trimming can leave an answer at the front without
 * the question it answered.
 */
import type { ChatMessage } from '../model/chat-message.ts';
import { joinContents } from '../model/message-content.ts';

/** Between merged turns: a blank line, as between paragraphs. */
export const MERGED_TURN_SEPARATOR = '\n\n';

/** What `alternateRoles` sends and what it left out. */
export interface AlternatedConversation {
  /** The conversation, roles alternating after the leading system messages. */
  messages: ChatMessage[];
  /** The assistant turns dropped from the front (answers whose question was trimmed away). */
  dropped: ChatMessage[];
}

/**
 * Drops the assistant turns that would come first after the system prompt, and merges every
 * run of turns with one role into one turn: contents joined by a blank line (their images and
 * files kept in order). Who said what stays in the text: with several speakers `buildHistory`
 * starts each user message with its speaker's name.
 */
export function alternateRoles(messages: readonly ChatMessage[]): AlternatedConversation {
  const merged: ChatMessage[] = [];
  const dropped: ChatMessage[] = [];
  for (const message of messages) {
    const previous = merged.at(-1);
    if (message.role === 'assistant' && (previous === undefined || previous.role === 'system')) {
      dropped.push(message);
    } else if (previous !== undefined && previous.role === message.role) {
      merged[merged.length - 1] = mergeTurns(previous, message);
    } else {
      merged.push(message);
    }
  }
  return { messages: merged, dropped };
}

function mergeTurns(earlier: ChatMessage, later: ChatMessage): ChatMessage {
  return { role: earlier.role, content: joinContents(earlier.content, later.content, MERGED_TURN_SEPARATOR) };
}
