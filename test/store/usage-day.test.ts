/** UTC days, as usage is rolled up and quotas reset: pure functions, apart from any database. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, isUtcDay, nextUtcMidnight, utcDay } from '../../src/store/index.ts';

const DAY = 24 * 60 * 60_000;
const firstDec = Date.UTC(2025, 11, 1);

describe('usage days', () => {
  test('GIVEN instants either side of a UTC midnight THEN they fall on two days, and the reset is that midnight', () => {
    assert.equal(utcDay(firstDec - 1), '2025-11-30');
    assert.equal(utcDay(firstDec), '2025-12-01');
    assert.equal(nextUtcMidnight(firstDec - 1), firstDec);
    assert.equal(nextUtcMidnight(firstDec), firstDec + DAY);
    assert.equal(addDays('2025-12-01', -1), '2025-11-30');
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(isUtcDay('2024-02-29'), true);
    assert.equal(isUtcDay('2025-02-29'), false);
  });
});
