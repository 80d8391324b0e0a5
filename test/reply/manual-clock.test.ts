import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/model/manual-clock.ts';

describe('ManualClock', () => {
  it('runs timers in time order, then in the order they were set', async () => {
    const clock = new ManualClock();
    const seen: string[] = [];
    clock.setTimeout(() => seen.push('b'), 20);
    clock.setTimeout(() => seen.push('a'), 10);
    clock.setTimeout(() => seen.push('c'), 20);
    await clock.advance(25);
    assert.deepEqual(seen, ['a', 'b', 'c']);
    assert.equal(clock.now(), 25);
  });

  it('lets promise callbacks settle before time moves on', async () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    const task = async (): Promise<void> => {
      await clock.sleep(10);
      seen.push(clock.now());
      await clock.sleep(5);
      seen.push(clock.now());
    };
    void task();
    await clock.advance(100);
    assert.deepEqual(seen, [10, 15]);
  });

  it('cancels timers and rounds delays up to whole milliseconds', async () => {
    const clock = new ManualClock();
    let fired = 0;
    const handle = clock.setTimeout(() => (fired += 1), 5);
    clock.clearTimeout(handle);
    clock.setTimeout(() => (fired += 10), 0.2);
    assert.equal(clock.nextTimerAt(), 1);
    await clock.advance(10);
    assert.equal(fired, 10);
    assert.equal(clock.pendingTimers, 0);
  });

  it('runs until a promise settles, and reports a deadlock', async () => {
    const clock = new ManualClock();
    assert.equal(await clock.run(clock.sleep(1000).then(() => 'done')), 'done');
    assert.equal(clock.now(), 1000);
    await assert.rejects(clock.run(new Promise(() => undefined)), /no timer is left/);
  });
});
