/**
 * Who may use the bot in a server, in PostgreSQL (see `../access-rules.ts`): each addition and
 * removal logged (setting `access`) in its transaction.
 */
import type { Asynchronous } from '../store-port.ts';
import { ACCESS_RULE_KINDS, toAccessRule, type AccessRules } from '../access-rules.ts';
import { changedByUserId } from '../settings-log.ts';
import type { PostgresDatabase } from './database.ts';
import { writeSettingChange } from './settings-log.ts';

// DO NOTHING swallows only the conflict: a CHECK or NOT NULL violation still fails
const INSERT = 'INSERT INTO access_rules (guild_id, kind, target_id, set_by_user_id, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (guild_id, kind, target_id) DO NOTHING';
const REMOVE = 'DELETE FROM access_rules WHERE guild_id = $1 AND kind = $2 AND target_id = $3';
// the kinds in ACCESS_RULE_KINDS order, then oldest first, then by target (as SQLite's stable sort of `at, target_id`)
const LIST = 'SELECT kind, target_id, set_by_user_id, at FROM access_rules WHERE guild_id = $1 ORDER BY array_position($2::text[], kind), at, target_id';

/** The access rules; `now` is the store's clock. */
export function postgresAccessRules(database: PostgresDatabase, now: () => number): Asynchronous<AccessRules> {
  return {
    async addAccessRule(guildId, kind, targetId, by) {
      const at = now();
      return database.transaction(async (connection) => {
        const added = (await connection.query(INSERT, [guildId, kind, targetId, changedByUserId(by), at])).rowCount > 0;
        if (added) await writeSettingChange(connection, { guildId, setting: 'access', value: `add ${kind} ${targetId}`, by }, at);
        return added;
      });
    },
    async removeAccessRule(guildId, kind, targetId, by) {
      const at = now();
      return database.transaction(async (connection) => {
        const removed = (await connection.query(REMOVE, [guildId, kind, targetId])).rowCount > 0;
        if (removed) await writeSettingChange(connection, { guildId, setting: 'access', value: `remove ${kind} ${targetId}`, by }, at);
        return removed;
      });
    },
    async listAccessRules(guildId) {
      return (await database.query(LIST, [guildId, ACCESS_RULE_KINDS])).rows.map(toAccessRule);
    },
  };
}
