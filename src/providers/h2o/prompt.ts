import type { ChatMessage } from '../../model/chat-message.ts';

/**
 * Flattens a conversation into the single prompt string chat-ui's TGI backend takes:
 * one `role: content` line per message, then an `assistant:` cue for the model to continue.
 */
export function flattenConversation(messages: readonly ChatMessage[]): string {
  return `${messages.map((message) => `${message.role}: ${message.content}`).join('\n')}\nassistant:`;
}
