import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasVisibleText, withoutInvisibleFormatting } from '../../src/conversation/visible-text.ts';

test('GIVEN only zero-width, format or whitespace characters THEN there is no visible text', () => {
  for (const text of ['', ' \n\t', '\u200b\u2060\ufeff', '\u200c\u200d\u200e\u200f', '\u00ad', '\ufe0f\ufe0e', '\u{e0100}', '\u034f', '\u3164', '\u115f\u1160', '\u2800', '\u{e0061}\u{e007f}', '\u202e \u2066']) {
    assert.equal(hasVisibleText(text), false, JSON.stringify(text));
  }
});

test('GIVEN any visible character THEN there is visible text', () => {
  for (const text of ['a', ' ?', '\u200bhi\u200b', 'Привет', '你好', '👋', '❤️', '\u0301x', '.']) {
    assert.equal(hasVisibleText(text), true, JSON.stringify(text));
  }
});

test('GIVEN invisible formatting THEN it is removed and whitespace is kept', () => {
  assert.equal(withoutInvisibleFormatting('a\u200bb\u2060 c\nd\ufeff'), 'ab c\nd');
});
