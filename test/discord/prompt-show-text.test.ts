import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promptShowText } from '../../src/discord/prompt-show-text.ts';
import { english } from '../../src/i18n/english.ts';
import { russian } from '../../src/i18n/russian.ts';
import { DISCORD_MESSAGE_LIMIT } from '../../src/reply/split.ts';

test('GIVEN a channel’s prompt with lines and markup THEN each line is quoted as typed, then who set it', () => {
  const text = promptShowText({ catalog: english, effective: { prompt: '# Rules\n- be *kind*', source: 'channel' }, setBy: '-# Set by Ada Admin on 3 Dec.' });
  assert.equal(text, 'The system prompt here is this channel’s:\n> \\# Rules\n> \\- be \\*kind\\*\n-# Set by Ada Admin on 3 Dec.');
});

test('GIVEN each source THEN the heading says where the prompt comes from', () => {
  const heading = (source: 'thread' | 'channel' | 'server' | 'global' | 'built-in') => promptShowText({ catalog: russian, effective: { prompt: 'x', source } }).split('\n')[0];
  assert.equal(heading('thread'), 'Системная инструкция здесь — инструкция этой ветки, с которой она началась:');
  assert.equal(heading('built-in'), 'Системная инструкция здесь — встроенная инструкция Cordial:');
});

test('GIVEN a blank prompt THEN it says none applies', () => {
  assert.equal(promptShowText({ catalog: english, effective: { prompt: '  ', source: 'global' } }), english.prompt.none);
});

test('GIVEN a prompt of 4000 characters with emoji THEN the text fits one message, shortened with a note, the set-by line kept, no half emoji', () => {
  const prompt = '😀 word '.repeat(500).slice(0, 4000);
  const setBy = '-# Set by Ada Admin on 3 Dec.';
  const text = promptShowText({ catalog: english, effective: { prompt, source: 'server' }, setBy });
  assert.ok(text.length <= DISCORD_MESSAGE_LIMIT, String(text.length));
  assert.ok(text.endsWith(`…\n-# Shortened to fit; it has 4,000 characters in all.\n${setBy}`) || text.endsWith(`…\n-# Shortened to fit; it has 4000 characters in all.\n${setBy}`), text.slice(-120));
  assert.equal(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(text), false);
});
