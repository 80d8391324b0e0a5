import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timedStore } from '../../src/operations/timed-store.ts';
import { openStore } from '../../src/store/store.ts';

/** A clock the test moves by hand, in ms. */
function handClock(): { now: () => number; move: (ms: number) => void } {
  let current = 1000;
  return { now: () => current, move: (ms) => void (current += ms) };
}

/** A small store with what a real one has: async methods, private state, a plain field, a getter. */
class FakeStore {
  readonly kind = 'fake';
  #values = new Map<string, string>();
  pending: PromiseWithResolvers<void> = Promise.withResolvers<void>();

  get size(): number {
    return this.#values.size;
  }

  async set(key: string, value: string): Promise<void> {
    await this.pending.promise;
    this.#values.set(key, value);
  }

  async get(key: string): Promise<string | undefined> {
    return this.#values.get(key);
  }

  async fail(): Promise<never> {
    await this.pending.promise;
    throw new Error('the database is down');
  }

  describe(): string {
    return `${this.kind} with ${this.#values.size}`;
  }
}

test('GIVEN an async method THEN its value passes through and its time to settle is observed under its name', async () => {
  const clock = handClock();
  const observed: [string, number][] = [];
  const fake = new FakeStore();
  const store = timedStore(fake, (method, seconds) => observed.push([method, seconds]), clock.now);
  const setting = store.set('guild', 'openai/gpt-4o-mini');
  clock.move(250);
  assert.deepEqual(observed, [], 'not before it settles');
  fake.pending.resolve();
  assert.equal(await setting, undefined);
  assert.equal(await store.get('guild'), 'openai/gpt-4o-mini', 'private fields work: methods run on the store itself');
  assert.deepEqual(observed, [
    ['set', 0.25],
    ['get', 0],
  ]);
});

test('GIVEN a method that rejects THEN the same error comes through and the call is observed', async () => {
  const clock = handClock();
  const observed: [string, number][] = [];
  const fake = new FakeStore();
  const store = timedStore(fake, (method, seconds) => observed.push([method, seconds]), clock.now);
  const failing = store.fail();
  clock.move(1500);
  fake.pending.resolve();
  await assert.rejects(failing, { message: 'the database is down' });
  assert.deepEqual(observed, [['fail', 1.5]]);
});

test('GIVEN fields, getters and synchronous methods THEN they pass through unobserved', () => {
  const observed: string[] = [];
  const store = timedStore(new FakeStore(), (method) => observed.push(method));
  assert.equal(store.kind, 'fake');
  assert.equal(store.size, 0, 'a getter reading a private field');
  assert.equal(store.describe(), 'fake with 0');
  assert.equal(store.get, store.get, 'one wrapper per method');
  assert.deepEqual(observed, []);
});

test('GIVEN an observer that throws THEN the store call still answers', async () => {
  const fake = new FakeStore();
  fake.pending.resolve();
  const store = timedStore(fake, () => {
    throw new Error('metrics broke');
  });
  await store.set('a', 'b');
  assert.equal(await store.get('a'), 'b');
});

// the lead applies it to the real Store in main.ts: it must be transparent there
test('GIVEN the real SQLite store THEN it works through the wrapper and every call is observed', async () => {
  const methods: string[] = [];
  const store = timedStore(openStore({ path: ':memory:' }), (method, seconds) => {
    assert.ok(seconds >= 0);
    methods.push(method);
  });
  try {
    assert.equal(store.kind, 'sqlite');
    await store.setGuildDefaultModel('111111111111111111', 'openai/gpt-4o-mini', 'Ada');
    assert.equal(await store.getGuildDefaultModel('111111111111111111'), 'openai/gpt-4o-mini');
    assert.deepEqual(methods, ['setGuildDefaultModel', 'getGuildDefaultModel']);
  } finally {
    await store.close();
  }
});
