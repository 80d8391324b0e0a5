/**
 * The places of answers being written, bot-wide: a person holds at most `limit` unexpired places,
 * a released or expired place is free again, two claims of the last place at once give it to
 * exactly one, and a shard's successor forgets the places of the shard's gone runs only.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { AnswerPlaceClaim, ProcessInstance } from '../../../src/store/index.ts';
import { openPostgresStore } from '../../../src/store/postgres/index.ts';
import type { Store } from '../../../src/store/store-port.ts';
import { DATABASE_URL, openFreshPostgresStore, type FreshPostgresStore } from '../postgres/fresh-schema.ts';
import { forEachBackend } from '../support/store-backends.ts';

const ada = '800000000000000001';
const bo = '800000000000000002';
const start = 1_700_000_000_000;
const lifetimeMs = 15 * 60_000;

const gone: ProcessInstance = { id: 'run-gone', pid: 41, host: 'bot-1', startedAt: start, shard: { id: 1, count: 2 } };
const successor: ProcessInstance = { id: 'run-successor', pid: 42, host: 'bot-2', startedAt: start + 1, shard: { id: 1, count: 2 } };
const otherShard: ProcessInstance = { id: 'run-other-shard', pid: 43, host: 'bot-3', startedAt: start, shard: { id: 0, count: 2 } };

let claims = 0;
/** A claim of one of `userId`'s places by `ownerId`, with a new claim id. */
function claimOf(userId: string, fields: Partial<AnswerPlaceClaim> = {}): AnswerPlaceClaim {
  claims += 1;
  return { claimId: `claim-${claims}`, userId, ownerId: gone.id, limit: 2, expiresAt: start + lifetimeMs, ...fields };
}

forEachBackend('answer places', (open) => {
  test('GIVEN a limit of 2 THEN a person’s third claim is refused while another person still gets theirs', async () => {
    const store = await open({ now: () => start });
    const first = claimOf(ada);
    assert.equal(await store.claimAnswerPlace(first), true);
    assert.equal(await store.claimAnswerPlace(claimOf(ada)), true);
    assert.equal(await store.claimAnswerPlace(claimOf(ada)), false);
    assert.equal(await store.claimAnswerPlace(claimOf(bo)), true, 'places are counted per person');
    assert.equal(await store.claimAnswerPlace(claimOf(ada, { limit: 3 })), true, 'the limit is the claim’s: a raised setting counts at once');
  });

  test('GIVEN a person at the limit WHEN a place is released THEN one claim gets it again, and releasing twice frees nothing more', async () => {
    const store = await open({ now: () => start });
    const first = claimOf(ada, { limit: 1 });
    assert.equal(await store.claimAnswerPlace(first), true);
    assert.equal(await store.claimAnswerPlace(claimOf(ada, { limit: 1 })), false);
    assert.equal(await store.releaseAnswerPlace(first.claimId), true);
    assert.equal(await store.releaseAnswerPlace(first.claimId), false);
    assert.equal(await store.claimAnswerPlace(claimOf(ada, { limit: 1 })), true);
    assert.equal(await store.claimAnswerPlace(claimOf(ada, { limit: 1 })), false);
    assert.equal(await store.releaseAnswerPlace('never-claimed'), false);
  });

  test('GIVEN places nobody gave back WHEN they expire THEN they no longer count', async () => {
    let clock = start;
    const store = await open({ now: () => clock });
    assert.equal(await store.claimAnswerPlace(claimOf(ada, { limit: 1, expiresAt: start + 1_000 })), true);
    clock = start + 999;
    assert.equal(await store.claimAnswerPlace(claimOf(ada, { limit: 1 })), false, 'still counts just before it expires');
    clock = start + 1_000;
    const later = claimOf(ada, { limit: 1, expiresAt: clock + lifetimeMs });
    assert.equal(await store.claimAnswerPlace(later), true, 'expired at its expiry');
    assert.equal(await store.claimAnswerPlace(claimOf(ada, { limit: 1 })), false);
  });

  test('GIVEN a person with one place left WHEN many claims race for it THEN exactly one gets it', async () => {
    const store = await open({ now: () => start });
    assert.equal(await store.claimAnswerPlace(claimOf(ada, { limit: 3 })), true);
    assert.equal(await store.claimAnswerPlace(claimOf(ada, { limit: 3 })), true);
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => store.claimAnswerPlace(claimOf(ada, { limit: 3 }))));
    assert.equal(outcomes.filter(Boolean).length, 1, outcomes.join());
  });

  test('GIVEN a limit that is not a whole number from 1 THEN the claim is refused with a RangeError and takes nothing', async () => {
    const store = await open({ now: () => start });
    for (const limit of [0, -1, 1.5, Number.NaN]) await assert.rejects(() => store.claimAnswerPlace(claimOf(ada, { limit })), RangeError, String(limit));
    assert.equal(await store.claimAnswerPlace(claimOf(ada, { limit: 1 })), true, 'nothing was taken');
  });

  test('GIVEN places of a gone run, of its successor and of another shard’s run WHEN the successor cleans up THEN only the gone run’s, and expired ones, are forgotten', async () => {
    let clock = start;
    const store = await open({ now: () => clock });
    for (const instance of [gone, successor, otherShard]) await store.registerInstance(instance);
    const limit = 10;
    await store.claimAnswerPlace(claimOf(ada, { ownerId: gone.id, limit }));
    await store.claimAnswerPlace(claimOf(bo, { ownerId: gone.id, limit }));
    const mine = claimOf(ada, { ownerId: successor.id, limit });
    const theirs = claimOf(ada, { ownerId: otherShard.id, limit });
    const expiring = claimOf(bo, { ownerId: otherShard.id, limit, expiresAt: start + 10 });
    for (const claim of [mine, theirs, expiring]) assert.equal(await store.claimAnswerPlace(claim), true);
    clock = start + 10;
    assert.equal(await store.forgetAnswerPlaces([successor.id], successor.shard), 3);
    assert.equal(await store.forgetAnswerPlaces([successor.id], successor.shard), 0, 'nothing is left to forget');
    assert.equal(await store.releaseAnswerPlace(mine.claimId), true, 'the successor’s own place stays');
    assert.equal(await store.releaseAnswerPlace(theirs.claimId), true, 'another shard’s place stays');
    assert.equal(await store.releaseAnswerPlace(expiring.claimId), false);
    assert.equal(await store.claimAnswerPlace(claimOf(bo, { limit: 1 })), true, 'the gone run’s places no longer count');
  });
});

// two stores on one schema, each with its own pool, as two shard processes on two hosts have
describe('answer places shared by two processes (postgres)', () => {
  let fresh: FreshPostgresStore | undefined;
  let second: Store | undefined;
  afterEach(async () => {
    await second?.close();
    await fresh?.close();
  });

  test('GIVEN a person with one place left WHEN two processes claim it at once, many times THEN exactly one gets it each time', async () => {
    fresh = await openFreshPostgresStore();
    second = await openPostgresStore({ url: DATABASE_URL, schema: fresh.schema });
    const stores = [fresh.store, second];
    for (let round = 0; round < 10; round += 1) {
      const userId = `8000000000000001${String(round).padStart(2, '0')}`;
      const outcomes = await Promise.all(Array.from({ length: 6 }, (_, index) => stores[index % 2]!.claimAnswerPlace(claimOf(userId, { limit: 1, expiresAt: Date.now() + lifetimeMs }))));
      assert.equal(outcomes.filter(Boolean).length, 1, `round ${round}: ${outcomes.join()}`);
    }
  });
});
