import type { ChatMessage } from '../../model/chat-message.ts';
import { contentText } from '../../model/message-content.ts';

/**
 * Flattens a conversation into the single prompt string chat-ui's TGI backend takes:
 * one `role: content` line per message, then an `assistant:` cue for the model to continue.
 * TGI models read text only: files come inlined with their names, images as notes.
 */
export function flattenConversation(messages: readonly ChatMessage[]): string {
  return `${messages.map((message) => `${message.role}: ${contentText(message.content)}`).join('\n')}\nassistant:`;
}
