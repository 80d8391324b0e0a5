import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TurnQueue } from '../../src/conversation/turn-queue.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

describe('TurnQueue', () => {
  it('GIVEN a running turn WHEN three more arrive THEN they fold into one follow-up run, never in parallel', async () => {
    const queue = new TurnQueue(() => assert.fail('no errors expected'));
    const log: string[] = [];
    let active = 0;
    const gate = deferred();
    const turn = (name: string, wait?: Promise<void>) => async () => {
      active += 1;
      assert.equal(active, 1, 'two turns of one thread ran at once');
      log.push(`start ${name}`);
      await wait;
      log.push(`end ${name}`);
      active -= 1;
    };
    queue.request('thread', turn('first', gate.promise));
    queue.request('thread', turn('second'));
    queue.request('thread', turn('third'));
    queue.request('thread', turn('fourth'));
    assert.equal(queue.isBusy('thread'), true);
    gate.resolve();
    await queue.idle();
    assert.deepEqual(log, ['start first', 'end first', 'start fourth', 'end fourth']);
    assert.equal(queue.isBusy('thread'), false);
  });

  it('GIVEN enqueued turns between folded ones THEN none is lost and they run in order, one at a time', async () => {
    const queue = new TurnQueue(() => assert.fail('no errors expected'));
    const log: string[] = [];
    const gate = deferred();
    const turn = (name: string, wait?: Promise<void>) => async () => {
      log.push(name);
      await wait;
    };
    queue.request('thread', turn('message 1', gate.promise));
    queue.enqueue('thread', turn('ask A'));
    queue.request('thread', turn('message 2'));
    queue.enqueue('thread', turn('ask B'));
    queue.request('thread', turn('message 3'));
    gate.resolve();
    await queue.idle();
    assert.deepEqual(log, ['message 1', 'ask A', 'message 3', 'ask B']);
  });

  it('GIVEN two threads THEN their turns run independently', async () => {
    const queue = new TurnQueue(() => assert.fail('no errors expected'));
    const gate = deferred();
    const log: string[] = [];
    queue.request('a', async () => {
      await gate.promise;
      log.push('a');
    });
    queue.request('b', async () => {
      log.push('b');
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, ['b']);
    gate.resolve();
    await queue.idle();
    assert.deepEqual(log, ['b', 'a']);
  });

  it('GIVEN a failing turn THEN the error is reported and the next turn still runs', async () => {
    const errors: unknown[] = [];
    const queue = new TurnQueue((error, key) => errors.push([key, (error as Error).message]));
    let ran = false;
    queue.request('t', async () => {
      throw new Error('boom');
    });
    queue.request('t', async () => {
      ran = true;
    });
    await queue.idle();
    assert.deepEqual(errors, [['t', 'boom']]);
    assert.equal(ran, true);
  });

  it('GIVEN an enqueued turn THEN its promise settles once it has run, with its value or its failure (not onError)', async () => {
    const errors: unknown[] = [];
    const queue = new TurnQueue((error) => errors.push(error));
    const gate = deferred();
    const log: string[] = [];
    queue.request('t', async () => {
      await gate.promise;
      log.push('message turn');
    });
    const answered = queue.enqueue('t', async () => {
      log.push('ask');
      return 42;
    });
    const failed = queue.enqueue('t', async () => {
      throw new Error('no thread');
    });
    gate.resolve();
    assert.equal(await answered, 42);
    await assert.rejects(failed, /no thread/);
    assert.deepEqual(log, ['message turn', 'ask']);
    assert.deepEqual(errors, []);
  });
  it('GIVEN two enqueued handlers of one channel WHEN the later one could finish first THEN it still runs after the earlier one, and after its failure', async () => {
    const queue = new TurnQueue(() => assert.fail('enqueued failures go to the caller'));
    const done: string[] = [];
    const slow = deferred();
    const first = queue.enqueue('thread', async () => {
      await slow.promise;
      done.push('first');
      throw new Error('the store is down');
    });
    const second = queue.enqueue('thread', async () => void done.push('second'));
    // the second has had every chance to run: it waits for the first
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(done, []);
    slow.resolve();
    await assert.rejects(first, /the store is down/);
    await second;
    assert.deepEqual(done, ['first', 'second']);
  });
});
