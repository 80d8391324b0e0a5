import type { ChatMessage } from '../model/chat-message.ts';

/** The messages of a one-shot question: an optional system prompt, then the prompt. */
export function oneShotMessages(prompt: string, system: string | undefined): ChatMessage[] {
  return [...(system === undefined ? [] : [{ role: 'system' as const, content: system }]), { role: 'user', content: prompt }];
}
