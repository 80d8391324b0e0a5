/**
 * Daily token quotas: whether a person may be answered now, or has reached their own quota in
 * this server or the server's, and when it resets. Days are UTC days (`usage-day.ts`), so every
 * quota resets at the next UTC midnight; tokens are prompt and completion tokens, as reported or
 * estimated (`answer_usage.estimated`).
 *
 * The check runs before a model is asked, and only then: an answer already in flight when the
 * quota is reached finishes, and its tokens count against the day it ends on. So a person can
 * go past a quota by at most the answers they had started (MAX_ANSWERS_PER_USER of them).
 */
import type { GuildQuota } from '../store/quotas.ts';
import { nextUtcMidnight, utcDay } from '../store/usage-day.ts';

/** The quotas where a server set none (QUOTA_PERSON_TOKENS_PER_DAY, QUOTA_SERVER_TOKENS_PER_DAY); 0: none. */
export interface QuotaSettings {
  /** The most tokens a person may use a day in a server, and in their DMs with the bot. */
  personTokensPerDay: number;
  /** The most tokens a whole server may use a day (DMs have no server quota). */
  serverTokensPerDay: number;
}

/** What the check reads: the store fits. */
export interface QuotaReader {
  /** The tokens used on a UTC day in a server (`null`: the DMs), by everyone or by one person. */
  tokensUsedOn(day: string, scope: { guildId: string | null; userId?: string }): Promise<number>;
  /** The server's own quotas, or `undefined` when it set none. */
  getGuildQuota(guildId: string): Promise<GuildQuota | undefined>;
}

/** What `checkQuota` needs. */
export interface QuotaCheckDependencies {
  reader: QuotaReader;
  settings: QuotaSettings;
  /** Wall-clock time in ms since the epoch (a `ManualClock` started at a date, in tests). */
  now: () => number;
}

/** Who is asking, and where. */
export interface QuotaAsker {
  /** The server, or `null` in a direct message. */
  guildId: string | null;
  userId: string;
}

/** The verdict: go ahead, or which quota was reached, how far, and when it resets. */
export type QuotaCheck =
  | { ok: true }
  | {
      ok: false;
      /** `person`: the asker's own quota (in this server, or in DMs); `server`: the whole server's. */
      scope: 'person' | 'server';
      /** The quota, in tokens per day. */
      limit: number;
      /** Tokens used so far today in that scope (at or above `limit`). */
      used: number;
      /** When it resets: the next UTC midnight, in ms since the epoch. */
      resetsAt: number;
    };

/**
 * Whether `asker` may be answered now. A person's quota counts their tokens in this server only
 * (in DMs, their DM tokens; DMs have no server quota); a server's own setting wins over the
 * default, and 0 there means none even when the default has one. A quota is reached once the day's
 * tokens are at it. When both are reached the person's is named: it is theirs to watch.
 *
 * Call it before asking a model, never during an answer (see the module comment).
 */
export async function checkQuota(dependencies: QuotaCheckDependencies, asker: QuotaAsker): Promise<QuotaCheck> {
  const { reader, settings } = dependencies;
  const now = dependencies.now();
  const day = utcDay(now);
  const own = asker.guildId === null ? undefined : await reader.getGuildQuota(asker.guildId);
  const personLimit = own?.personTokensPerDay ?? settings.personTokensPerDay;
  if (personLimit > 0) {
    const used = await reader.tokensUsedOn(day, { guildId: asker.guildId, userId: asker.userId });
    if (used >= personLimit) return { ok: false, scope: 'person', limit: personLimit, used, resetsAt: nextUtcMidnight(now) };
  }
  if (asker.guildId === null) return { ok: true };
  const serverLimit = own?.serverTokensPerDay ?? settings.serverTokensPerDay;
  if (serverLimit > 0) {
    const used = await reader.tokensUsedOn(day, { guildId: asker.guildId });
    if (used >= serverLimit) return { ok: false, scope: 'server', limit: serverLimit, used, resetsAt: nextUtcMidnight(now) };
  }
  return { ok: true };
}
