import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  estimateTextTokens,
  estimateMessageTokens,
  estimateConversationTokens,
  historyBudget,
  answerTokens,
  defaultAnswerReserve,
  tailWithinUnits,
  textUnits,
} from '../../src/conversation/budget.ts';

test('GIVEN English, Russian, CJK and emoji THEN each costs about what GPT tokenizers charge, rounded up', () => {
  assert.equal(estimateTextTokens(''), 0);
  assert.equal(estimateTextTokens('Hello, world!'), 4); // 13 × 0.3 = 3.9
  assert.equal(estimateTextTokens('Привет, мир'), 6); // 9 × 0.5 + 2 × 0.3 = 5.1
  assert.equal(estimateTextTokens('日本語'), 3);
  assert.equal(estimateTextTokens('한국어'), 3);
  assert.equal(estimateTextTokens('😀😀'), 4);
});

test('a message adds 4 tokens of framing; a conversation 3 more', () => {
  assert.equal(estimateMessageTokens({ role: 'user', content: '' }), 4);
  assert.equal(estimateMessageTokens({ role: 'user', content: 'abcdefghij' }), 4 + 3);
  assert.equal(estimateConversationTokens([]), 3);
  assert.equal(estimateConversationTokens([{ role: 'user', content: '' }, { role: 'assistant', content: '' }]), 11);
});

test('the budget is the context minus the answer reserve (a quarter, at most 1,024 by default)', () => {
  assert.equal(defaultAnswerReserve(2048), 512);
  assert.equal(defaultAnswerReserve(128_000), 1024);
  assert.equal(historyBudget(8192), 8192 - 1024);
  assert.equal(historyBudget(8192, 4096), 4096);
  assert.equal(historyBudget(100, 500), 0);
});

// each weight class, a surrogate pair, and lone surrogates that may meet and pair up
const codePoints = fc.constantFrom('a', ' ', 'é', 'ж', '字', '한', '😀', '\ud800', '\udc00', '\u2603');

test('the answer gets the larger of the reserve and the answer bound, never more than half the context', () => {
  assert.equal(answerTokens(8192, 1024, 4096), 4096);
  assert.equal(answerTokens(32768, 1024, 4096), 4096);
  assert.equal(answerTokens(8192, 2048, 1000), 2048);
  assert.equal(answerTokens(2048, 1024, 4096), 1024);
  assert.equal(answerTokens(300, 1024, 4096), 150);
  assert.equal(answerTokens(8192, 1024, undefined), 1024);
});

test('property: tailWithinUnits returns the longest end of the text within the units, whole code points only', () => {
  fc.assert(
    fc.property(fc.string({ unit: codePoints, maxLength: 200 }), fc.nat(400), (text, maxUnits) => {
      const tail = tailWithinUnits(text, maxUnits);
      assert.ok(text.endsWith(tail));
      assert.ok(textUnits(tail) <= maxUnits);
      if (tail.length < text.length) {
        // one more code point would not fit
        const before = text.slice(0, text.length - tail.length);
        const lastCodePoint = Array.from(before).at(-1) ?? '';
        assert.ok(textUnits(lastCodePoint + tail) > maxUnits);
      }
    }),
    { seed: 13, numRuns: 500 },
  );
});
