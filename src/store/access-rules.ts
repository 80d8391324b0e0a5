/**
 * Who may use the bot in a server: allowed and blocked roles and channels (a category's id
 * stands for its channels). The rules are data only; `src/answers/access-check.ts` decides with
 * them. Each addition and removal is written to the settings log (setting `access`) in the same
 * transaction, its value `add <kind> <id>` or `remove <kind> <id>`.
 */
import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from './in-transaction.ts';
import { changedByUserId, type ChangedBy, type WriteSettingChange } from './settings-log.ts';

/** What a rule does to its target: a role or a channel (or category), allowed or blocked. */
export type AccessRuleKind = 'allow-role' | 'block-role' | 'allow-channel' | 'block-channel';

/** Every kind, in the order `listAccessRules` returns them. */
export const ACCESS_RULE_KINDS: readonly AccessRuleKind[] = ['allow-role', 'block-role', 'allow-channel', 'block-channel'];

/** One rule of a server. */
export interface AccessRule {
  kind: AccessRuleKind;
  /** The role's, channel's or category's id. */
  targetId: string;
  /** Who added it. */
  setByUserId: string;
  /** When, in ms since the epoch. */
  at: number;
}

/** The store's methods about access rules (part of `Store`). */
export interface AccessRules {
  /**
   * Adds a rule; `false` when the server already had it (it keeps its author and time, and
   * nothing is logged). A target may be both allowed and blocked: the block wins.
   */
  addAccessRule(guildId: string, kind: AccessRuleKind, targetId: string, by: ChangedBy): boolean;
  /** Removes a rule; `true` when the server had it, and only then is it logged. */
  removeAccessRule(guildId: string, kind: AccessRuleKind, targetId: string, by?: ChangedBy): boolean;
  /** The server's rules, by kind (in `ACCESS_RULE_KINDS` order) then oldest first; empty when it has none (anyone may). */
  listAccessRules(guildId: string): AccessRule[];
}

/** The access rules of an open, migrated database; `now` is the store's clock, `log` writes the settings log. */
export function accessRules(database: DatabaseSync, now: () => number, log: WriteSettingChange): AccessRules {
  // DO NOTHING rather than OR IGNORE, which would also swallow a CHECK or NOT NULL violation
  const insert = database.prepare(
    'INSERT INTO access_rules (guild_id, kind, target_id, set_by_user_id, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, kind, target_id) DO NOTHING',
  );
  const remove = database.prepare('DELETE FROM access_rules WHERE guild_id = ? AND kind = ? AND target_id = ?');
  const list = database.prepare('SELECT kind, target_id, set_by_user_id, at FROM access_rules WHERE guild_id = ? ORDER BY at, target_id');
  return {
    addAccessRule(guildId, kind, targetId, by) {
      return inTransaction(database, () => {
        const added = Number(insert.run(guildId, kind, targetId, changedByUserId(by), now()).changes) > 0;
        if (added) log({ guildId, setting: 'access', value: `add ${kind} ${targetId}`, by });
        return added;
      });
    },
    removeAccessRule(guildId, kind, targetId, by) {
      return inTransaction(database, () => {
        const removed = Number(remove.run(guildId, kind, targetId).changes) > 0;
        if (removed) log({ guildId, setting: 'access', value: `remove ${kind} ${targetId}`, by });
        return removed;
      });
    },
    listAccessRules(guildId) {
      const rules = list.all(guildId).map(toAccessRule);
      // a stable sort keeps each kind's rules oldest first
      return rules.sort((first, second) => ACCESS_RULE_KINDS.indexOf(first.kind) - ACCESS_RULE_KINDS.indexOf(second.kind));
    },
  };
}

/** An `access_rules` row (either store's) as the rule it holds. */
export function toAccessRule(row: Record<string, unknown>): AccessRule {
  return { kind: String(row['kind']) as AccessRuleKind, targetId: String(row['target_id']), setByUserId: String(row['set_by_user_id']), at: Number(row['at']) };
}
