import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fenceStateAt } from '../../src/reply/fences.ts';
import { MessageSplitter, pieceContent, splitForDiscord, splitMessages } from '../../src/reply/split.ts';

/** The text back from the pieces: what the messages hold minus the added fence lines. */
function rebuild(text: string, maxLength: number): string {
  return splitForDiscord(text, maxLength)
    .map((piece) => text.slice(piece.start, piece.end))
    .join('');
}

describe('splitForDiscord', () => {
  it('GIVEN a text that fits THEN it is one message, unchanged', () => {
    assert.deepEqual(splitMessages('hello world'), ['hello world']);
    assert.deepEqual(splitMessages(''), []);
    assert.deepEqual(splitMessages('a'.repeat(2000)), ['a'.repeat(2000)]);
  });

  it('GIVEN paragraphs THEN it cuts after a paragraph break', () => {
    const first = 'word '.repeat(12).trim();
    const text = `${first}\n\n${'next '.repeat(10).trim()}`;
    const messages = splitMessages(text, 80);
    assert.deepEqual(messages, [`${first}\n\n`, 'next '.repeat(10).trim()]);
  });

  it('GIVEN no paragraph break in the second half THEN it cuts at a line, then at a word', () => {
    const lines = `${'x'.repeat(30)}\n${'y'.repeat(30)}\n${'z '.repeat(20)}`;
    const messages = splitMessages(lines, 70);
    assert.equal(messages[0], `${'x'.repeat(30)}\n${'y'.repeat(30)}\n`);
    const words = 'lorem ipsum dolor sit amet '.repeat(5);
    for (const message of splitMessages(words, 40).slice(0, -1)) assert.match(message, / $/);
  });

  it('GIVEN a paragraph break too early THEN it prefers a later line break', () => {
    const text = `ab\n\n${'c'.repeat(60)}\n${'d'.repeat(60)}`;
    assert.equal(splitMessages(text, 100)[0], `ab\n\n${'c'.repeat(60)}\n`);
  });

  it('GIVEN a word longer than a message THEN it cuts inside it, between graphemes', () => {
    const text = 'a'.repeat(150);
    const messages = splitMessages(text, 64);
    assert.ok(messages.every((message) => message.length <= 64));
    assert.equal(messages.join(''), text);
  });

  it('GIVEN emoji, flags and ZWJ sequences THEN no grapheme is split', () => {
    const family = '👩‍👩‍👧‍👦';
    const text = `${family}🇫🇷👍🏽e\u0301`.repeat(30);
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const boundaries = new Set([...segmenter.segment(text)].map((segment) => segment.index));
    for (const piece of splitForDiscord(text, 50)) {
      assert.ok(boundaries.has(piece.start), `cut at ${piece.start} splits a grapheme`);
      assert.ok(pieceContent(text, piece).length <= 50);
    }
    assert.equal(rebuild(text, 50), text);
  });

  it('GIVEN one grapheme longer than a message THEN it cuts between code points, never inside a pair', () => {
    const text = `a${'\u0301'.repeat(40)}${'😀'.repeat(40)}`;
    for (const piece of splitForDiscord(text, 33)) {
      const code = text.charCodeAt(piece.start);
      assert.ok(!(code >= 0xdc00 && code <= 0xdfff), `cut at ${piece.start} splits a surrogate pair`);
    }
    assert.equal(rebuild(text, 33), text);
  });

  it('GIVEN CJK text without spaces THEN it cuts after CJK punctuation', () => {
    const sentence = '这是一个很长的句子没有空格。';
    const text = sentence.repeat(10);
    const messages = splitMessages(text, 50);
    for (const message of messages.slice(0, -1)) assert.ok(message.endsWith('。'), message);
    assert.equal(messages.join(''), text);
  });

  it('GIVEN a code block cut in two THEN it is closed and reopened with its language', () => {
    const code = Array.from({ length: 40 }, (_, line) => `const value${line} = ${line};`).join('\n');
    const text = `Here:\n\n\`\`\`ts\n${code}\n\`\`\`\nDone.`;
    const pieces = splitForDiscord(text, 300);
    assert.ok(pieces.length > 2);
    const messages = pieces.map((piece) => pieceContent(text, piece));
    for (const [index, message] of messages.entries()) {
      assert.ok(message.length <= 300);
      assert.equal(fenceStateAt(message, 0, message.length, undefined, true), undefined, `message ${index} unbalanced`);
      if (index > 0 && index < messages.length - 1) assert.ok(message.startsWith('```ts\n'), message);
    }
    assert.equal(pieces.map((piece) => text.slice(piece.start, piece.end)).join(''), text);
    // the added lines are exactly the prefixes and suffixes
    for (const piece of pieces.slice(0, -1)) {
      if (piece.suffix !== '') assert.equal(piece.suffix, '```');
    }
  });

  it('GIVEN a cut just before the closing fence THEN it cuts after it instead', () => {
    const text = `\`\`\`js\n${'x();\n'.repeat(12)}\`\`\`\n${'after '.repeat(20)}`;
    const messages = splitMessages(text, text.indexOf('```\nafter') + 8);
    assert.ok(!messages.some((message) => message.startsWith('```js\n```')), JSON.stringify(messages));
  });

  it('GIVEN a long line inside a code block THEN the closing fence goes on its own line', () => {
    const text = `\`\`\`\n${'y'.repeat(300)}\n\`\`\``;
    const messages = splitMessages(text, 100);
    assert.ok(messages[0]!.endsWith('\n```'));
    assert.ok(messages[1]!.startsWith('```\n'));
    assert.ok(messages.every((message) => message.length <= 100));
  });

  it('GIVEN a space, then a word longer than a message THEN no message is just the space', () => {
    // found by the streamer's property test: a cut after the space left a message Discord refuses
    const text = `${'a'.repeat(50)}\n ${'-'.repeat(150)}\n\nend`;
    const messages = splitMessages(text, 60);
    assert.equal(messages[0], `${'a'.repeat(50)}\n`);
    assert.equal(messages[1], ` ${'-'.repeat(59)}`);
    for (const message of messages) assert.match(message, /\S/);
    assert.equal(messages.join(''), text);
  });

  it('GIVEN a run of whitespace longer than a message THEN it is left out and nothing else is', () => {
    const text = `Hello${' '.repeat(130)}\n${' \n'.repeat(40)}world, again.`;
    const messages = splitMessages(text, 50);
    assert.deepEqual(messages, [`Hello${' '.repeat(45)}`, 'world, again.']);
    assert.deepEqual(splitMessages(' \n'.repeat(100), 50), [], 'a blank text has no message at all');
  });

  it('GIVEN only whitespace after the last cut THEN it gets no message of its own', () => {
    const text = `${'word '.repeat(11)}x\n\n\n\n`;
    const messages = splitMessages(text, 58);
    assert.deepEqual(messages, [`${'word '.repeat(11)}x\n\n`]);
  });
});

