/**
 * Each server's daily token quotas in PostgreSQL (see `../quotas.ts`): a change names one quota
 * or both (the other stays), and every change is logged (`quota`) in its transaction.
 */
import type { Asynchronous } from '../store-port.ts';
import type { GuildQuotas } from '../quotas.ts';
import { changedByUserId } from '../settings-log.ts';
import { checkedQuota, toGuildQuota } from '../quota-rows.ts';
import type { PostgresDatabase } from './database.ts';
import { writeSettingChange } from './settings-log.ts';

const GET = 'SELECT person_tokens_per_day, server_tokens_per_day, set_by_user_id, updated_at FROM guild_quotas WHERE guild_id = $1';
// $6, $7: true leaves the stored value (the change did not name that quota)
const SET = `INSERT INTO guild_quotas AS quota (guild_id, person_tokens_per_day, server_tokens_per_day, set_by_user_id, updated_at)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (guild_id) DO UPDATE SET
    person_tokens_per_day = CASE WHEN $6::boolean THEN quota.person_tokens_per_day ELSE EXCLUDED.person_tokens_per_day END,
    server_tokens_per_day = CASE WHEN $7::boolean THEN quota.server_tokens_per_day ELSE EXCLUDED.server_tokens_per_day END,
    set_by_user_id = EXCLUDED.set_by_user_id, updated_at = EXCLUDED.updated_at`;
const CLEAR = 'DELETE FROM guild_quotas WHERE guild_id = $1';

/** The quotas; `now` is the store's clock. */
export function postgresGuildQuotas(database: PostgresDatabase, now: () => number): Asynchronous<GuildQuotas> {
  return {
    async getGuildQuota(guildId) {
      const row = (await database.query(GET, [guildId])).rows[0];
      return row === undefined ? undefined : toGuildQuota(row);
    },
    async setGuildQuota(guildId, change, by) {
      const person = checkedQuota(change.personTokensPerDay);
      const server = checkedQuota(change.serverTokensPerDay);
      const at = now();
      await database.transaction(async (connection) => {
        await connection.query(SET, [guildId, person ?? null, server ?? null, changedByUserId(by), at, person === undefined, server === undefined]);
        await writeSettingChange(connection, { guildId, setting: 'quota', value: JSON.stringify({ person, server }), by }, at);
      });
    },
    async clearGuildQuota(guildId, by) {
      const at = now();
      return database.transaction(async (connection) => {
        const cleared = (await connection.query(CLEAR, [guildId])).rowCount > 0;
        if (cleared) await writeSettingChange(connection, { guildId, setting: 'quota', value: null, ...(by === undefined ? {} : { by }) }, at);
        return cleared;
      });
    },
  };
}
