import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BudgetQueue } from '../../src/reply/budget-queue.ts';

/** Lets the waiters' callbacks run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** A queue on a clock the test moves by hand, and the names of the waiters in the order `next` serves them. */
function queueAt(promoteUpdatesAfterMs?: number) {
  let now = 0;
  const queue = new BudgetQueue({ now: () => now, ...(promoteUpdatesAfterMs === undefined ? {} : { promoteUpdatesAfterMs }) });
  const served: string[] = [];
  return {
    queue,
    served,
    at: (ms: number) => void (now = ms),
    push: (name: string, urgent: boolean, signal?: AbortSignal, since?: number) =>
      queue.wait(urgent, { signal, since }).then(
        () => void served.push(name),
        (error: unknown) => void served.push(`${name} left: ${String(error)}`),
      ),
    serve: () => {
      const turn = queue.next();
      turn?.resolve();
      return turn?.urgent;
    },
  };
}

describe('BudgetQueue', () => {
  it('GIVEN urgent waiters and updates THEN urgent ones come first, each class in arrival order', async () => {
    const { push, serve, served, queue } = queueAt();
    push('update a', false);
    push('urgent b', true);
    push('update c', false);
    push('urgent d', true);
    assert.equal(queue.waiting, 4);
    assert.deepEqual([serve(), serve(), serve(), serve(), serve()], [true, true, false, false, undefined]);
    await settled();
    assert.deepEqual(served, ['urgent b', 'urgent d', 'update a', 'update c']);
  });

  it('GIVEN no promotion THEN an update waits behind urgent waiters however long it has waited', async () => {
    const { push, serve, served, at, queue } = queueAt();
    push('update a', false);
    at(3_600_000);
    push('urgent b', true);
    assert.equal(queue.msUntilPromotion(), Number.POSITIVE_INFINITY);
    serve();
    serve();
    await settled();
    assert.deepEqual(served, ['urgent b', 'update a']);
  });

  it('GIVEN updates promoted after 1 s THEN one that has waited 1 s joins the back of the urgent class, the others stay updates', async () => {
    const { push, serve, served, at, queue } = queueAt(1000);
    push('urgent a', true);
    push('update b', false);
    at(400);
    push('update c', false);
    assert.equal(queue.msUntilPromotion(), 600, 'b, the oldest update, is due at 1 000 ms');
    at(999);
    assert.deepEqual([queue.urgent, queue.updates], [1, 2]);
    at(1000);
    push('urgent d', true);
    assert.deepEqual([queue.urgent, queue.updates], [3, 1], 'b is promoted; c has waited 600 ms');
    assert.equal(queue.msUntilPromotion(), 400);
    assert.deepEqual([serve(), serve(), serve(), serve()], [true, true, true, false]);
    await settled();
    assert.deepEqual(served, ['urgent a', 'update b', 'urgent d', 'update c'], 'b was promoted before d arrived, so it goes before d');
    assert.equal(queue.msUntilPromotion(), Number.POSITIVE_INFINITY);
  });

  it('GIVEN waiters that say since when they have waited THEN each class serves the oldest first, arrival order breaking ties', async () => {
    const { push, serve, served, at } = queueAt();
    at(10_000);
    push('urgent, text from 9 s', true, undefined, 9000);
    push('update, text from 2 s', false, undefined, 2000);
    push('urgent, text from 4 s', true, undefined, 4000);
    push('urgent, no time given (now)', true);
    push('urgent, text from 4 s too', true, undefined, 4000);
    push('urgent, a time to come counts as now', true, undefined, 60_000);
    for (let turn = 0; turn < 6; turn += 1) serve();
    await settled();
    assert.deepEqual(served, [
      'urgent, text from 4 s',
      'urgent, text from 4 s too',
      'urgent, text from 9 s',
      'urgent, no time given (now)',
      'urgent, a time to come counts as now',
      'update, text from 2 s',
    ]);
  });

  it('GIVEN updates promoted after 1 s AND one whose text has waited 1 s already THEN it is urgent at once', async () => {
    const { push, queue, at } = queueAt(1000);
    at(5000);
    push('update, text from 3.5 s', false, undefined, 3500);
    push('update, text from 4.5 s', false, undefined, 4500);
    assert.deepEqual([queue.urgent, queue.updates], [1, 1]);
    assert.equal(queue.msUntilPromotion(), 500);
  });

  it('GIVEN a waiter whose signal aborts THEN it leaves the queue with the reason, and the others keep their order', async () => {
    const { push, serve, served, queue } = queueAt();
    const leaving = new AbortController();
    push('update a', false);
    push('update b', false, leaving.signal);
    push('urgent c', true);
    leaving.abort('the reply ended');
    await settled();
    assert.equal(queue.waiting, 2);
    assert.deepEqual([serve(), serve(), serve()], [true, false, undefined]);
    await settled();
    assert.deepEqual(served, ['update b left: the reply ended', 'urgent c', 'update a']);
    push('urgent d', true, AbortSignal.abort('too late'));
    await settled();
    assert.equal(queue.waiting, 0, 'an aborted signal never joins');
    assert.equal(served.at(-1), 'urgent d left: too late');
  });

  it('GIVEN a waiter served THEN its signal aborting later changes nothing', async () => {
    const { push, serve, served, queue } = queueAt();
    const late = new AbortController();
    push('urgent a', true, late.signal);
    push('urgent b', true);
    serve();
    late.abort();
    await settled();
    assert.deepEqual(served, ['urgent a']);
    assert.equal(queue.waiting, 1);
  });

  it('GIVEN a negative promotion time THEN the queue refuses it', () => {
    assert.throws(() => new BudgetQueue({ now: () => 0, promoteUpdatesAfterMs: -1 }), RangeError);
  });
});
