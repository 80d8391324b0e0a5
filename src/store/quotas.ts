/**
 * Each server's daily token quotas, as its admins set them with `/quota`: one for each person
 * there and one for the whole server. A quota the server never set is `null` and the bot's
 * default applies (QUOTA_PERSON_TOKENS_PER_DAY, QUOTA_SERVER_TOKENS_PER_DAY); 0 means none, even
 * where the default has one. `set_by_user_id` and `updated_at` tell who made the last change, and
 * every change also goes to the settings log (`quota`), with the person's name, in its transaction.
 */
import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from './in-transaction.ts';
import { changedByUserId, settingsLogWriter, type ChangedBy } from './settings-log.ts';
import { checkedQuota, toGuildQuota } from './quota-rows.ts';

/** A server's quotas, in tokens (prompt and completion) per UTC day. */
export interface GuildQuota {
  /** The most one person may use in the server a day; 0: no limit; `null`: the bot's default. */
  personTokensPerDay: number | null;
  /** The most the whole server may use a day; 0: no limit; `null`: the bot's default. */
  serverTokensPerDay: number | null;
  /** Who made the last change. */
  setByUserId: string;
  /** When, in ms since the epoch. */
  updatedAt: number;
}

/** A change to a server's quotas: a field left out stays as it is; `null` goes back to the default. */
export interface GuildQuotaChange {
  personTokensPerDay?: number | null;
  serverTokensPerDay?: number | null;
}

/** The store's methods about quotas (part of `Store`). */
export interface GuildQuotas {
  /** The server's quotas, or `undefined` when it never set one (both defaults apply). */
  getGuildQuota(guildId: string): GuildQuota | undefined;
  /**
   * Changes the server's quotas; `by` is kept for the record and logged.
   *
   * @throws RangeError when a quota is not a whole number of tokens from 0.
   */
  setGuildQuota(guildId: string, change: GuildQuotaChange, by: ChangedBy): void;
  /** Forgets the server's quotas (both defaults apply again); `true` when it had any, and only then is it logged. */
  clearGuildQuota(guildId: string, by?: ChangedBy): boolean;
}

/** The quotas of an open, migrated database; `now` is the store's clock. */
export function guildQuotas(database: DatabaseSync, now: () => number): GuildQuotas {
  const get = database.prepare('SELECT person_tokens_per_day, server_tokens_per_day, set_by_user_id, updated_at FROM guild_quotas WHERE guild_id = ?');
  // keep_*: 1 leaves the stored value (the change did not name that quota)
  const set = database.prepare(
    `INSERT INTO guild_quotas (guild_id, person_tokens_per_day, server_tokens_per_day, set_by_user_id, updated_at)
     VALUES ($guild, $person, $server, $by, $at)
     ON CONFLICT (guild_id) DO UPDATE SET
       person_tokens_per_day = iif($keepPerson = 1, person_tokens_per_day, excluded.person_tokens_per_day),
       server_tokens_per_day = iif($keepServer = 1, server_tokens_per_day, excluded.server_tokens_per_day),
       set_by_user_id = excluded.set_by_user_id, updated_at = excluded.updated_at`,
  );
  const clear = database.prepare('DELETE FROM guild_quotas WHERE guild_id = ?');
  const log = settingsLogWriter(database, now);
  return {
    getGuildQuota(guildId) {
      const row = get.get(guildId);
      return row === undefined ? undefined : toGuildQuota(row);
    },
    setGuildQuota(guildId, change, by) {
      const person = checkedQuota(change.personTokensPerDay);
      const server = checkedQuota(change.serverTokensPerDay);
      inTransaction(database, () => {
        set.run({
          guild: guildId,
          person: person ?? null,
          server: server ?? null,
          by: changedByUserId(by),
          at: now(),
          keepPerson: person === undefined ? 1 : 0,
          keepServer: server === undefined ? 1 : 0,
        });
        log({ guildId, setting: 'quota', value: JSON.stringify({ person, server }), by });
      });
    },
    clearGuildQuota(guildId, by) {
      return inTransaction(database, () => {
        const cleared = Number(clear.run(guildId).changes) > 0;
        if (cleared) log({ guildId, setting: 'quota', value: null, ...(by === undefined ? {} : { by }) });
        return cleared;
      });
    },
  };
}
