import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripInlineReasoning } from '../../src/conversation/strip-inline-reasoning.ts';
import { english } from '../../src/i18n/english.ts';
import { russian } from '../../src/i18n/russian.ts';

test('GIVEN an answer below inline reasoning THEN only the answer is left', () => {
  const shown = '-# 💭 Reasoning\n> First, 6 × 7.\n> \n> So 42.\n\nThe answer is **42**.';
  assert.equal(stripInlineReasoning(shown), 'The answer is **42**.');
});

test('GIVEN an answer that itself starts with a quote THEN the quote after the blank line stays', () => {
  const shown = '-# 💭 Рассуждения\n> Цитата нужна.\n\n> To be or not to be\n\nThat is the question.';
  assert.equal(stripInlineReasoning(shown), '> To be or not to be\n\nThat is the question.');
});

test('GIVEN reasoning with no answer after it, or the thinking status alone THEN nothing is left', () => {
  assert.equal(stripInlineReasoning('-# 💭 Reasoning\n> Hmm …'), '');
  assert.equal(stripInlineReasoning('-# 💭 Reasoning\n> Hmm\n>\n> more'), '');
  assert.equal(stripInlineReasoning('-# 💭 Thinking… 12 s'), '');
});

test('GIVEN an answer without reasoning THEN it is left exactly as it is', () => {
  for (const answer of ['Paris.', '> quoted\n\nanswer', '-# a small note\ntext', '', '```md\n-# 💭 not at the start\n```']) {
    assert.equal(stripInlineReasoning(answer), answer);
  }
});

test('GIVEN the catalogs THEN both the heading and the thinking status start with the prefix the history strips', () => {
  for (const catalog of [english, russian]) {
    assert.equal(stripInlineReasoning(`${catalog.reasoningHeading}\n> why\n\nanswer`), 'answer');
    assert.equal(stripInlineReasoning(catalog.thinking(0)), '');
    assert.equal(stripInlineReasoning(catalog.thinking(12)), '');
  }
});
