/** The messages of a conversation as sent to a model. */

/** Who said a chat message. */
export type ChatRole = 'system' | 'user' | 'assistant';

/** One message of a conversation as sent to a model. */
export interface ChatMessage {
  /** Who said it. */
  role: ChatRole;
  /** The text. */
  content: string;
  /** The speaker's display name for multi-person conversations (user turns only). */
  name?: string;
}
