import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { WritePacer } from '../../src/reply/write-pacer.ts';

const streaming = { spread: true, continuation: false };
const ending = { spread: false, continuation: false };

describe('WritePacer', () => {
  it('GIVEN nothing written yet THEN the first write may start at once', () => {
    const clock = new ManualClock(500);
    assert.equal(new WritePacer(clock, 1000).earliestStart('create', streaming), 500);
  });

  it('GIVEN remaining writes THEN they are spread up to the reset, never below the minimum interval', async () => {
    const clock = new ManualClock();
    const pacer = new WritePacer(clock, 200);
    pacer.started('edit');
    await clock.advance(100);
    pacer.answered('edit', { limit: 5, remaining: 4, resetAfterMs: 5000, bucket: 'b' });
    assert.equal(pacer.earliestStart('edit', streaming), 100 + 5000 / 5);
    // at the end there is no reason to spread: the minimum interval alone
    assert.equal(pacer.earliestStart('edit', ending), 200);
  });

  it('GIVEN remaining 0 THEN nothing before the reset, whatever the mode', async () => {
    const clock = new ManualClock();
    const pacer = new WritePacer(clock, 0);
    pacer.started('edit');
    pacer.answered('edit', { remaining: 0, resetAfterMs: 3000 });
    assert.equal(pacer.earliestStart('edit', ending), 3000);
    assert.equal(pacer.earliestStart('create', { spread: false, continuation: true }), 3000);
    await clock.advance(3000);
    assert.equal(pacer.earliestStart('edit', streaming), 3000);
  });

  it('GIVEN a continuation message THEN it skips the minimum interval but not the bucket', async () => {
    const clock = new ManualClock();
    const pacer = new WritePacer(clock, 1000);
    pacer.started('edit');
    await clock.advance(100);
    pacer.answered('edit', { remaining: 2, resetAfterMs: 4000 });
    assert.equal(pacer.earliestStart('create', { spread: false, continuation: true }), 100);
  });

  it('GIVEN a kind never answered THEN it is assumed to share the last bucket reported', async () => {
    const clock = new ManualClock();
    const pacer = new WritePacer(clock, 0);
    pacer.started('create');
    pacer.answered('create', { remaining: 0, resetAfterMs: 2000, bucket: 'x' });
    assert.equal(pacer.earliestStart('edit', ending), 2000);
  });

  it('GIVEN a 429 THEN nothing before retry-after; a route change lifts the interval', async () => {
    const clock = new ManualClock();
    const pacer = new WritePacer(clock, 1000);
    pacer.started('edit');
    pacer.rateLimited('edit', 2500);
    assert.equal(pacer.earliestStart('edit', ending), 2500);
    const fresh = new WritePacer(clock, 1000);
    fresh.started('edit');
    fresh.routeChanged();
    assert.equal(fresh.earliestStart('edit', ending), 0);
  });
});
