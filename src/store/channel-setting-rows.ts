/**
 * What both backends' channel settings share apart from their SQL: the two columns a channel
 * may override and the setting each is logged as, the store's methods laid out over three
 * per-column operations, and the rows read back.
 */
import type { ChannelOverrides } from './channel-settings.ts';
import type { ChangedBy } from './settings-log.ts';

/** A column of `channel_settings` a channel may set; the names come from this file, never from a caller. */
export type ChannelColumn = 'system_prompt' | 'default_model';

/** The setting each column's changes are logged as. */
export const SETTING_OF_COLUMN = { system_prompt: 'system-prompt', default_model: 'default-model' } as const;

/** One column's read, set and clear, synchronous (SQLite) or not (PostgreSQL). */
interface ChannelColumnOperations<Get, Set, Clear> {
  get(channelId: string, column: ChannelColumn): Get;
  set(guildId: string, channelId: string, column: ChannelColumn, value: string, by: ChangedBy): Set;
  clear(guildId: string, channelId: string, column: ChannelColumn, by: ChangedBy | undefined): Clear;
}

/** The store's per-setting methods, each one column's operation (typed to fit `ChannelSettings` or its asynchronous form). */
export function channelColumnMethods<Get, Set, Clear>({ get, set, clear }: ChannelColumnOperations<Get, Set, Clear>) {
  return {
    getChannelSystemPrompt: (channelId: string) => get(channelId, 'system_prompt'),
    setChannelSystemPrompt: (guildId: string, channelId: string, prompt: string, by: ChangedBy) => set(guildId, channelId, 'system_prompt', prompt, by),
    clearChannelSystemPrompt: (guildId: string, channelId: string, by?: ChangedBy) => clear(guildId, channelId, 'system_prompt', by),
    getChannelDefaultModel: (channelId: string) => get(channelId, 'default_model'),
    setChannelDefaultModel: (guildId: string, channelId: string, modelId: string, by: ChangedBy) => set(guildId, channelId, 'default_model', modelId, by),
    clearChannelDefaultModel: (guildId: string, channelId: string, by?: ChangedBy) => clear(guildId, channelId, 'default_model', by),
  };
}

/** A column's value read back: `undefined` for no row or NULL (the channel's server applies). */
export function channelValue(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

/** A `channel_settings` row as the channel's overrides: a NULL column is left out. */
export function toChannelOverrides(row: Record<string, unknown>): ChannelOverrides {
  const overrides: ChannelOverrides = { channelId: String(row['channel_id']), updatedAt: Number(row['updated_at']) };
  if (row['system_prompt'] !== null) overrides.systemPrompt = String(row['system_prompt']);
  if (row['default_model'] !== null) overrides.defaultModel = String(row['default_model']);
  return overrides;
}
