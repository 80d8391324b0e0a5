/**
 * A message of a bot thread in a shape that knows nothing of Discord: the bot converts
 * discord.js messages (and gateway events) into it, and the history code reads only this.
 */

/** One message of a thread. Treat it as immutable: updates replace the object. */
export interface ThreadMessage {
  /** The message's snowflake id; ids sort messages by creation (see `compareSnowflakes`). */
  id: string;
  /** The author's user id. */
  authorId: string;
  /** The author's display name in the server (nickname, else global name, else username). */
  authorName: string;
  /** Written by this bot: part of one of its answers (or a note of the streamer). */
  isFromThisBot: boolean;
  /** Written by any bot or webhook (this one included). */
  authorIsBot: boolean;
  /** The text content; empty for attachment- or embed-only messages. */
  content: string;
  /** The files attached to it, in Discord's order; absent when none. */
  attachments?: readonly MessageAttachment[];
  /** When it was created, ms since the epoch. */
  createdAt: number;
  /** When it was last edited, ms since the epoch; absent when never edited. */
  editedAt?: number;
  /** The message it replies to (Discord's reply), when it is a reply. */
  replyToId?: string;
}

/**
 * Orders snowflake ids by creation time without BigInt: ids are unsigned decimal integers
 * without leading zeros, so a shorter id is smaller, and equal lengths compare as strings.
 */
export function compareSnowflakes(left: string, right: string): number {
  if (left.length !== right.length) return left.length - right.length;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A file attached to a message, as Discord describes it; its bytes are fetched when a turn needs them. */
export interface MessageAttachment {
  /** The attachment's snowflake id: the same file keeps it, so caches key on it. */
  id: string;
  /** The file name, e.g. `photo.png`. */
  name: string;
  /** Its size in bytes, as Discord states it. */
  byteSize: number;
  /** Where Discord serves it (its CDN); fetched only from the allowed origins. */
  url: string;
  /** The content type Discord states, when it does; only a hint (images are told by their bytes). */
  contentType?: string;
}

/** A message of this bot's, as the history code reads it. */
export function botMessage(id: string, content: string, createdAt: number, botUserId: string): ThreadMessage {
  return { id, authorId: botUserId, authorName: 'Cordial', isFromThisBot: true, authorIsBot: true, content, createdAt };
}

/**
 * A person's turn as the history code reads it, for a prompt that is no message of its own
 * (an `/ask`'s, one kept for a thread, a recorded question): attachments only when there are any.
 */
export function personMessage(turn: { id: string; authorId: string; authorName: string; content: string; createdAt: number; attachments?: readonly MessageAttachment[] | undefined }): ThreadMessage {
  const { attachments, ...fields } = turn;
  return { ...fields, isFromThisBot: false, authorIsBot: false, ...(attachments === undefined || attachments.length === 0 ? {} : { attachments }) };
}
