/**
 * Which system prompt (persona) applies where, and where it comes from: the thread's own (what
 * it started with), else the channel's, else the server's (`/prompt set`), else `SYSTEM_PROMPT`,
 * else the built-in one. `/prompt show`, `/model show` and `/help` say the source; a new bot
 * thread records the prompt it starts with, so that it keeps it.
 */
import { defaultSystemPrompt } from '../config/bot-config.ts';

/**
 * Where the prompt came from. `global` is `SYSTEM_PROMPT`; `built-in` is Cordial's own text,
 * used when `SYSTEM_PROMPT` is unset.
 */
export type SystemPromptSource = 'thread' | 'channel' | 'server' | 'global' | 'built-in';

/** The prompt to use and why. */
export interface EffectiveSystemPrompt {
  /** The text, as it was set (not trimmed). */
  prompt: string;
  source: SystemPromptSource;
}

/** The candidates, highest priority first. Absent, `null` and blank ones are skipped. */
export interface SystemPromptCandidates {
  /** The prompt the current bot thread started with (`ThreadRecord.system`). */
  thread?: string | null;
  /** The channel's prompt; for a thread, its parent channel's. */
  channel?: string | null;
  /** The server's prompt. */
  server?: string | null;
  /**
   * `BotConfig.systemPrompt`: `SYSTEM_PROMPT`, or the built-in text when it is unset. The
   * configuration keeps no trace of which, so a value equal to the built-in text is reported as
   * built-in (it is the same words either way).
   */
  configured: string;
}

/** Picks the first given candidate in priority order (see `SystemPromptCandidates`); there always is one. */
export function resolveSystemPrompt(candidates: SystemPromptCandidates): EffectiveSystemPrompt {
  for (const source of ['thread', 'channel', 'server'] as const) {
    const prompt = candidates[source];
    if (prompt != null && prompt.trim() !== '') return { prompt, source };
  }
  const prompt = candidates.configured;
  return { prompt, source: prompt === defaultSystemPrompt ? 'built-in' : 'global' };
}

/** What the lookup reads: the store's prompts and the configured one. */
export interface SystemPromptLookupOptions {
  /** The server's prompt (`Store.getGuildSystemPrompt`). */
  serverPrompt(guildId: string): Promise<string | undefined>;
  /** A channel's prompt (`Store.getChannelSystemPrompt`). */
  channelPrompt(channelId: string): Promise<string | undefined>;
  /** `BotConfig.systemPrompt`. */
  configured: string;
}

/** A place, as the triggers know it. */
export interface SystemPromptPlace {
  /** The prompt the bot thread started with, when the place is one (`ThreadRecord.system`). */
  threadPrompt?: string | undefined;
  /** The channel whose prompt applies: for a thread, its parent channel; `null` in DMs. */
  channelId?: string | null;
  /** The server, `null` outside servers (then neither a channel's nor a server's prompt is read). */
  guildId?: string | null;
}

/** Finds the system prompt for a place (see `systemPromptLookup`). */
export type SystemPromptLookup = (place: SystemPromptPlace) => Promise<EffectiveSystemPrompt>;

/** The system prompt for a place: every trigger asks this one place, as it asks `ModelLookup` for the model. */
export function systemPromptLookup(options: SystemPromptLookupOptions): SystemPromptLookup {
  return async (place) => {
    const guildId = place.guildId ?? undefined;
    if (guildId === undefined) return resolveSystemPrompt({ thread: place.threadPrompt, configured: options.configured });
    return resolveSystemPrompt({
      thread: place.threadPrompt,
      channel: place.channelId == null ? undefined : await options.channelPrompt(place.channelId),
      server: await options.serverPrompt(guildId),
      configured: options.configured,
    });
  };
}

/** What `systemPromptFor` reads: the services' lookup, or else the store and the configured prompt. */
export interface SystemPromptServices {
  /** The lookup `main.ts` builds; absent (in tests of other parts), one is made from `store` and `config`. */
  systemPrompts?: SystemPromptLookup | undefined;
  store: Pick<SystemPromptStore, 'getGuildSystemPrompt' | 'getChannelSystemPrompt'>;
  config: { systemPrompt: string };
}

/** The store's prompt readers. */
export interface SystemPromptStore {
  getGuildSystemPrompt(guildId: string): Promise<string | undefined>;
  getChannelSystemPrompt(channelId: string): Promise<string | undefined>;
}

/** The system prompt for `place`, through the services' lookup (see `SystemPromptServices`). */
export function systemPromptFor(services: SystemPromptServices, place: SystemPromptPlace): Promise<EffectiveSystemPrompt> {
  const lookup =
    services.systemPrompts ??
    systemPromptLookup({
      serverPrompt: (guildId) => services.store.getGuildSystemPrompt(guildId),
      channelPrompt: (channelId) => services.store.getChannelSystemPrompt(channelId),
      configured: services.config.systemPrompt,
    });
  return lookup(place);
}
