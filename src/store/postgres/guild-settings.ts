/**
 * Each server's settings in PostgreSQL (see `../guild-settings.ts`): one row per server, each
 * setting set and cleared without touching the others, every change logged in its transaction.
 */
import type { Asynchronous } from '../store-port.ts';
import { DEFAULT_THREAD_REPLIES, type GuildSettings } from '../guild-settings.ts';
import { changedByUserId, type ChangedBy, type SettingName } from '../settings-log.ts';
import type { PostgresDatabase } from './database.ts';
import { writeSettingChange } from './settings-log.ts';

const GET = 'SELECT default_model, system_prompt, thread_replies FROM guild_settings WHERE guild_id = $1';
// each setter names its own column: $1 server, $2 value, $3 who, $4 when
const SET = {
  default_model: `INSERT INTO guild_settings (guild_id, default_model, set_by_user_id, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (guild_id) DO UPDATE SET default_model = EXCLUDED.default_model, set_by_user_id = EXCLUDED.set_by_user_id, updated_at = EXCLUDED.updated_at`,
  system_prompt: `INSERT INTO guild_settings (guild_id, system_prompt, set_by_user_id, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (guild_id) DO UPDATE SET system_prompt = EXCLUDED.system_prompt, set_by_user_id = EXCLUDED.set_by_user_id, updated_at = EXCLUDED.updated_at`,
  thread_replies: `INSERT INTO guild_settings (guild_id, thread_replies, set_by_user_id, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (guild_id) DO UPDATE SET thread_replies = EXCLUDED.thread_replies, set_by_user_id = EXCLUDED.set_by_user_id, updated_at = EXCLUDED.updated_at`,
} as const;
// the row stays for the other settings (and keeps who set last); a row with none set reads exactly as no row
const CLEAR = {
  default_model: 'UPDATE guild_settings SET default_model = NULL WHERE guild_id = $1 AND default_model IS NOT NULL',
  system_prompt: 'UPDATE guild_settings SET system_prompt = NULL WHERE guild_id = $1 AND system_prompt IS NOT NULL',
} as const;
const SETTING_OF = { default_model: 'default-model', system_prompt: 'system-prompt', thread_replies: 'thread-replies' } as const satisfies Record<keyof typeof SET, SettingName>;

/** The server settings; `now` is the store's clock. */
export function postgresGuildSettings(database: PostgresDatabase, now: () => number): Asynchronous<GuildSettings> {
  const read = async (guildId: string, column: 'default_model' | 'system_prompt'): Promise<string | undefined> => {
    const value = (await database.query(GET, [guildId])).rows[0]?.[column];
    return value === undefined || value === null ? undefined : String(value);
  };
  const set = async (guildId: string, column: keyof typeof SET, value: string, by: ChangedBy): Promise<void> => {
    const at = now();
    await database.transaction(async (connection) => {
      await connection.query(SET[column], [guildId, value, changedByUserId(by), at]);
      await writeSettingChange(connection, { guildId, setting: SETTING_OF[column], value, by }, at);
    });
  };
  const clear = async (guildId: string, column: keyof typeof CLEAR, by: ChangedBy | undefined): Promise<boolean> => {
    const at = now();
    return database.transaction(async (connection) => {
      const cleared = (await connection.query(CLEAR[column], [guildId])).rowCount > 0;
      if (cleared) await writeSettingChange(connection, { guildId, setting: SETTING_OF[column], value: null, by }, at);
      return cleared;
    });
  };
  return {
    getGuildDefaultModel: (guildId) => read(guildId, 'default_model'),
    setGuildDefaultModel: (guildId, modelId, by) => set(guildId, 'default_model', modelId, by),
    clearGuildDefaultModel: (guildId, by) => clear(guildId, 'default_model', by),
    getGuildSystemPrompt: (guildId) => read(guildId, 'system_prompt'),
    setGuildSystemPrompt: (guildId, prompt, by) => set(guildId, 'system_prompt', prompt, by),
    clearGuildSystemPrompt: (guildId, by) => clear(guildId, 'system_prompt', by),
    async getThreadReplies(guildId) {
      // the CHECK constraint admits only the two modes
      return (await database.query(GET, [guildId])).rows[0]?.['thread_replies'] === 'mentions' ? 'mentions' : DEFAULT_THREAD_REPLIES;
    },
    setThreadReplies: (guildId, mode, by) => set(guildId, 'thread_replies', mode, by),
  };
}
