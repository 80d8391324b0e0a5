/**
 * The settings log in PostgreSQL (see `../settings-log.ts`): the writer runs on the connection
 * of the setter's own transaction, so a setting never changes unrecorded; the readers take the
 * newest entries by id, as in SQLite.
 */
import type { Asynchronous } from '../store-port.ts';
import type { SettingChangeInput, SettingsLog } from '../settings-log.ts';
import { changeAuthor, toSettingChange, toSettingLogEntry } from '../settings-log-rows.ts';
import type { PostgresDatabase, Queryable } from './database.ts';

/**
 * Appends one change to the log on `connection`, inside the caller's transaction. `at` is the
 * store's clock read when the setter was called (SQLite's setters run at once, so their entries
 * bear the time of the call, not of a connection becoming free).
 */
type WritePostgresSettingChange = (connection: Queryable, change: SettingChangeInput, at: number) => Promise<void>;

/** The log writer. */
export const writeSettingChange: WritePostgresSettingChange = async (connection, change, at) => {
  const { userId, name } = changeAuthor(change.by);
  await connection.query(
    'INSERT INTO settings_log (guild_id, channel_id, setting, value, set_by_user_id, set_by_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [change.guildId, change.channelId ?? null, change.setting, change.value, userId, name, at],
  );
};

// two statements rather than IS NOT DISTINCT FROM, which no index serves
const NEWEST = 'SELECT value, set_by_user_id, set_by_name, at FROM settings_log WHERE guild_id = $1 AND setting = $2';
const NEWEST_OF_SERVER = `${NEWEST} AND channel_id IS NULL ORDER BY id DESC LIMIT 1`;
const NEWEST_OF_CHANNEL = `${NEWEST} AND channel_id = $3 ORDER BY id DESC LIMIT 1`;
const RECENT = 'SELECT setting, channel_id, value, set_by_user_id, set_by_name, at FROM settings_log WHERE guild_id = $1 ORDER BY id DESC LIMIT $2';

/** The log readers. */
export function postgresSettingsLog(database: PostgresDatabase): Asynchronous<SettingsLog> {
  return {
    async lastChange(guildId, setting, channelId) {
      const { rows } = channelId === undefined ? await database.query(NEWEST_OF_SERVER, [guildId, setting]) : await database.query(NEWEST_OF_CHANNEL, [guildId, setting, channelId]);
      const row = rows[0];
      return row === undefined ? undefined : toSettingChange(row);
    },
    async settingChanges(guildId, limit = 25) {
      const { rows } = await database.query(RECENT, [guildId, limit]);
      return rows.map(toSettingLogEntry);
    },
  };
}
