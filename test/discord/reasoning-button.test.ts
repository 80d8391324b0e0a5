import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_REASONING_MESSAGES, reasoningMessages } from '../../src/discord/reasoning-button.ts';
import { english } from '../../src/i18n/english.ts';
import { russian } from '../../src/i18n/russian.ts';
import { joinSplitMessages } from '../../src/conversation/split-reply.ts';

test('GIVEN a long reasoning with a code block THEN it is split into messages of at most 2000 characters with the fences balanced, and nothing lost', () => {
  const reasoning = `Let me try it.\n\`\`\`py\n${'print(6 * 7)\n'.repeat(250)}\`\`\`\nSo it is 42.`;
  const messages = reasoningMessages(reasoning, english);
  assert.ok(messages.length >= 2);
  for (const message of messages) {
    assert.ok(message.length <= 2000);
    assert.equal((message.match(/^```/gm) ?? []).length % 2, 0, 'every message closes the block it opens');
  }
  assert.equal(joinSplitMessages(messages), reasoning);
});

test('GIVEN a reasoning longer than the most messages one press shows THEN the last one says it was cut', () => {
  const messages = reasoningMessages('word '.repeat(10_000), russian);
  assert.equal(messages.length, MAX_REASONING_MESSAGES);
  assert.equal(messages.at(-1), russian.reasoningCut(MAX_REASONING_MESSAGES));
});

