import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecordArrivals } from '../../src/answers/record-arrivals.ts';

test('GIVEN a record already there THEN it is found at once', async () => {
  const arrivals = new RecordArrivals();
  assert.equal(await arrivals.until('m1', async () => 'record', 60_000), 'record');
});

// the timeout fails the test if only the wait's own time ended it (the lookup would find the record then too)
test('GIVEN a record that arrives while waiting THEN the wait ends with it, before its time is up', { timeout: 5000 }, async () => {
  const arrivals = new RecordArrivals();
  let saved: string | undefined;
  const waiting = arrivals.until('m1', async () => saved, 60_000);
  saved = 'record';
  arrivals.arrived(['m0', 'm1']);
  assert.equal(await waiting, 'record');
});

test('GIVEN a record of other messages THEN the wait goes on; GIVEN none in time THEN undefined', async () => {
  const arrivals = new RecordArrivals();
  let lookups = 0;
  const waiting = arrivals.until('m1', async () => void (lookups += 1), 20);
  arrivals.arrived(['m2']);
  assert.equal(await waiting, undefined);
  assert.equal(lookups, 2, 'asked at once and once more when the time was up, not on the other record');
});
