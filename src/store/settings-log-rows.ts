/**
 * The settings log between changes and `settings_log` rows, for both backends: who made a
 * change as the two columns that keep it, and the entries read back.
 */
import type { ChangedBy, SettingChange, SettingLogEntry } from './settings-log.ts';

/** The user id of a `ChangedBy`. */
export function changedByUserId(by: ChangedBy): string {
  return typeof by === 'string' ? by : by.userId;
}

/** The set_by_user_id and set_by_name of a change: both `null` when no one was named, the name `null` for a bare user id. */
export function changeAuthor(by: ChangedBy | undefined): { userId: string | null; name: string | null } {
  return {
    userId: by === undefined ? null : changedByUserId(by),
    name: by === undefined || typeof by === 'string' ? null : by.name,
  };
}

/** A row (value, set_by_user_id, set_by_name, at) as the change it records. */
export function toSettingChange(row: Record<string, unknown>): SettingChange {
  return {
    value: nullableText(row['value']),
    setByUserId: nullableText(row['set_by_user_id']),
    setByName: nullableText(row['set_by_name']),
    at: Number(row['at']),
  };
}

/** A row that also names its setting and channel, as an entry of the server's log. */
export function toSettingLogEntry(row: Record<string, unknown>): SettingLogEntry {
  return { setting: String(row['setting']), channelId: nullableText(row['channel_id']), ...toSettingChange(row) };
}

function nullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
