import assert from 'node:assert/strict';
import { it } from 'node:test';
import { InArrivalOrder } from '../../src/discord/in-arrival-order.ts';

/** A promise the test settles by hand. */
function gate(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

it('GIVEN two events of one channel WHEN the later one’s lookup comes back first THEN it still runs after the earlier one', async () => {
  const done: string[] = [];
  const order = new InArrivalOrder(() => assert.fail('nothing fails'));
  const slow = gate();
  const finished = gate();
  order.run('thread', async () => {
    await slow.promise;
    done.push('first');
  });
  order.run('thread', async () => {
    done.push('second');
    finished.open();
  });
  // the second has had every chance to run: it waits for the first
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(done, []);
  slow.open();
  await finished.promise;
  assert.deepEqual(done, ['first', 'second']);
});

it('GIVEN events of two channels THEN neither waits for the other', async () => {
  const order = new InArrivalOrder(() => assert.fail('nothing fails'));
  const never = gate();
  const other = gate();
  order.run('a', () => never.promise);
  order.run('b', async () => other.open());
  await other.promise;
});

it('GIVEN a handler that fails THEN it is reported with its channel and the next one of the channel runs', async () => {
  const failures: Array<[string, string]> = [];
  const order = new InArrivalOrder((error, key) => failures.push([key, (error as Error).message]));
  const next = gate();
  order.run('thread', async () => {
    throw new Error('the store is down');
  });
  order.run('thread', async () => next.open());
  await next.promise;
  assert.deepEqual(failures, [['thread', 'the store is down']]);
});
