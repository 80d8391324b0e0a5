/**
 * The answer places as the answers layer takes them, in a real store: per person up to the limit,
 * given back once, shared by the processes on one store, expiring after Discord's 15 minutes;
 * no limit never asks the store; a store that fails a claim answers without a place, logged.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ANSWER_PLACE_LIFETIME_MS, storedAnswerPlaces, type StoredAnswerPlacesOptions } from '../../src/answers/answer-quota.ts';
import { openStore } from '../../src/store/store.ts';
import type { Store } from '../../src/store/store-port.ts';

const start = 1_700_000_000_000;
const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

/** A store in memory on `clock`, closed after the test. */
function storeOn(clock: { now: number }): Store {
  const store = openStore({ path: ':memory:', now: () => clock.now });
  opened.push(store);
  return store;
}

/** A logger that keeps each warning's message. */
function warnings(): { lines: string[]; logger: StoredAnswerPlacesOptions['logger'] } {
  const lines: string[] = [];
  return { lines, logger: { warn: ((_fields: object, message: string) => void lines.push(message)) as StoredAnswerPlacesOptions['logger']['warn'] } };
}

describe('storedAnswerPlaces', () => {
  it('GIVEN a limit of 2 THEN a third answer at once is refused until one is given back, per person', async () => {
    const clock = { now: start };
    const places = storedAnswerPlaces({ store: storeOn(clock), ownerId: 'run-a', limit: 2, logger: warnings().logger, now: () => clock.now });
    assert.equal(places.limit, 2);
    const first = await places.claim('ann');
    assert.ok(first && (await places.claim('ann')));
    assert.equal(await places.claim('ann'), undefined);
    assert.ok(await places.claim('bob'), 'another person has places of their own');
    first();
    first();
    assert.ok(await places.claim('ann'), 'a place given back can be taken again');
    assert.equal(await places.claim('ann'), undefined, 'giving back twice frees one place, not two');
  });

  it('GIVEN two processes on one store THEN a person’s places count in both', async () => {
    const clock = { now: start };
    const store = storeOn(clock);
    const here = storedAnswerPlaces({ store, ownerId: 'run-a', limit: 1, logger: warnings().logger, now: () => clock.now });
    const there = storedAnswerPlaces({ store, ownerId: 'run-b', limit: 1, logger: warnings().logger, now: () => clock.now });
    const release = await here.claim('ann');
    assert.ok(release);
    assert.equal(await there.claim('ann'), undefined, 'the other process sees the place taken');
    release();
    assert.ok(await there.claim('ann'));
  });

  it('GIVEN a place never given back THEN it stops counting after ANSWER_PLACE_LIFETIME_MS', async () => {
    const clock = { now: start };
    const places = storedAnswerPlaces({ store: storeOn(clock), ownerId: 'run-a', limit: 1, logger: warnings().logger, now: () => clock.now });
    assert.ok(await places.claim('ann'));
    clock.now = start + ANSWER_PLACE_LIFETIME_MS - 1;
    assert.equal(await places.claim('ann'), undefined);
    clock.now = start + ANSWER_PLACE_LIFETIME_MS;
    assert.ok(await places.claim('ann'));
  });

  it('GIVEN a limit of 0 THEN nobody is ever refused and the store is never asked', async () => {
    const store = storeOn({ now: start });
    let asked = 0;
    const counting = { claimAnswerPlace: (...args: Parameters<Store['claimAnswerPlace']>) => ((asked += 1), store.claimAnswerPlace(...args)), releaseAnswerPlace: store.releaseAnswerPlace };
    const places = storedAnswerPlaces({ store: counting, ownerId: 'run-a', limit: 0, logger: warnings().logger });
    for (let index = 0; index < 50; index += 1) (await places.claim('ann'))?.();
    assert.equal(asked, 0);
  });

  it('GIVEN a store that fails the claim THEN the answer goes ahead without a place, and it is logged', async () => {
    const { lines, logger } = warnings();
    const failing = { claimAnswerPlace: () => Promise.reject(new Error('connection lost')), releaseAnswerPlace: () => Promise.reject(new Error('unused')) };
    const places = storedAnswerPlaces({ store: failing, ownerId: 'run-a', limit: 1, logger });
    const release = await places.claim('ann');
    assert.ok(release, 'not refused');
    release();
    assert.deepEqual(lines, ['could not claim an answer place: answering without one']);
  });

  it('GIVEN a store that fails the release THEN the release does not throw, and it is logged', async () => {
    const { lines, logger } = warnings();
    const failing = { claimAnswerPlace: () => Promise.resolve(true), releaseAnswerPlace: () => Promise.reject(new Error('connection lost')) };
    const places = storedAnswerPlaces({ store: failing, ownerId: 'run-a', limit: 1, logger });
    const release = await places.claim('ann');
    assert.ok(release);
    assert.doesNotThrow(release);
    // the rejection's handler runs in a microtask; setImmediate comes after every one of them
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(lines, ['could not give an answer place back: it expires on its own']);
  });
});
