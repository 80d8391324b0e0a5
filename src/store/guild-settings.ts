/**
 * Each server's settings: its default model and how the bot replies in its threads. One row per
 * server that set either; `set_by_user_id` and `updated_at` tell who made the last change and
 * when (a clear names no one, so it leaves them).
 */
import type { DatabaseSync } from 'node:sqlite';

/**
 * How the bot replies in a server's bot threads: to every message, or only to messages that
 * mention it or reply to it (for busy threads where people also talk among themselves).
 */
export type ThreadReplies = 'every-message' | 'mentions';

/** The thread mode of a server that never chose one. */
export const DEFAULT_THREAD_REPLIES: ThreadReplies = 'every-message';

/** The store's methods about server settings (part of `Store`). */
export interface GuildSettings {
  /** The server's default model id, or `undefined` when it has none (the global default applies). */
  getGuildDefaultModel(guildId: string): string | undefined;
  /** Sets the server's default model; `setByUserId` is kept for the record. */
  setGuildDefaultModel(guildId: string, modelId: string, setByUserId: string): void;
  /** Clears the server's default (its thread mode stays); `true` when there was one. */
  clearGuildDefaultModel(guildId: string): boolean;
  /** How the bot replies in the server's threads; `'every-message'` until the server chooses. */
  getThreadReplies(guildId: string): ThreadReplies;
  /** Sets how the bot replies in the server's threads (its default model stays); `setByUserId` is kept for the record. */
  setThreadReplies(guildId: string, mode: ThreadReplies, setByUserId: string): void;
}

/** The server settings of an open, migrated database; `now` is the store's clock. */
export function guildSettings(database: DatabaseSync, now: () => number): GuildSettings {
  const getDefault = database.prepare('SELECT default_model FROM guild_settings WHERE guild_id = ?');
  const setDefault = database.prepare(
    `INSERT INTO guild_settings (guild_id, default_model, set_by_user_id, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET default_model = excluded.default_model,
       set_by_user_id = excluded.set_by_user_id, updated_at = excluded.updated_at`,
  );
  // the row stays for the thread mode; a row with neither set reads exactly as no row
  const clearDefault = database.prepare('UPDATE guild_settings SET default_model = NULL WHERE guild_id = ? AND default_model IS NOT NULL');
  const getThreadReplies = database.prepare('SELECT thread_replies FROM guild_settings WHERE guild_id = ?');
  const setThreadReplies = database.prepare(
    `INSERT INTO guild_settings (guild_id, default_model, set_by_user_id, updated_at, thread_replies) VALUES (?, NULL, ?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET thread_replies = excluded.thread_replies,
       set_by_user_id = excluded.set_by_user_id, updated_at = excluded.updated_at`,
  );
  return {
    getGuildDefaultModel(guildId) {
      const model = getDefault.get(guildId)?.['default_model'];
      return model === undefined || model === null ? undefined : String(model);
    },
    setGuildDefaultModel(guildId, modelId, setByUserId) {
      setDefault.run(guildId, modelId, setByUserId, now());
    },
    clearGuildDefaultModel(guildId) {
      return Number(clearDefault.run(guildId).changes) > 0;
    },
    getThreadReplies(guildId) {
      // the CHECK constraint admits only the two modes
      return getThreadReplies.get(guildId)?.['thread_replies'] === 'mentions' ? 'mentions' : DEFAULT_THREAD_REPLIES;
    },
    setThreadReplies(guildId, mode, setByUserId) {
      setThreadReplies.run(guildId, setByUserId, now(), mode);
    },
  };
}
