import { InteractionContextType, type BaseInteraction } from 'discord.js';

/**
 * Whether the bot is a member where an interaction happened, so it can read and write that
 * channel with its own token (history, threads, channel-route edits). A person who added
 * Cordial to their account (a user install) can use it in servers the bot is not in and in
 * private channels: there it answers through the interaction only.
 */
export function botIsInChannel(interaction: BaseInteraction): boolean {
  if (interaction.context === InteractionContextType.BotDM) return true;
  if (interaction.context === InteractionContextType.PrivateChannel) return false;
  if (interaction.guildId === null) return interaction.context === null;
  // the gateway gave us the server, so the bot user is in it; a server install with the
  // applications.commands scope alone (no bot user) is not enough, whatever the owners say
  return interaction.inCachedGuild();
}
