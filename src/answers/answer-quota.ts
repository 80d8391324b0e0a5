/**
 * How many answers each person has being written, so that one person cannot keep the bot (and
 * the provider bill) busy alone: every answer one person asks for (`/ask`, DMs, mentions, replies,
 * "Ask Cordial", Regenerate) claims a place before a model is asked and gives it back when the
 * answer ends. Thread turns need none: each thread answers one at a time.
 *
 * The places are kept in the store, not in this process: a sharded bot's processes share them,
 * so MAX_ANSWERS_PER_USER holds across every shard and host. A place a crash leaves behind is
 * forgotten by the next run on the same shard (`forgetAnswerPlaces` at start), and stops counting
 * after `ANSWER_PLACE_LIFETIME_MS` in any case.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../store/store-port.ts';

/**
 * How long a place counts if nobody gives it back: Discord's interaction lifetime. An answer
 * still streaming after that (through channel-route edits) no longer holds its place: a rare
 * long answer may let its asker start one more, where a lost release must not block them longer.
 */
export const ANSWER_PLACE_LIFETIME_MS = 15 * 60_000;

/** The places of answers being written, per person. */
export interface AnswerPlaces {
  /** The most answers one person can have being written at once (0: no limit). */
  readonly limit: number;
  /**
   * Takes a place for an answer `userId` asked for. Resolves to the function that gives it back
   * (safe to call twice; it never throws), or `undefined` when they already have `limit` answers
   * being written.
   */
  claim(userId: string): Promise<(() => void) | undefined>;
}

/** What `storedAnswerPlaces` needs. */
export interface StoredAnswerPlacesOptions {
  store: Pick<Store, 'claimAnswerPlace' | 'releaseAnswerPlace'>;
  /** This process run's `ProcessInstance` id: its successor on the shard frees what it leaves. */
  ownerId: string;
  /** MAX_ANSWERS_PER_USER; 0 for no limit (the store is then never asked). */
  limit: number;
  /** Where a failed claim or release is reported. */
  logger: Pick<Logger, 'warn'>;
  /** Wall-clock time in ms since the epoch, for the places' expiry; default `Date.now`. */
  now?: () => number;
}

/**
 * The places, in the store. A claim the store fails on answers all the same, without a place,
 * and is logged: the limit keeps one person from crowding others out, and refusing everyone while
 * the store stumbles would do that to all of them. A release the store fails on is logged; the
 * place expires.
 */
export function storedAnswerPlaces(options: StoredAnswerPlacesOptions): AnswerPlaces {
  const { store, ownerId, limit, logger } = options;
  const now = options.now ?? Date.now;
  return {
    limit,
    async claim(userId) {
      if (limit === 0) return () => undefined;
      const claimId = randomUUID();
      try {
        const taken = await store.claimAnswerPlace({ claimId, userId, ownerId, limit, expiresAt: now() + ANSWER_PLACE_LIFETIME_MS });
        if (!taken) return undefined;
      } catch (error) {
        logger.warn({ user: userId, error: (error as Error).message }, 'could not claim an answer place: answering without one');
        return () => undefined;
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        store.releaseAnswerPlace(claimId).catch((error: unknown) => {
          logger.warn({ user: userId, error: (error as Error).message }, 'could not give an answer place back: it expires on its own');
        });
      };
    },
  };
}
