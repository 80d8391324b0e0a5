import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TurnQueue } from '../../src/reply/turn-queue.ts';

/** A queue on a clock the test moves by hand, and the names of the waiters in the order `next` serves them. */
function queueAt(promoteUpdatesAfterMs?: number) {
  let now = 0;
  const queue = new TurnQueue({ now: () => now, ...(promoteUpdatesAfterMs === undefined ? {} : { promoteUpdatesAfterMs }) });
  const served: string[] = [];
  return {
    queue,
    served,
    at: (ms: number) => void (now = ms),
    push: (name: string, urgent: boolean) => queue.push(urgent, () => void served.push(name)),
    serve: () => {
      const turn = queue.next();
      turn?.resolve();
      return turn?.urgent;
    },
  };
}

describe('TurnQueue', () => {
  it('GIVEN urgent waiters and updates THEN urgent ones come first, each class in arrival order', () => {
    const { push, serve, served, queue } = queueAt();
    push('update a', false);
    push('urgent b', true);
    push('update c', false);
    push('urgent d', true);
    assert.equal(queue.waiting, 4);
    assert.deepEqual([serve(), serve(), serve(), serve(), serve()], [true, true, false, false, undefined]);
    assert.deepEqual(served, ['urgent b', 'urgent d', 'update a', 'update c']);
  });

  it('GIVEN no promotion THEN an update waits behind urgent waiters however long it has waited', () => {
    const { push, serve, served, at, queue } = queueAt();
    push('update a', false);
    at(3_600_000);
    push('urgent b', true);
    assert.equal(queue.msUntilPromotion(), Number.POSITIVE_INFINITY);
    serve();
    serve();
    assert.deepEqual(served, ['urgent b', 'update a']);
  });

  it('GIVEN updates promoted after 1 s THEN one that has waited 1 s joins the back of the urgent class, the others stay updates', () => {
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
    assert.deepEqual(served, ['urgent a', 'update b', 'urgent d', 'update c'], 'b was promoted before d arrived, so it goes before d');
    assert.equal(queue.msUntilPromotion(), Number.POSITIVE_INFINITY);
  });

  it('GIVEN a negative promotion time THEN the queue refuses it', () => {
    assert.throws(() => new TurnQueue({ now: () => 0, promoteUpdatesAfterMs: -1 }), RangeError);
  });
});
