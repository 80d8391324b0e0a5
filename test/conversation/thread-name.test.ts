import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mentionedIds, threadName, THREAD_NAME_LIMIT, type MentionNames } from '../../src/conversation/thread-name.ts';

const names: MentionNames = {
  user: (id) => ({ '1100000000000000302': 'Ada Admin', '1100000000000000303': 'max_the*star' })[id],
  role: (id) => ({ '1100000000000000110': 'Server Manager' })[id],
  channel: (id) => ({ '1100000000000000201': 'general' })[id],
};
const name = (prompt: string) => threadName(prompt, names, 'Conversation');

test('GIVEN mentions THEN the thread is named with the names people see', () => {
  assert.equal(name('<@1100000000000000302> what do you think of @everyone'), '@Ada Admin what do you think of @everyone');
  assert.equal(name('ask <@!1100000000000000302> and <@&1100000000000000110> in <#1100000000000000201>'), 'ask @Ada Admin and @Server Manager in #general');
  assert.equal(name('hi <@1100000000000000303>'), 'hi @max_the*star', 'a name is shown as written, not read as markdown');
  assert.equal(name('who is <@1100000000000000999>? and <@&1100000000000000998> <#1100000000000000997>'), 'who is @unknown-user? and @deleted-role #deleted-channel');
});

test('GIVEN custom emoji, command mentions and timestamps THEN they read as text', () => {
  assert.equal(name('I love this <:party_parrot:1100000000000000500> and <a:dance:1100000000000000501>'), 'I love this :party_parrot: and :dance:');
  assert.equal(name('how do I use </ask:1100000000000000600>?'), 'how do I use /ask?');
  assert.equal(name('what happened on <t:1700000000:D>'), 'what happened on 2023-11-14');
});

test('GIVEN markdown THEN the marks go and the words stay', () => {
  assert.equal(name('**Why** is the *sky* ***blue***?'), 'Why is the sky blue?');
  assert.equal(name('__underlined__ and _italic_ but snake_case_name stays'), 'underlined and italic but snake_case_name stays');
  assert.equal(name('~~old~~ ||spoiler|| `code *here*`'), 'old spoiler code *here*');
  assert.equal(name('# Heading\n> quoted line\n- item one\n* item two\n-# small print'), 'Heading quoted line item one item two small print');
  assert.equal(name('see [the docs](https://example.com/docs) or <https://example.com>'), 'see the docs or https://example.com');
  assert.equal(name('```ts\nconst x = 1;\n```\nwhat does this do'), 'const x = 1; what does this do');
  assert.equal(name('2 \\* 3 = 6, not \\*\\*bold\\*\\*'), '2 * 3 = 6, not **bold**');
});

test('GIVEN whitespace and invisible characters THEN single spaces remain', () => {
  assert.equal(name('  line one\n\n\tline   two\u200b\u2060  '), 'line one line two');
});

test('GIVEN a long prompt THEN it is cut at a word with "…" within 100 characters', () => {
  const words = 'The quick brown fox jumps over the lazy dog and keeps on running through the forest until night falls, tired';
  const named = name(words);
  assert.ok(named.length <= THREAD_NAME_LIMIT);
  assert.equal(named, 'The quick brown fox jumps over the lazy dog and keeps on running through the forest until night…');
  const oneWord = 'x'.repeat(300);
  assert.equal(name(oneWord), `${'x'.repeat(99)}…`);
  // a pair of UTF-16 units is never split
  const emoji = '😀'.repeat(80);
  assert.equal(name(emoji), `${'😀'.repeat(49)}…`);
});

test('GIVEN a prompt that is only markup THEN the fallback names the thread', () => {
  assert.equal(name('|| \u200b ||'), 'Conversation');
  assert.equal(name('``` ```'), 'Conversation');
  assert.equal(threadName('\u200b', names, ''), '…');
});

test('GIVEN a prompt THEN mentionedIds lists each id once', () => {
  assert.deepEqual(mentionedIds('<@1100000000000000302> <@!1100000000000000302> <@&1100000000000000110> <#1100000000000000201>'), {
    users: ['1100000000000000302'],
    roles: ['1100000000000000110'],
    channels: ['1100000000000000201'],
  });
});

test('property: any prompt gives a name of 1–100 UTF-16 units, no raw mention, no line break, no lone surrogate', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom('', '<@1100000000000000302>', '**', '\n', '<#1100000000000000201>'), (text, extra) => {
      const named = name(`${text}${extra}${text}`);
      assert.ok(named.length >= 1 && named.length <= THREAD_NAME_LIMIT, named);
      assert.doesNotMatch(named, /<[@#]|\n/);
      assert.equal(named.isWellFormed(), true);
    }),
    { numRuns: 300 },
  );
});
