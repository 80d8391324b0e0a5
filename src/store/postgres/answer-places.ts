/**
 * The places of answers being written, in PostgreSQL (see `../answer-places.ts`), shared by every
 * shard process. A claim counts and inserts under a transaction-scoped advisory lock on its
 * person: claims of one person, from any process, take turns, so two of them cannot both see the
 * last place free; other people's claims never wait on it. (SERIALIZABLE would do the same, but a
 * losing claim then fails with a serialization error and must be retried; the lock just waits.)
 */
import type { AnswerPlaceLedger } from '../answer-places.ts';
import { checkedLimit } from '../answer-places.ts';
import type { Asynchronous } from '../store-port.ts';
import type { PostgresDatabase } from './database.ts';

// released at COMMIT or ROLLBACK; a collision of two people's hashes only makes them take turns
const LOCK_PERSON = `SELECT pg_advisory_xact_lock(hashtextextended('cordial answer places ' || $1, 0))`;
// one round trip: the person's expired places go, and the claim is inserted while fewer than
// $6 live ones are held (the count reads the statement's snapshot, the expired rows still in it,
// hence its own filter on them); the casts, as a SELECT's parameters are otherwise text
const CLAIM = `WITH expired AS (DELETE FROM answer_places WHERE user_id = $2 AND expires_at <= $5::bigint)
  INSERT INTO answer_places (claim_id, user_id, owner_id, expires_at)
  SELECT $1, $2, $3, $4::bigint
  WHERE (SELECT count(*) FROM answer_places WHERE user_id = $2 AND expires_at > $5::bigint) < $6::integer`;
const RELEASE = 'DELETE FROM answer_places WHERE claim_id = $1';
const FORGET = `DELETE FROM answer_places
  WHERE expires_at <= $1
     OR owner_id IN (SELECT instance_id FROM process_instances
                     WHERE shard_id = $2 AND shard_count = $3 AND NOT (instance_id = ANY($4::text[])))`;

/** The answer places; `now` is the store's clock. */
export function postgresAnswerPlaces(database: PostgresDatabase, now: () => number): Asynchronous<AnswerPlaceLedger> {
  return {
    async claimAnswerPlace(claim) {
      checkedLimit(claim.limit);
      return database.transaction(async (connection) => {
        await connection.query(LOCK_PERSON, [claim.userId]);
        return (await connection.query(CLAIM, [claim.claimId, claim.userId, claim.ownerId, claim.expiresAt, now(), claim.limit])).rowCount > 0;
      });
    },
    async releaseAnswerPlace(claimId) {
      return (await database.query(RELEASE, [claimId])).rowCount > 0;
    },
    async forgetAnswerPlaces(liveInstanceIds, shard) {
      return (await database.query(FORGET, [now(), shard.id, shard.count, [...liveInstanceIds]])).rowCount;
    },
  };
}
