import type { APIInteractionGuildMember, GuildMember, User } from 'discord.js';

/**
 * The name people see for whoever used an interaction: their server nickname or display name,
 * else their global display name, else their username.
 */
export function displayNameOf(interaction: { member: GuildMember | APIInteractionGuildMember | null; user: User }): string {
  const { member, user } = interaction;
  if (member !== null && 'displayName' in member) return member.displayName;
  if (member !== null && typeof member.nick === 'string' && member.nick !== '') return member.nick;
  return user.globalName ?? user.username;
}
