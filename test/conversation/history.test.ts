import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHistory } from '../../src/conversation/history.ts';
import type { ThreadMessage } from '../../src/conversation/thread-message.ts';

let nextId = 1_000_000_000_000_000_000n;
function person(authorId: string, authorName: string, content: string): ThreadMessage {
  nextId += 1n;
  return { id: String(nextId), authorId, authorName, isFromThisBot: false, authorIsBot: false, content, createdAt: Number(nextId % 1_000_000n) };
}
function bot(content: string): ThreadMessage {
  return { ...person('bot', 'Cordial', content), isFromThisBot: true, authorIsBot: true };
}
function otherBot(content: string): ThreadMessage {
  return { ...person('other-bot', 'Helper', content), authorIsBot: true };
}
const alice = { authorId: '111', authorName: 'Alice' };

test('GIVEN one speaker THEN the prompt, the answer and the follow-up alternate without name prefixes', () => {
  const history = buildHistory({
    system: 'Be brief.',
    prompt: { ...alice, content: 'What is WAL?' },
    messages: [bot('Write-ahead logging.'), person('111', 'Alice', 'And in SQLite?')],
  });
  assert.deepEqual(history, [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is WAL?' },
    { role: 'assistant', content: 'Write-ahead logging.' },
    { role: 'user', content: 'And in SQLite?' },
  ]);
});

test('GIVEN an answer split over three messages with a fence cut THEN one assistant turn with the original text', () => {
  const history = buildHistory({
    prompt: { ...alice, content: 'code please' },
    messages: [bot('Sure:\n\n'), bot('```js\nlet a = 1;\n```'), bot('```js\nlet b = 2;\n```'), person('111', 'Alice', 'thanks')],
  });
  assert.deepEqual(
    history.map((message) => message.role),
    ['user', 'assistant', 'user'],
  );
  assert.equal(history[1]?.content, 'Sure:\n\n```js\nlet a = 1;\nlet b = 2;\n```');
});

test('GIVEN an answer cut short with a status note THEN the note is dropped and the partial text kept', () => {
  const history = buildHistory({
    prompt: { ...alice, content: 'long story' },
    messages: [bot('Once upon a time\n\n-# answer cut short: the provider stopped answering')],
  });
  assert.deepEqual(history[1], { role: 'assistant', content: 'Once upon a time' });
});

test('GIVEN two answers in a row, the first ended by a note THEN they join with a blank line, and a note-only message vanishes', () => {
  const history = buildHistory({
    prompt: { ...alice, content: 'q' },
    messages: [bot('First\n-# stopped'), bot('-# the provider is down'), bot('Second')],
  });
  assert.deepEqual(history.slice(1), [{ role: 'assistant', content: 'First\n\nSecond' }]);
});

test('GIVEN several people THEN every user turn, the prompt included, starts with the display name', () => {
  const history = buildHistory({
    prompt: { ...alice, content: 'Pick a colour' },
    messages: [bot('Blue.'), person('222', 'Bob', 'Why?'), person('111', 'Alice', 'I agree')],
  });
  assert.deepEqual(
    history.filter((message) => message.role === 'user'),
    [
      { role: 'user', content: 'Alice: Pick a colour' },
      { role: 'user', content: 'Bob: Why?' },
      { role: 'user', content: 'Alice: I agree' },
    ],
  );
});

test('speakerPrefix always / never override the automatic choice', () => {
  const messages = [person('222', 'Bob', 'hi')];
  assert.equal(buildHistory({ messages, speakerPrefix: 'always' })[0]?.content, 'Bob: hi');
  const twoSpeakers = [...messages, person('333', 'Carol', 'hello')];
  assert.equal(buildHistory({ messages: twoSpeakers, speakerPrefix: 'never' })[1]?.content, 'hello');
});

test('GIVEN display names of any script THEN the prefix keeps them as written (no name field is sent)', () => {
  const history = buildHistory({
    messages: [person('42', 'José María ✨', 'hola'), person('1234567890123', '太郎', 'こんにちは')],
  });
  assert.deepEqual(history, [
    { role: 'user', content: 'José María ✨: hola' },
    { role: 'user', content: '太郎: こんにちは' },
  ]);
});

test('GIVEN empty messages and other bots THEN they are skipped unless other bots are included', () => {
  // Bob's message is zero-width characters only: no turn, and no second speaker to name
  const messages = [person('111', 'Alice', '   '), person('222', 'Bob', '\u200b\u2060\ufeff'), otherBot('I am another bot'), person('111', 'Alice', 'real')];
  assert.deepEqual(buildHistory({ messages }), [{ role: 'user', content: 'real' }]);
  const withBots = buildHistory({ messages, includeOtherBots: true });
  assert.deepEqual(withBots, [
    { role: 'user', content: 'Helper: I am another bot' },
    { role: 'user', content: 'Alice: real' },
  ]);
});

test('GIVEN no system prompt and an empty ask prompt THEN neither appears', () => {
  assert.deepEqual(buildHistory({ system: '  ', prompt: { ...alice, content: '' }, messages: [] }), []);
});
