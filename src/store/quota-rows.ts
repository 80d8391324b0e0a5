/**
 * A server's quotas between inputs and `guild_quotas` rows, for both backends: the check of a
 * quota before anything is written, and the row read back.
 */
import type { GuildQuota } from './quotas.ts';

/**
 * A quota as given, once checked: `undefined` (leave it) and `null` (back to the default) pass.
 *
 * @throws RangeError when it is not a whole number of tokens from 0.
 */
export function checkedQuota(tokens: number | null | undefined): number | null | undefined {
  if (tokens === undefined || tokens === null) return tokens;
  if (!Number.isSafeInteger(tokens) || tokens < 0) throw new RangeError(`a quota is a whole number of tokens from 0, got ${tokens}`);
  return tokens;
}

/** A `guild_quotas` row as the server's quotas: a NULL quota is `null` (the bot's default applies). */
export function toGuildQuota(row: Record<string, unknown>): GuildQuota {
  return {
    personTokensPerDay: nullableNumber(row['person_tokens_per_day']),
    serverTokensPerDay: nullableNumber(row['server_tokens_per_day']),
    setByUserId: String(row['set_by_user_id']),
    updatedAt: Number(row['updated_at']),
  };
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
