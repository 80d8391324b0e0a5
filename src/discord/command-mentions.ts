import { ApplicationCommandType, type BaseInteraction, type Client } from 'discord.js';
import { commandNames, commandText, type CommandNameKey } from '../i18n/command-names.ts';
import type { Language } from '../i18n/locale.ts';

/** A registered application command, as far as a mention needs it. */
export interface RegisteredCommand {
  id: string;
  /** Its default (English) name: the only one a mention may use. */
  name: string;
  /** Only slash commands (1) can be mentioned; absent counts as one. */
  type?: number;
}

/** Reads the application's registered commands: the global ones, or with `guildId` that server's own. */
export type FetchCommands = (guildId?: string) => Promise<readonly RegisteredCommand[]>;

/**
 * Names a command (and subcommand) for a message: `</model set:123>`, which people can click,
 * when it is registered; otherwise as typed in the language, `` `/модель выбрать` ``.
 */
export type MentionCommand = (command: CommandNameKey, subcommand?: CommandNameKey) => string;

/** Turns command names into mentions, from a cache of the registered commands. */
export interface CommandMentions {
  /**
   * The mention function for a place: the global commands, and the server's own when `guildId`
   * is given (deploy-commands registers to DEV_GUILD_ID in development); a server's command
   * wins over a global one of the same name. Never fails: what could not be read is named as
   * typed, and read again after `retryMs`.
   */
  mentionsFor(guildId: string | null, language: Language): Promise<MentionCommand>;
}

/** What `createCommandMentions` takes. */
export interface CommandMentionsOptions {
  fetchCommands: FetchCommands;
  /** Milliseconds since the epoch; `Date.now` by default. */
  now?: () => number;
  /** How long a read list is trusted: an hour by default (commands change only on deploy). */
  ttlMs?: number;
  /** How long after a failed read to try again: a minute by default. */
  retryMs?: number;
  /** Told of each failed read (for the log); `guildId` is absent for the global list. */
  onError?: (error: unknown, guildId: string | undefined) => void;
}

/** One read list of commands, by name; `undefined` when the read failed. */
interface CacheEntry {
  /** `Infinity` while the read is in flight, so callers meanwhile share it. */
  expiresAt: number;
  ids: Promise<ReadonlyMap<string, string> | undefined>;
}

const globalKey = '';

/** Command mentions backed by `options.fetchCommands`, cached per server. */
export function createCommandMentions(options: CommandMentionsOptions): CommandMentions {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const retryMs = options.retryMs ?? 60 * 1000;
  const cache = new Map<string, CacheEntry>();

  function read(guildId: string | undefined): Promise<ReadonlyMap<string, string> | undefined> {
    const key = guildId ?? globalKey;
    const cached = cache.get(key);
    if (cached !== undefined && now() < cached.expiresAt) return cached.ids;
    // a server asked once is kept until it expires: drop the expired so the map stays small
    for (const [otherKey, entry] of cache) if (now() >= entry.expiresAt) cache.delete(otherKey);
    const entry: CacheEntry = { expiresAt: Number.POSITIVE_INFINITY, ids: Promise.resolve(undefined) };
    // a fetcher that throws at once fails like one that rejects
    entry.ids = new Promise<readonly RegisteredCommand[]>((resolve) => resolve(options.fetchCommands(guildId))).then(
      (commands) => {
        entry.expiresAt = now() + ttlMs;
        return new Map(commands.filter((command) => (command.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput).map((command) => [command.name, command.id]));
      },
      (error: unknown) => {
        entry.expiresAt = now() + retryMs;
        options.onError?.(error, guildId);
        return undefined;
      },
    );
    cache.set(key, entry);
    return entry.ids;
  }

  return {
    async mentionsFor(guildId, language) {
      const [globalIds, guildIds] = await Promise.all([read(undefined), guildId === null ? undefined : read(guildId)]);
      return (command, subcommand) => {
        const name = commandNames[command].en;
        const id = guildIds?.get(name) ?? globalIds?.get(name);
        if (id === undefined) return subcommand === undefined ? commandText(language, command) : commandText(language, command, subcommand);
        // a mention must use the default names: Discord neither localizes it nor opens a localized one
        return `</${subcommand === undefined ? name : `${name} ${commandNames[subcommand].en}`}:${id}>`;
      };
    },
  };
}

/** Reads the registered commands through discord.js (`client.application.commands.fetch`). */
export function discordCommandFetcher(client: Client<true>): FetchCommands {
  return async (guildId) => {
    const commands = await client.application.commands.fetch(guildId === undefined ? {} : { guildId });
    return commands.map((command) => ({ id: command.id, name: command.name, type: command.type }));
  };
}

/**
 * The server whose own commands a mention may come from: the interaction's server when the app
 * is installed there. Elsewhere (a user install in a server without the bot) asking would earn
 * a 403, which counts towards Discord's invalid-request limit.
 */
export function commandGuildOf(interaction: { guildId: string | null; authorizingIntegrationOwners: Pick<BaseInteraction['authorizingIntegrationOwners'], 'guildId'> }): string | null {
  const guildId = interaction.guildId;
  // the guild-install owner: the server's id where it was used, "0" when used in a DM
  return guildId !== null && interaction.authorizingIntegrationOwners.guildId === guildId ? guildId : null;
}
