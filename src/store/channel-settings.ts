/**
 * Each channel's own settings, above its server's: a system prompt and a default model. One row
 * per channel that set either, removed once both are cleared (so a row always means something).
 * The row keeps its server, so a server's overrides can be listed and forgotten together. Every
 * change is written to the settings log in the same transaction.
 */
import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from './in-transaction.ts';
import type { ChangedBy, WriteSettingChange } from './settings-log.ts';
import { channelColumnMethods, channelValue, SETTING_OF_COLUMN, toChannelOverrides, type ChannelColumn as Column } from './channel-setting-rows.ts';

/** A channel's overrides, as `channelOverrides` lists them. */
export interface ChannelOverrides {
  channelId: string;
  /** Its system prompt, when it has one. */
  systemPrompt?: string;
  /** Its default model, provider/model, when it has one. */
  defaultModel?: string;
  /** When either was last set, in ms since the epoch. */
  updatedAt: number;
}

/** The store's methods about channel settings (part of `Store`). */
export interface ChannelSettings {
  /** The channel's system prompt, or `undefined` (its server's applies). */
  getChannelSystemPrompt(channelId: string): string | undefined;
  /** Sets the channel's system prompt (its model stays); logged with who did it. */
  setChannelSystemPrompt(guildId: string, channelId: string, prompt: string, by: ChangedBy): void;
  /** Clears the channel's system prompt; `true` when there was one, and only then is it logged. */
  clearChannelSystemPrompt(guildId: string, channelId: string, by?: ChangedBy): boolean;
  /** The channel's default model, or `undefined` (its server's applies). */
  getChannelDefaultModel(channelId: string): string | undefined;
  /** Sets the channel's default model (its prompt stays); logged with who did it. */
  setChannelDefaultModel(guildId: string, channelId: string, modelId: string, by: ChangedBy): void;
  /** Clears the channel's default model; `true` when there was one, and only then is it logged. */
  clearChannelDefaultModel(guildId: string, channelId: string, by?: ChangedBy): boolean;
  /** Every channel of the server with an override, by channel id. */
  channelOverrides(guildId: string): ChannelOverrides[];
}

/** The channel settings of an open, migrated database; `now` is the store's clock, `log` writes the settings log. */
export function channelSettings(database: DatabaseSync, now: () => number, log: WriteSettingChange): ChannelSettings {
  const read = database.prepare('SELECT system_prompt, default_model FROM channel_settings WHERE channel_id = ?');
  const list = database.prepare('SELECT channel_id, system_prompt, default_model, updated_at FROM channel_settings WHERE guild_id = ? ORDER BY channel_id');
  const dropEmpty = database.prepare('DELETE FROM channel_settings WHERE channel_id = ? AND system_prompt IS NULL AND default_model IS NULL');
  // the column names come from this file, never from a caller
  const setters = {
    system_prompt: database.prepare(
      `INSERT INTO channel_settings (channel_id, guild_id, system_prompt, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id, system_prompt = excluded.system_prompt, updated_at = excluded.updated_at`,
    ),
    default_model: database.prepare(
      `INSERT INTO channel_settings (channel_id, guild_id, default_model, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id, default_model = excluded.default_model, updated_at = excluded.updated_at`,
    ),
  };
  const clearers = {
    system_prompt: database.prepare('UPDATE channel_settings SET system_prompt = NULL WHERE channel_id = ? AND system_prompt IS NOT NULL'),
    default_model: database.prepare('UPDATE channel_settings SET default_model = NULL WHERE channel_id = ? AND default_model IS NOT NULL'),
  };

  const get = (channelId: string, column: Column): string | undefined => channelValue(read.get(channelId)?.[column]);
  const set = (guildId: string, channelId: string, column: Column, value: string, by: ChangedBy): void => {
    inTransaction(database, () => {
      setters[column].run(channelId, guildId, value, now());
      log({ guildId, channelId, setting: SETTING_OF_COLUMN[column], value, by });
    });
  };
  const clear = (guildId: string, channelId: string, column: Column, by: ChangedBy | undefined): boolean =>
    inTransaction(database, () => {
      const cleared = Number(clearers[column].run(channelId).changes) > 0;
      if (!cleared) return false;
      dropEmpty.run(channelId);
      log({ guildId, channelId, setting: SETTING_OF_COLUMN[column], value: null, by });
      return true;
    });

  return {
    ...channelColumnMethods({ get, set, clear }),
    channelOverrides: (guildId) => list.all(guildId).map(toChannelOverrides),
  };
}
