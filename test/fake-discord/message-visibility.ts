import type { APIMessage } from 'discord.js';
import { messagePayload, type PayloadContext } from './payloads.ts';
import { latestVersion, type FakeState } from './state.ts';
import type { StoredMessage } from './types.ts';

/**
 * The Message Content intent, as Discord applies it: an app without it (or without it approved)
 * reads `content`, `embeds`, `attachments` and `components` as empty, in gateway events and
 * REST answers alike, except in the messages it may always read.
 */

/** Message fields that only readers with the Message Content intent see. */
export function withoutContent(payload: APIMessage): APIMessage {
  return { ...payload, content: '', embeds: [], attachments: [], components: [] };
}

/**
 * The messages an app reads without the intent: those in its DMs, its own, and those that
 * mention it (it is among their `mentions`, which a reply that pings it also puts it in). The
 * fourth exception, a message command's target, is built apart (`resolved.messages`).
 */
export function contentIsPublicToBot(state: FakeState, message: StoredMessage, botUserId: string): boolean {
  if (message.authorId === botUserId) return true;
  const channel = state.channels.get(message.channelId);
  if (!message.guildId && channel?.privateRecipientIds === null) return true;
  return latestVersion(message).mentions.userIds.includes(botUserId);
}

/**
 * A message as the bot reads it: whole when it may read all content (`readsAll`), otherwise
 * blanked unless it is an exception. A reply's `referenced_message` follows the same rule on
 * its own, so a reply that mentions the bot does not reveal the message it answers.
 */
export function readableMessagePayload(context: PayloadContext, message: StoredMessage, readsAll: boolean): APIMessage {
  const payload = messagePayload(context, message);
  if (readsAll) return payload;
  const { state, botUserId } = context;
  const readable = contentIsPublicToBot(state, message, botUserId) ? payload : withoutContent(payload);
  const referenced = payload.referenced_message ? state.messages.get(payload.referenced_message.id) : undefined;
  if (payload.referenced_message && referenced && !contentIsPublicToBot(state, referenced, botUserId)) {
    return { ...readable, referenced_message: withoutContent(payload.referenced_message) };
  }
  return readable;
}
