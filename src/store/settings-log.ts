/**
 * The settings log: one row per change of a server's or a channel's setting, naming who made it
 * and when, so `/prompt show` and `/model show` can say "set by Ada Admin on 3 Dec". The store's
 * setters write it in the same transaction as the change itself, so a setting never changes
 * unrecorded. Rows are never rewritten; the newest entry of a setting in a place is one indexed
 * row (`settings_log_newest`).
 */
import type { DatabaseSync } from 'node:sqlite';
import { changeAuthor, toSettingChange, toSettingLogEntry } from './settings-log-rows.ts';

// owned by settings-log-rows.ts (which both backends' writers use); the setters import it with the log's types
export { changedByUserId } from './settings-log-rows.ts';

/**
 * The settings the log knows. `setting` is TEXT without a CHECK in the schema, so a new kind
 * needs no rebuild; the type lists those written today.
 */
export type SettingName = 'system-prompt' | 'default-model' | 'thread-replies' | 'access' | 'quota';

/**
 * Who changed a setting. A bare user id (what the setters took before the log existed) is
 * accepted too: the entry then has no name, and a reader shows the user's mention instead.
 */
export type ChangedBy = string | { userId: string; name: string };

/** The newest change of a setting in a place. */
export interface SettingChange {
  /** The value set, as text (a prompt, a model id, a mode); `null` when the setting was reset. */
  value: string | null;
  /** Who changed it; `null` when the caller named no one (a clear before callers passed `by`). */
  setByUserId: string | null;
  /** Their display name at the time; `null` when only an id (or no one) was given. */
  setByName: string | null;
  /** When, in ms since the epoch (the store's clock). */
  at: number;
}

/** One entry of a server's log, as `settingChanges` lists them. */
export interface SettingLogEntry extends SettingChange {
  /** The setting changed. */
  setting: string;
  /** The channel it applies to; `null` for the server's own setting. */
  channelId: string | null;
}

/** The store's methods about the settings log (part of `Store`). */
export interface SettingsLog {
  /**
   * The newest change of `setting` in the server itself (no `channelId`) or in one of its
   * channels; `undefined` when it was never changed there (it has its default).
   */
  lastChange(guildId: string, setting: SettingName, channelId?: string): SettingChange | undefined;
  /** The server's changes (its channels' included), newest first, at most `limit` (default 25). */
  settingChanges(guildId: string, limit?: number): SettingLogEntry[];
}

/** What a setter writes to the log, inside its own transaction. */
export interface SettingChangeInput {
  guildId: string;
  /** The channel the setting applies to; absent for a server's setting. */
  channelId?: string;
  setting: SettingName;
  /** The new value, `null` for a reset. */
  value: string | null;
  /** Who made it; absent when the caller did not say. */
  by?: ChangedBy;
}

/** Appends one change to the log; for the store's setters, which call it in their transaction. */
export type WriteSettingChange = (change: SettingChangeInput) => void;

/** The log writer of an open, migrated database; `now` is the store's clock. */
export function settingsLogWriter(database: DatabaseSync, now: () => number): WriteSettingChange {
  const insert = database.prepare(
    'INSERT INTO settings_log (guild_id, channel_id, setting, value, set_by_user_id, set_by_name, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  return (change) => {
    const { userId, name } = changeAuthor(change.by);
    insert.run(change.guildId, change.channelId ?? null, change.setting, change.value, userId, name, now());
  };
}

/** The log readers of an open, migrated database. */
export function settingsLog(database: DatabaseSync): SettingsLog {
  // newest by id, not by `at`: ids grow with every insert, while a clock may be set back
  const newest = database.prepare(
    `SELECT value, set_by_user_id, set_by_name, at FROM settings_log
     WHERE guild_id = ? AND setting = ? AND channel_id IS ? ORDER BY id DESC LIMIT 1`,
  );
  const recent = database.prepare(
    `SELECT setting, channel_id, value, set_by_user_id, set_by_name, at FROM settings_log
     WHERE guild_id = ? ORDER BY id DESC LIMIT ?`,
  );
  return {
    lastChange(guildId, setting, channelId) {
      const row = newest.get(guildId, setting, channelId ?? null);
      return row === undefined ? undefined : toSettingChange(row);
    },
    settingChanges(guildId, limit = 25) {
      return recent.all(guildId, limit).map(toSettingLogEntry);
    },
  };
}
