import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayOf, setByLine } from '../../src/discord/setting-change-line.ts';
import { english } from '../../src/i18n/english.ts';
import { russian } from '../../src/i18n/russian.ts';

const december3 = Date.UTC(2025, 11, 3, 23, 30);
const laterThatYear = Date.UTC(2025, 11, 20);

test('GIVEN a change by a named person THEN the line names them and the day in the person’s locale', () => {
  const change = { value: 'x', setByUserId: '123456789012345678', setByName: 'Ada Admin', at: december3 };
  assert.equal(setByLine(english, 'en-GB', change, laterThatYear), '-# Set by Ada Admin on 3 Dec.');
  assert.equal(setByLine(english, 'en-US', change, laterThatYear), '-# Set by Ada Admin on Dec 3.');
  assert.equal(setByLine(russian, 'ru', change, laterThatYear), '-# Изменено: Ada Admin, 3 дек.');
});

test('GIVEN a change logged with an id alone THEN the line shows the mention; GIVEN no one THEN there is no line', () => {
  assert.equal(setByLine(english, 'en-GB', { value: null, setByUserId: '123456789012345678', setByName: null, at: december3 }, laterThatYear), '-# Set by <@123456789012345678> on 3 Dec.');
  assert.equal(setByLine(english, 'en-GB', { value: null, setByUserId: null, setByName: null, at: december3 }, laterThatYear), undefined);
  assert.equal(setByLine(english, 'en-GB', undefined, laterThatYear), undefined);
});

test('GIVEN a name with markdown THEN it shows as typed', () => {
  assert.equal(setByLine(english, 'en-GB', { value: 'x', setByUserId: '1', setByName: '*star*_', at: december3 }, laterThatYear), '-# Set by \\*star\\*\\_ on 3 Dec.');
});

test('GIVEN a change in another year THEN the year is said; days are UTC; an unknown locale falls back to English', () => {
  assert.equal(dayOf(december3, 'en-GB', Date.UTC(2026, 0, 2)), '3 Dec 2025');
  assert.equal(dayOf(december3, 'en-GB', laterThatYear), '3 Dec');
  assert.equal(dayOf(december3, 'not a locale!', laterThatYear), 'Dec 3');
});
