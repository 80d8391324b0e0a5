import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundWait, waitPhrase } from '../../src/i18n/wait-phrase.ts';

test('GIVEN a wait THEN it is rounded to the unit a person would use', () => {
  assert.deepEqual(roundWait(0), { value: 1, unit: 'second', approximate: true });
  assert.deepEqual(roundWait(1), { value: 1, unit: 'second', approximate: false });
  assert.deepEqual(roundWait(20.5), { value: 21, unit: 'second', approximate: true });
  assert.deepEqual(roundWait(59), { value: 59, unit: 'second', approximate: false });
  assert.deepEqual(roundWait(60), { value: 1, unit: 'minute', approximate: false });
  assert.deepEqual(roundWait(89), { value: 1, unit: 'minute', approximate: true });
  assert.deepEqual(roundWait(90), { value: 2, unit: 'minute', approximate: true });
  assert.deepEqual(roundWait(300), { value: 5, unit: 'minute', approximate: false });
  assert.deepEqual(roundWait(3599), { value: 1, unit: 'hour', approximate: true });
  assert.deepEqual(roundWait(3600), { value: 1, unit: 'hour', approximate: false });
  assert.deepEqual(roundWait(5 * 3600 + 1700), { value: 5, unit: 'hour', approximate: true });
  assert.deepEqual(roundWait(86_399), { value: 1, unit: 'day', approximate: true });
  assert.deepEqual(roundWait(2 * 86_400), { value: 2, unit: 'day', approximate: false });
  assert.deepEqual(roundWait(999_999), { value: 12, unit: 'day', approximate: true });
  assert.deepEqual(roundWait(Number.NaN), { value: 1, unit: 'second', approximate: true });
  assert.equal(roundWait(Number.POSITIVE_INFINITY).unit, 'day');
});

test('GIVEN a wait THEN English says when, with "about" only when rounded', () => {
  assert.equal(waitPhrase('en', 300), 'in 5 minutes');
  assert.equal(waitPhrase('en', 1), 'in 1 second');
  assert.equal(waitPhrase('en', 999_999), 'in about 12 days');
  assert.equal(waitPhrase('en', 3500), 'in about 58 minutes');
  assert.equal(waitPhrase('en', 3600), 'in 1 hour');
  assert.equal(waitPhrase('en', 86_400 * 1500), 'in 1,500 days');
  assert.equal(waitPhrase('en', 86_400 * 1500 + 7), 'in about 1,500 days');
});

test('GIVEN a wait THEN Russian says when, in the right case and plural', () => {
  assert.equal(waitPhrase('ru', 300), 'через 5 минут');
  assert.equal(waitPhrase('ru', 60), 'через 1 минуту');
  assert.equal(waitPhrase('ru', 120), 'через 2 минуты');
  assert.equal(waitPhrase('ru', 21), 'через 21 секунду');
  assert.equal(waitPhrase('ru', 999_999), 'примерно через 12 дней');
  assert.equal(waitPhrase('ru', 3 * 3600), 'через 3 часа');
});
