/**
 * The places of answers being written, bot-wide: MAX_ANSWERS_PER_USER counts a person's answers
 * in every process and on every host, so each answer claims a row here before a model is asked
 * and deletes it when it ends. A row names the process run that claimed it (`owner_id`, a
 * `ProcessInstance` id), so that the next run on the same shard frees what a crash left, and it
 * stops counting at `expires_at` all the same (Discord's 15-minute interaction lifetime): a place
 * that nobody frees can hold a person back for no longer than that.
 */
import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from './in-transaction.ts';
import type { Shard } from './store.ts';

/** One answer's claim of a place. */
export interface AnswerPlaceClaim {
  /** A random id of this claim, unique: what `releaseAnswerPlace` names. */
  claimId: string;
  /** The person the answer is for. */
  userId: string;
  /** The `ProcessInstance` id of the run writing the answer. */
  ownerId: string;
  /** The most places the person may hold at once, from 1 (MAX_ANSWERS_PER_USER). */
  limit: number;
  /** When the place stops counting even if nobody gives it back, in ms since the epoch. */
  expiresAt: number;
}

/** The store's methods about answer places (part of `Store`). */
export interface AnswerPlaceLedger {
  /**
   * Takes a place when `claim.userId` holds fewer than `claim.limit` unexpired places (by the
   * store's clock), in one transaction: of two claims of a person's last place at once, from any
   * processes, exactly one gets it. Returns whether it was taken.
   *
   * @throws RangeError when `limit` is not a whole number from 1.
   */
  claimAnswerPlace(claim: AnswerPlaceClaim): boolean;
  /** Gives a place back; `true` when it was held (again, or after it was forgotten: `false`). */
  releaseAnswerPlace(claimId: string): boolean;
  /**
   * A successor's clean-up: forgets the places claimed by recorded runs of `shard` that are not
   * in `liveInstanceIds` (gone: the shard's lease admits one live run), and every place past its
   * expiry, whoever claimed it (it counts for nobody). Returns how many were forgotten.
   */
  forgetAnswerPlaces(liveInstanceIds: readonly string[], shard: Shard): number;
}

/** The answer places of an open, migrated database; `now` is the store's clock. */
export function answerPlaceLedger(database: DatabaseSync, now: () => number): AnswerPlaceLedger {
  const forgetExpiredOf = database.prepare('DELETE FROM answer_places WHERE user_id = ? AND expires_at <= ?');
  const countOf = database.prepare('SELECT count(*) AS held FROM answer_places WHERE user_id = ?');
  const insert = database.prepare('INSERT INTO answer_places (claim_id, user_id, owner_id, expires_at) VALUES (?, ?, ?, ?)');
  const release = database.prepare('DELETE FROM answer_places WHERE claim_id = ?');
  const forget = database.prepare(
    `DELETE FROM answer_places
     WHERE expires_at <= ?1
        OR owner_id IN (SELECT instance_id FROM process_instances
                        WHERE shard_id = ?2 AND shard_count = ?3 AND instance_id NOT IN (SELECT value FROM json_each(?4)))`,
  );
  return {
    claimAnswerPlace(claim) {
      checkedLimit(claim.limit);
      // IMMEDIATE: the count and the insert hold the write lock together, so another connection's claim waits
      return inTransaction(database, () => {
        forgetExpiredOf.run(claim.userId, now());
        if (Number(countOf.get(claim.userId)?.['held']) >= claim.limit) return false;
        insert.run(claim.claimId, claim.userId, claim.ownerId, claim.expiresAt);
        return true;
      });
    },
    releaseAnswerPlace(claimId) {
      return Number(release.run(claimId).changes) > 0;
    },
    forgetAnswerPlaces(liveInstanceIds, shard) {
      return Number(forget.run(now(), shard.id, shard.count, JSON.stringify(liveInstanceIds)).changes);
    },
  };
}

/** `limit` when it is a whole number from 1. */
export function checkedLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`an answer place limit must be a whole number from 1, not ${limit}`);
  return limit;
}
