import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ChatMessage } from '../../src/model/chat-message.ts';
import { contentText } from '../../src/model/message-content.ts';
import { trimHistory, TRUNCATION_MARKER, MINIMUM_NEWEST_CONTENT_TOKENS } from '../../src/conversation/trim.ts';
import { estimateConversationTokens, estimateMessageTokens } from '../../src/conversation/budget.ts';

const system: ChatMessage = { role: 'system', content: 'You are helpful.' };
const turn = (index: number): ChatMessage => ({
  role: index % 2 === 0 ? 'user' : 'assistant',
  content: `message number ${index} `.repeat(10),
});

test('GIVEN a history that fits THEN nothing is dropped', () => {
  const messages = [system, turn(0), turn(1), turn(2)];
  const result = trimHistory(messages, 10_000);
  assert.deepEqual(result.messages, messages);
  assert.deepEqual(result.dropped, []);
  assert.equal(result.truncatedCharacters, 0);
  assert.equal(result.estimatedTokens, estimateConversationTokens(messages));
});

test('GIVEN a budget for about three turns THEN the oldest go and system + newest stay', () => {
  const turns = Array.from({ length: 10 }, (_unused, index) => turn(index));
  const perTurn = estimateMessageTokens(turns[0]!);
  const budget = estimateConversationTokens([system]) + perTurn * 3 + 2;
  const result = trimHistory([system, ...turns], budget);
  assert.deepEqual(result.messages, [system, turns[7], turns[8], turns[9]]);
  assert.deepEqual(result.dropped, turns.slice(0, 7));
  assert.ok(result.estimatedTokens <= budget);
});

test('GIVEN a newest message larger than the budget THEN its end is kept behind a marker and the rest dropped', () => {
  const newest: ChatMessage = { role: 'user', content: 'start ' + 'word '.repeat(2000) + 'the actual question?' };
  const result = trimHistory([system, turn(0), newest], 300);
  assert.equal(result.messages.length, 2);
  assert.equal(result.messages[0], system);
  const kept = contentText(result.messages[1]!.content);
  assert.ok(kept.startsWith(TRUNCATION_MARKER));
  assert.ok(kept.endsWith('the actual question?'));
  assert.equal(result.truncatedCharacters, contentText(newest.content).length - (kept.length - TRUNCATION_MARKER.length));
  assert.ok(result.estimatedTokens <= 300);
  assert.ok(result.estimatedTokens >= 290, 'the newest fills what the budget leaves');
  assert.deepEqual(result.dropped, [turn(0)]);
});

test('GIVEN a system prompt that takes the whole budget THEN the newest still keeps its last 64 tokens', () => {
  const bigSystem: ChatMessage = { role: 'system', content: 'rule '.repeat(1000) };
  const newest: ChatMessage = { role: 'user', content: 'x'.repeat(5000) };
  const result = trimHistory([bigSystem, newest], 100);
  assert.equal(result.messages.length, 2);
  assert.equal(result.messages[1]?.content, TRUNCATION_MARKER + 'x'.repeat(Math.floor((MINIMUM_NEWEST_CONTENT_TOKENS * 10 - 10) / 3)));
});

test('GIVEN only system messages or nothing THEN they are returned as they are', () => {
  assert.deepEqual(trimHistory([], 0).messages, []);
  assert.deepEqual(trimHistory([system], 0).messages, [system]);
});

const message = fc.record(
  {
    role: fc.constantFrom<'user' | 'assistant'>('user', 'assistant'),
    content: fc.string({ unit: fc.constantFrom('a', ' ', 'é', 'ж', '字', '😀', '\n'), maxLength: 300 }),
    name: fc.constantFrom('Alice', 'Bob_2'),
  },
  { requiredKeys: ['role', 'content'] },
);

test('property: within budget unless only system + newest remain; system and newest kept; order kept', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ maxLength: 200 }).map((content): ChatMessage => ({ role: 'system', content })), { maxLength: 2 }),
      fc.array(message, { minLength: 1, maxLength: 25 }),
      fc.integer({ min: 0, max: 1500 }),
      (systemMessages, turns, budget) => {
        const result = trimHistory([...systemMessages, ...turns], budget);
        const kept = result.messages;
        const newest = turns.at(-1)!;
        const keptNewest = kept.at(-1)!;

        assert.ok(result.estimatedTokens <= budget || kept.length === systemMessages.length + 1);
        assert.equal(result.estimatedTokens, estimateConversationTokens(kept));
        assert.deepEqual(kept.slice(0, systemMessages.length), systemMessages);
        assert.equal(keptNewest.role, newest.role);
        if (result.truncatedCharacters === 0) assert.equal(keptNewest.content, newest.content);
        else assert.equal(keptNewest.content, TRUNCATION_MARKER + newest.content.slice(result.truncatedCharacters));

        const middle = turns.slice(0, -1);
        const keptMiddle = kept.slice(systemMessages.length, -1);
        assert.deepEqual([...result.dropped, ...keptMiddle], middle, 'dropped then kept is the original order');
        const lastDropped = result.dropped.at(-1);
        if (lastDropped !== undefined) {
          assert.ok(result.estimatedTokens + estimateMessageTokens(lastDropped) > budget, 'nothing more would fit');
        }
      },
    ),
    { seed: 17, numRuns: 400 },
  );
});
