import type { Channel } from 'discord.js';

/**
 * The channel whose own settings (system prompt, default model) apply where an interaction or
 * message is: a thread takes its parent channel's, as `/prompt set scope:channel` sets them on
 * the channel people see in the list. `channelId` stands in when the channel is unknown (the bot
 * is not a member there) or a thread's parent is.
 */
export function settingsChannelId<Id extends string | null>(channel: Channel | null | undefined, channelId: Id): string | Id {
  return channel?.isThread() === true ? (channel.parentId ?? channelId) : channelId;
}
