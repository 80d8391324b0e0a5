import { PermissionFlagsBits, type ClientUser, type TextBasedChannel } from 'discord.js';

/**
 * Whether the bot may post a Discord reply in `channel`: Discord requires Read Message History
 * for a message with a `message_reference` (and refuses it with a 403, which counts towards its
 * invalid-request limit). DMs always allow it. Without it an answer is posted as a plain message.
 */
export function canReplyIn(channel: TextBasedChannel, me: ClientUser): boolean {
  if (channel.isDMBased()) return true;
  return channel.permissionsFor(me)?.has(PermissionFlagsBits.ReadMessageHistory) === true;
}
