import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StreamPart } from '../../src/model/stream-part.ts';
import { timeFirstToken } from '../../src/model/time-first-token.ts';

test('GIVEN empty deltas, then reasoning THEN the first non-empty delta is timed once, and every part passes through', async () => {
  let now = 10_000;
  const parts: StreamPart[] = [
    { type: 'text-delta', text: '' },
    { type: 'reasoning-delta', text: 'Let me think' },
    { type: 'text-delta', text: 'Hello' },
    { type: 'finish', reason: 'stop' },
  ];
  async function* upstream(): AsyncGenerator<StreamPart> {
    for (const part of parts) {
      now += 400;
      yield part;
    }
  }
  const observed: number[] = [];
  const seen: StreamPart[] = [];
  for await (const part of timeFirstToken(upstream(), (seconds) => observed.push(seconds), () => now)) seen.push(part);
  assert.deepEqual(seen, parts);
  assert.deepEqual(observed, [0.8]);
});

test('GIVEN a stream that fails before any text THEN the error comes through and nothing is observed', async () => {
  async function* upstream(): AsyncGenerator<StreamPart> {
    yield { type: 'text-delta', text: '' };
    throw new Error('cut');
  }
  const observed: number[] = [];
  await assert.rejects(async () => {
    for await (const _part of timeFirstToken(upstream(), (seconds) => observed.push(seconds))) void _part;
  }, /cut/);
  assert.deepEqual(observed, []);
});

test('GIVEN the reader stops early THEN the upstream is closed', async () => {
  let closed = false;
  async function* upstream(): AsyncGenerator<StreamPart> {
    try {
      yield { type: 'text-delta', text: 'a' };
      yield { type: 'text-delta', text: 'b' };
    } finally {
      closed = true;
    }
  }
  for await (const _part of timeFirstToken(upstream(), () => undefined)) break;
  assert.equal(closed, true);
});

test('GIVEN a provider that sends nothing WHEN the reply lets its model go THEN return() reaches the provider at once, not after a part that never comes', async () => {
  let returned = false;
  const silent: AsyncIterable<StreamPart> = {
    [Symbol.asyncIterator]: () => ({
      next: () => new Promise<IteratorResult<StreamPart>>(() => {}),
      return: async () => {
        returned = true;
        return { done: true, value: undefined };
      },
    }),
  };
  const iterator = timeFirstToken(silent, () => assert.fail('nothing came to time'))[Symbol.asyncIterator]();
  void iterator.next();
  // an async generator would queue this behind the pending next() for good
  assert.deepEqual(await iterator.return!(), { done: true, value: undefined });
  assert.equal(returned, true);
});
