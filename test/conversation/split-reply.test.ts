import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { joinSplitMessages, stripStatusNote } from '../../src/conversation/split-reply.ts';
import { splitMessages } from '../../src/reply/split.ts';
import { answerText } from '../reply/support/texts.ts';

test('GIVEN parts cut outside code THEN they are concatenated exactly', () => {
  assert.equal(joinSplitMessages(['First paragraph.\n\n', 'Second ', 'paragraph.']), 'First paragraph.\n\nSecond paragraph.');
  assert.equal(joinSplitMessages([]), '');
  assert.equal(joinSplitMessages(['only']), 'only');
});

test('GIVEN a cut inside a python fence THEN the added closing and reopening lines are removed', () => {
  const parts = ['Here:\n```python\nprint(1)\n```', '```python\nprint(2)\n```\nDone.'];
  assert.equal(joinSplitMessages(parts), 'Here:\n```python\nprint(1)\nprint(2)\n```\nDone.');
});

test('GIVEN a fence without a language cut twice THEN both pairs are removed', () => {
  const parts = ['```\na\n```', '```\nb\n```', '```\nc\n```'];
  assert.equal(joinSplitMessages(parts), '```\na\nb\nc\n```');
});

test('GIVEN a block that really ends at a cut and a new one after a line break THEN nothing is removed', () => {
  const parts = ['```js\nx\n```\n', '```py\ny\n```'];
  assert.equal(joinSplitMessages(parts), parts.join(''));
});

test('GIVEN a cut inside a code line THEN the words are kept and one line break is added', () => {
  // the streamer added "\n```" after "const lo"; only the backticks can be told apart from the text
  const parts = ['```ts\nconst lo\n```', '```ts\nng = 1;\n```'];
  assert.equal(joinSplitMessages(parts), '```ts\nconst lo\nng = 1;\n```');
});

test('GIVEN a status note at the end THEN it is removed and the partial text kept', () => {
  assert.deepEqual(stripStatusNote('Partial answer\n\n-# answer cut short: the provider timed out'), {
    text: 'Partial answer',
    hadStatusNote: true,
  });
  assert.deepEqual(stripStatusNote('-# stopped'), { text: '', hadStatusNote: true });
  assert.deepEqual(stripStatusNote('Use -# for small text'), { text: 'Use -# for small text', hadStatusNote: false });
  assert.deepEqual(stripStatusNote('-# heading\nbody'), { text: '-# heading\nbody', hadStatusNote: false });
});

/**
 * A simple fence-aware splitter as the streamer does it: cut after a line break once a message
 * would pass `limit`; inside a fence, end the message with "```" and start the next with
 * "```lang\n".
 */
function splitFenceAware(text: string, limit: number): string[] {
  const lines = text.split(/(?<=\n)/);
  const parts: string[] = [];
  let openLanguage: string | undefined;
  let current = '';
  let currentHasText = false;
  for (const line of lines) {
    const closing = openLanguage === undefined ? '' : '```';
    if (currentHasText && current.length + line.length + closing.length > limit) {
      parts.push(current + closing);
      current = openLanguage === undefined ? '' : '```' + openLanguage + '\n';
      currentHasText = false;
    }
    current += line;
    currentHasText = true;
    if (line.startsWith('```')) openLanguage = openLanguage === undefined ? line.slice(3).trim() : undefined;
  }
  if (current !== '') parts.push(current);
  return parts;
}

test('property: joinSplitMessages inverts a fence-aware split', () => {
  const line = fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom('```', '```python', '```ts', '```', '') },
    { weight: 4, arbitrary: fc.string({ maxLength: 30 }).map((value) => value.replace(/[\n`]/g, ' ')) },
    { weight: 1, arbitrary: fc.constantFrom('    return x;', 'Привет, мир', '日本語のテキスト', '-# small', '😀 emoji') },
  );
  const document = fc.tuple(fc.array(line, { maxLength: 60 }), fc.boolean()).map(([lines, hasFinalBreak]) =>
    lines.join('\n') + (hasFinalBreak ? '\n' : ''),
  );
  fc.assert(
    fc.property(document, fc.integer({ min: 20, max: 200 }), (text, limit) => {
      const parts = splitFenceAware(text, limit);
      assert.equal(joinSplitMessages(parts), text);
    }),
    { seed: 7, numRuns: 500 },
  );
});

test('property: joinSplitMessages inverts the reply streamer’s own split, long fences included', () => {
  fc.assert(
    fc.property(answerText(3_000, 20_000), fc.constantFrom(2000, 700, 300), (text, maxLength) => {
      const joined = joinSplitMessages(splitMessages(text, maxLength));
      // every added fence line is removed; a cut inside a code line may leave one extra line break
      assert.equal(joined.replaceAll('\n', ''), text.replaceAll('\n', ''));
    }),
    { numRuns: 60 },
  );
});

test('GIVEN a four-backtick block cut in two THEN its added fence lines are removed too', () => {
  const parts = ['````md\n```js\nx\n````', '````md\ny\n```\n````'];
  assert.equal(joinSplitMessages(parts), '````md\n```js\nx\ny\n```\n````');
});

test('the reference splitter really cuts inside fences', () => {
  const parts = splitFenceAware('```py\n' + 'x = 1\n'.repeat(20) + '```\n', 40);
  assert.ok(parts.length > 2);
  assert.ok(parts.slice(1).every((part) => part.startsWith('```py\n')));
});
