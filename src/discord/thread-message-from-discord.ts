import { MessageType, type Attachment, type Message, type PartialMessage } from 'discord.js';
import type { MessageAttachment, ThreadMessage } from '../conversation/thread-message.ts';

/** Message types that are conversation: people's messages, replies, and command answers (slash and context-menu commands). */
const conversationalTypes = new Set<MessageType>([MessageType.Default, MessageType.Reply, MessageType.ChatInputCommand, MessageType.ContextMenuCommand]);

/** Whether a message belongs in a conversation's history (not a pin, join or thread notice). */
export function isConversational(message: Message | PartialMessage): boolean {
  return message.type !== null && conversationalTypes.has(message.type);
}

/** A discord.js message in the Discord-free shape the history code reads. */
export function toThreadMessage(message: Message, botUserId: string): ThreadMessage {
  const author = message.author;
  const converted: ThreadMessage = {
    id: message.id,
    authorId: author.id,
    authorName: message.member?.displayName ?? author.globalName ?? author.username,
    isFromThisBot: author.id === botUserId,
    authorIsBot: author.bot || message.webhookId !== null,
    content: message.content,
    createdAt: message.createdTimestamp,
  };
  if (message.editedTimestamp !== null) converted.editedAt = message.editedTimestamp;
  if (message.type === MessageType.Reply && message.reference?.messageId !== undefined) converted.replyToId = message.reference.messageId;
  if (message.attachments.size > 0) converted.attachments = [...message.attachments.values()].map(toMessageAttachment);
  return converted;
}

/** What the history code keeps of a discord.js attachment: enough to fetch and name it. */
export function toMessageAttachment(attachment: Attachment): MessageAttachment {
  return {
    id: attachment.id,
    name: attachment.name,
    byteSize: attachment.size,
    url: attachment.url,
    ...(attachment.contentType === null ? {} : { contentType: attachment.contentType }),
  };
}
