import { Options, Sweepers, type CacheWithLimitsOptions, type ClientOptions, type GlobalSweepFilter, type Message, type TextBasedChannel } from 'discord.js';
import { DEFAULT_MAX_MESSAGES_PER_THREAD } from '../conversation/history-cache.ts';

/**
 * What discord.js keeps in memory: only what the bot reads from its caches, so a process's memory
 * grows with the conversations it follows, not with the size of the servers it is in.
 *
 * Kept whole (discord.js needs them, and overriding them is unsupported): guilds, channels and
 * threads, roles, permission overwrites. They answer `permissionsFor`, a thread's parent and a
 * channel's category (access rules), a server's locale, and the names in thread titles.
 *
 * Everything else is limited below, each with why. The bot reads history through REST pages
 * (`discord-message-source.ts`), edits its answers through REST routes by id, and takes a
 * pressed button's message from the interaction, none of which needs a cached message.
 */

/** How long a message outside the conversations the bot follows stays cached (see `messageSweepFilter`). */
export const MESSAGE_LIFETIME_SECONDS = 30 * 60;
/** How often old messages are swept. */
export const MESSAGE_SWEEP_INTERVAL_SECONDS = 5 * 60;
/** How long a thread stays cached once archived: discord.js's own default, kept. */
export const ARCHIVED_THREAD_LIFETIME_SECONDS = 4 * 60 * 60;
/** How often archived threads are swept. */
export const THREAD_SWEEP_INTERVAL_SECONDS = 60 * 60;

/**
 * Server members kept per server, the bot's own among them and never evicted. `message.member` is read from this
 * cache (discord.js adds the payload's member as it builds the message, then looks it up), for
 * the author's roles (access rules) and display name in the same tick as the message arrives;
 * a thread's name fetches at most 5 mentioned people and reads them at once; history pages from
 * REST carry no member, so recent speakers keep their server nickname there. Eviction is
 * oldest-added first: a busy server cycles through it, which only costs nicknames in history.
 */
export const MEMBERS_PER_GUILD = 50;

/**
 * People kept across all servers and DMs, the bot among them and never evicted. discord.js builds a message's member
 * from its author as this cache holds it just after adding it: with no room, the member gets a
 * copy without the author's display name (`member.displayName` falls back to the username), so
 * it must hold at least the authors of the messages arriving now. Past that it only names a
 * mentioned person in a thread title who is no member any more; a user is a few hundred bytes.
 */
export const USERS = 1_000;

/** Settings of `cacheOptions`, for what the configuration can change. */
export interface CacheLimits {
  /**
   * Messages kept per channel, thread or DM: at least the history cache's messages per thread
   * (`HISTORY_MAX_MESSAGES`), or it misses the edits and deletions of the older ones (discord.js
   * reports those only for messages it holds, as the client has no Message partials). Default
   * the history cache's default, 200 (also discord.js's own).
   */
  messagesPerChannel?: number;
}

/** Whether an entry is the bot's own (its user, its member in a server or thread): always kept, as `permissionsFor(client.user)` and `guild.members.me` read it. */
function isTheBot(entry: { id: string; client: { user: { id: string } | null } }): boolean {
  return entry.id === entry.client.user?.id;
}

/** `makeCache` and `sweepers` for the bot's `Client` (spread into its options). */
export function cacheOptions(limits: CacheLimits = {}): Required<Pick<ClientOptions, 'makeCache' | 'sweepers'>> {
  const settings: CacheWithLimitsOptions & Record<'GuildApplicationCommandManager' | 'GuildSoundboardSoundManager', number> = {
    // guild channels, threads and DMs alike; old ones outside conversations are swept (below)
    MessageManager: limits.messagesPerChannel ?? DEFAULT_MAX_MESSAGES_PER_THREAD,
    GuildMemberManager: { maxSize: MEMBERS_PER_GUILD, keepOverLimit: isTheBot },
    UserManager: { maxSize: USERS, keepOverLimit: isTheBot },
    // nothing reads who is in a thread; the bot's own membership stays for `thread.joined`
    ThreadMemberManager: { maxSize: 0, keepOverLimit: isTheBot },
    // no presence intent, and nothing reads one
    PresenceManager: 0,
    // nothing reads reactions, nor who reacted
    ReactionManager: 0,
    ReactionUserManager: 0,
    // custom emoji in a prompt are named from their markup (`<:name:id>`), not from the cache
    GuildEmojiManager: 0,
    BaseGuildEmojiManager: 0,
    ApplicationEmojiManager: 0,
    GuildStickerManager: 0,
    GuildSoundboardSoundManager: 0,
    // the bot has no voice, stage, invite, event, ban or moderation feature
    VoiceStateManager: 0,
    StageInstanceManager: 0,
    GuildInviteManager: 0,
    GuildScheduledEventManager: 0,
    GuildBanManager: 0,
    AutoModerationRuleManager: 0,
    // command mentions read the fetched list (and keep their own copy), never this cache
    ApplicationCommandManager: 0,
    GuildApplicationCommandManager: 0,
    // an interaction's entitlements are held by the interaction
    EntitlementManager: 0,
  };
  return {
    makeCache: Options.cacheWithLimits(settings),
    sweepers: {
      messages: { interval: MESSAGE_SWEEP_INTERVAL_SECONDS, filter: messageSweepFilter() },
      // an archived thread comes back with its next message (Discord unarchives it and says so)
      threads: { interval: THREAD_SWEEP_INTERVAL_SECONDS, lifetime: ARCHIVED_THREAD_LIFETIME_SECONDS },
    },
  };
}

/**
 * The sweep of old messages: those last written more than `lifetimeSeconds` ago, except where
 * they are still read (`isKeptWhileCached`). Until then a reply chain walks them from the cache
 * instead of one REST request per message; after, it fetches them again.
 */
export function messageSweepFilter(lifetimeSeconds = MESSAGE_LIFETIME_SECONDS): GlobalSweepFilter<string, Message> {
  return Sweepers.filterByLifetime<string, Message>({
    lifetime: lifetimeSeconds,
    getComparisonTimestamp: (message) => message.editedTimestamp ?? message.createdTimestamp,
    excludeFromSweep: isKeptWhileCached,
  });
}

/**
 * Messages no age sweeps, only the per-channel limit:
 * - in a DM or one of the bot's own threads (the bot opens each on its answer, so owns it): the
 *   history cache follows their edits and deletions, which discord.js reports only for
 *   messages it holds;
 * - system messages (a join, a pin): "Ask Cordial" reads a target's `system` from the cache when
 *   its modal is submitted (Discord refuses a reply to one), and they are few.
 */
export function isKeptWhileCached(message: Message): boolean {
  if (message.system) return true;
  // resolved from the channel cache, which the sweep walks: null only for a message held elsewhere
  const channel: TextBasedChannel | null = message.channel;
  if (channel === null || channel.isDMBased()) return true;
  return channel.isThread() && channel.ownerId === message.client.user.id;
}
