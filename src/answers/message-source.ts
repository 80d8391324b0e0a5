import type { ThreadMessage } from '../conversation/thread-message.ts';

/** One page of a conversation's messages, newest first, as the platform returned it. */
export interface MessagePage {
  /** The page's messages that belong in a conversation (no pins, joins or thread notices), newest first. */
  messages: ThreadMessage[];
  /** How many messages the platform returned, conversational or not: fewer than asked means the start was reached. */
  fetched: number;
  /** The oldest message id of the page, to ask for the page before it. */
  oldestId: string | undefined;
}

/**
 * A conversation as the answers layer sees it: the port through which it reads a thread's, a
 * DM's or a reply chain's messages and posts short notes. The Discord layer implements it for
 * each channel (`discord/discord-message-source.ts`); answers themselves are written through
 * a `MessageSink`, which the same layer makes.
 */
export interface MessageSource {
  /** The channel, thread or DM id: conversations are queued and cached by it. */
  readonly id: string;
  /** Up to `limit` messages (at most 100) before `before`, or the newest when absent. */
  page(options: { limit: number; before?: string }): Promise<MessagePage>;
  /** One message, or `undefined` when it is gone or cannot be read. */
  message(messageId: string): Promise<ThreadMessage | undefined>;
  /** Posts a short message of the bot (a note standing for an answer); resolves with it as the history reads it. */
  post(content: string): Promise<ThreadMessage>;
  /** Shows that the bot is typing; a courtesy that may fail silently. */
  typing(): void;
}
