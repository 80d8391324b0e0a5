import type { Client, Guild } from 'discord.js';
import { mentionedIds, threadName, type MentionNames } from '../conversation/thread-name.ts';

/** At most this many people mentioned in a prompt are fetched from Discord; the rest must be cached. */
const maxMemberFetches = 5;

/**
 * The name of the thread an answer opens (an `/ask`'s, a mention's): its prompt as people read it, with mentions shown
 * by the names the server shows. Discord resolves nothing inside a string option, so names come
 * from what the bot has cached (guild members, roles, channels, users), and a person it has not
 * seen is fetched (a few at most; a failure just leaves that mention unnamed).
 */
export async function threadNameFor(place: { guild: Guild | null; client: Client }, prompt: string, fallback: string): Promise<string> {
  const { guild } = place;
  if (guild !== null) await fetchMissingMembers(guild, mentionedIds(prompt).users);
  return threadName(prompt, mentionNames(place.client, guild), fallback);
}

function mentionNames(client: Client, guild: Guild | null): MentionNames {
  return {
    user: (id) => {
      const member = guild?.members.cache.get(id);
      if (member !== undefined) return member.displayName;
      const user = client.users.cache.get(id);
      return user === undefined ? undefined : (user.globalName ?? user.username);
    },
    role: (id) => guild?.roles.cache.get(id)?.name,
    channel: (id) => {
      const channel = client.channels.cache.get(id);
      return channel !== undefined && 'name' in channel && typeof channel.name === 'string' ? channel.name : undefined;
    },
  };
}

async function fetchMissingMembers(guild: Guild, userIds: string[]): Promise<void> {
  const missing = userIds.filter((id) => !guild.members.cache.has(id)).slice(0, maxMemberFetches);
  await Promise.all(missing.map((id) => guild.members.fetch(id).catch(() => undefined)));
}