describe('MessageSplitter', () => {
  it('GIVEN a text growing one character at a time THEN finished messages never change and match the whole-text split', () => {
    const text = `${'Some prose here. '.repeat(40)}\n\n\`\`\`py\n${'print("hi")\n'.repeat(60)}\`\`\`\n${'end '.repeat(50)}`;
    const splitter = new MessageSplitter(200);
    const seen: string[] = [];
    for (let length = 1; length <= text.length; length += 1) {
      const prefix = text.slice(0, length);
      splitter.update(prefix);
      for (const [index, piece] of splitter.pieces.entries()) {
        const content = pieceContent(prefix, piece);
        if (seen[index] === undefined) seen[index] = content;
        else assert.equal(content, seen[index], `message ${index} changed at length ${length}`);
      }
    }
    assert.deepEqual(seen, splitMessages(text, 200).slice(0, -1));
  });

  it('GIVEN a long run of whitespace arriving bit by bit THEN it waits, then leaves it out as the whole-text split does', () => {
    const text = `${'x '.repeat(30)}${' '.repeat(300)}tail text`;
    const splitter = new MessageSplitter(40);
    for (let length = 1; length <= text.length; length += 7) splitter.update(text.slice(0, length));
    splitter.update(text);
    const whole = splitForDiscord(text, 40);
    assert.deepEqual(splitter.pieces, whole.slice(0, -1));
    assert.deepEqual(splitter.lastPiece(text), whole.at(-1));
    assert.equal(pieceContent(text, whole.at(-1)!), 'tail text');
  });

  it('GIVEN a limit too small to be useful THEN it refuses', () => {
    assert.throws(() => new MessageSplitter(3), RangeError);
  });
});
