/**
 * Each channel's own settings in PostgreSQL (see `../channel-settings.ts`): a row only while the
 * channel overrides something, every change logged in its transaction.
 */
import type { Asynchronous } from '../store-port.ts';
import type { ChannelSettings } from '../channel-settings.ts';
import type { ChangedBy } from '../settings-log.ts';
import { channelColumnMethods, channelValue, SETTING_OF_COLUMN, toChannelOverrides, type ChannelColumn as Column } from '../channel-setting-rows.ts';
import type { PostgresDatabase } from './database.ts';
import { writeSettingChange } from './settings-log.ts';

const READ = 'SELECT system_prompt, default_model FROM channel_settings WHERE channel_id = $1';
const LIST = 'SELECT channel_id, system_prompt, default_model, updated_at FROM channel_settings WHERE guild_id = $1 ORDER BY channel_id';
const DROP_EMPTY = 'DELETE FROM channel_settings WHERE channel_id = $1 AND system_prompt IS NULL AND default_model IS NULL';
// the column names come from this file, never from a caller; $1 channel, $2 server, $3 value, $4 when
const SET: Record<Column, string> = {
  system_prompt: `INSERT INTO channel_settings (channel_id, guild_id, system_prompt, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (channel_id) DO UPDATE SET guild_id = EXCLUDED.guild_id, system_prompt = EXCLUDED.system_prompt, updated_at = EXCLUDED.updated_at`,
  default_model: `INSERT INTO channel_settings (channel_id, guild_id, default_model, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (channel_id) DO UPDATE SET guild_id = EXCLUDED.guild_id, default_model = EXCLUDED.default_model, updated_at = EXCLUDED.updated_at`,
};
const CLEAR: Record<Column, string> = {
  system_prompt: 'UPDATE channel_settings SET system_prompt = NULL WHERE channel_id = $1 AND system_prompt IS NOT NULL',
  default_model: 'UPDATE channel_settings SET default_model = NULL WHERE channel_id = $1 AND default_model IS NOT NULL',
};

/** The channel settings; `now` is the store's clock. */
export function postgresChannelSettings(database: PostgresDatabase, now: () => number): Asynchronous<ChannelSettings> {
  const get = async (channelId: string, column: Column): Promise<string | undefined> => {
    return channelValue((await database.query(READ, [channelId])).rows[0]?.[column]);
  };
  const set = async (guildId: string, channelId: string, column: Column, value: string, by: ChangedBy): Promise<void> => {
    const at = now();
    await database.transaction(async (connection) => {
      await connection.query(SET[column], [channelId, guildId, value, at]);
      await writeSettingChange(connection, { guildId, channelId, setting: SETTING_OF_COLUMN[column], value, by }, at);
    });
  };
  const clear = async (guildId: string, channelId: string, column: Column, by: ChangedBy | undefined): Promise<boolean> => {
    const at = now();
    return database.transaction(async (connection) => {
      if ((await connection.query(CLEAR[column], [channelId])).rowCount === 0) return false;
      await connection.query(DROP_EMPTY, [channelId]);
      await writeSettingChange(connection, { guildId, channelId, setting: SETTING_OF_COLUMN[column], value: null, by }, at);
      return true;
    });
  };
  return {
    ...channelColumnMethods({ get, set, clear }),
    async channelOverrides(guildId) {
      return (await database.query(LIST, [guildId])).rows.map(toChannelOverrides);
    },
  };
}
