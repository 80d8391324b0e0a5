/**
 * Each server's settings: its default model, its system prompt and how the bot replies in its
 * threads. One row per server that set any; `set_by_user_id` and `updated_at` tell who made the
 * last set (a clear leaves them). Every change, clears included, is also written to the settings
 * log in the same transaction, with who made it when the caller says (`by`).
 */
import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from './in-transaction.ts';
import { changedByUserId, type ChangedBy, type WriteSettingChange } from './settings-log.ts';

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
  /** Sets the server's default model; who did it is kept in the row and the settings log. */
  setGuildDefaultModel(guildId: string, modelId: string, by: ChangedBy): void;
  /** Clears the server's default (its other settings stay); `true` when there was one, and only then is it logged. */
  clearGuildDefaultModel(guildId: string, by?: ChangedBy): boolean;
  /** The server's system prompt (`/prompt set`), or `undefined` when it has none. */
  getGuildSystemPrompt(guildId: string): string | undefined;
  /** Sets the server's system prompt (its other settings stay); logged with who did it. */
  setGuildSystemPrompt(guildId: string, prompt: string, by: ChangedBy): void;
  /** Clears the server's system prompt; `true` when there was one, and only then is it logged. */
  clearGuildSystemPrompt(guildId: string, by?: ChangedBy): boolean;
  /** How the bot replies in the server's threads; `'every-message'` until the server chooses. */
  getThreadReplies(guildId: string): ThreadReplies;
  /** Sets how the bot replies in the server's threads (its other settings stay); logged with who did it. */
  setThreadReplies(guildId: string, mode: ThreadReplies, by: ChangedBy): void;
}

/** The server settings of an open, migrated database; `now` is the store's clock, `log` writes the settings log. */
export function guildSettings(database: DatabaseSync, now: () => number, log: WriteSettingChange): GuildSettings {
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
  const getPrompt = database.prepare('SELECT system_prompt FROM guild_settings WHERE guild_id = ?');
  const setPrompt = database.prepare(
    `INSERT INTO guild_settings (guild_id, default_model, set_by_user_id, updated_at, system_prompt) VALUES (?, NULL, ?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET system_prompt = excluded.system_prompt,
       set_by_user_id = excluded.set_by_user_id, updated_at = excluded.updated_at`,
  );
  const clearPrompt = database.prepare('UPDATE guild_settings SET system_prompt = NULL WHERE guild_id = ? AND system_prompt IS NOT NULL');
  return {
    getGuildDefaultModel(guildId) {
      const model = getDefault.get(guildId)?.['default_model'];
      return model === undefined || model === null ? undefined : String(model);
    },
    setGuildDefaultModel(guildId, modelId, by) {
      inTransaction(database, () => {
        setDefault.run(guildId, modelId, changedByUserId(by), now());
        log({ guildId, setting: 'default-model', value: modelId, by });
      });
    },
    clearGuildDefaultModel(guildId, by) {
      return inTransaction(database, () => {
        const cleared = Number(clearDefault.run(guildId).changes) > 0;
        if (cleared) log({ guildId, setting: 'default-model', value: null, by });
        return cleared;
      });
    },
    getGuildSystemPrompt(guildId) {
      const prompt = getPrompt.get(guildId)?.['system_prompt'];
      return prompt === undefined || prompt === null ? undefined : String(prompt);
    },
    setGuildSystemPrompt(guildId, prompt, by) {
      inTransaction(database, () => {
        setPrompt.run(guildId, changedByUserId(by), now(), prompt);
        log({ guildId, setting: 'system-prompt', value: prompt, by });
      });
    },
    clearGuildSystemPrompt(guildId, by) {
      return inTransaction(database, () => {
        const cleared = Number(clearPrompt.run(guildId).changes) > 0;
        if (cleared) log({ guildId, setting: 'system-prompt', value: null, by });
        return cleared;
      });
    },
    getThreadReplies(guildId) {
      // the CHECK constraint admits only the two modes
      return getThreadReplies.get(guildId)?.['thread_replies'] === 'mentions' ? 'mentions' : DEFAULT_THREAD_REPLIES;
    },
    setThreadReplies(guildId, mode, by) {
      inTransaction(database, () => {
        setThreadReplies.run(guildId, changedByUserId(by), now(), mode);
        log({ guildId, setting: 'thread-replies', value: mode, by });
      });
    },
  };
}
