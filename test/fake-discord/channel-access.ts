import type { FakeState } from './state.ts';
import type { FakeChannel } from './types.ts';

/**
 * Whether the bot is in a channel: a channel of a guild it is a member of, or its own DM with
 * someone. Private channels between people and the channels of guilds it is not in are closed
 * to it: no events, and 50001 over REST, even where a user install lets it answer interactions.
 */
export function botCanSee(state: FakeState, channel: FakeChannel, botUserId: string): boolean {
  if (channel.guildId) return state.guilds.get(channel.guildId)?.members.has(botUserId) ?? false;
  return channel.privateRecipientIds === null;
}
