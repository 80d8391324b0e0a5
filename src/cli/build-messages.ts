import type { ChatMessage, FileTextPart, ImagePart } from '../model/chat-message.ts';

/**
 * The messages of a one-shot question: an optional system prompt, then the prompt with the
 * attached files and images after it (plain text when there are none).
 */
export function oneShotMessages(prompt: string, system: string | undefined, attached: ReadonlyArray<FileTextPart | ImagePart> = []): ChatMessage[] {
  const content: ChatMessage['content'] = attached.length === 0 ? prompt : [{ type: 'text', text: prompt }, ...attached];
  return [...(system === undefined ? [] : [{ role: 'system' as const, content: system }]), { role: 'user', content }];
}
