import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ThinkTagSplitter, type ContentPiece } from '../../src/providers/openai/think-tags.ts';
import { cutAt } from './cut-at.ts';

/** Feeds `deltas` through a new splitter; returns the reasoning and the text it gave out, and every piece. */
function split(deltas: string[]): { reasoning: string; text: string; pieces: ContentPiece[] } {
  const splitter = new ThinkTagSplitter();
  const pieces = [...deltas.flatMap((delta) => splitter.push(delta)), ...splitter.end()];
  const of = (type: ContentPiece['type']) => pieces.filter((piece) => piece.type === type).map((piece) => piece.text).join('');
  return { reasoning: of('reasoning-delta'), text: of('text-delta'), pieces };
}

/** What the whole content means, read at once: the oracle the streaming splitter must agree with. */
function reference(content: string): { reasoning: string; text: string } {
  const rest = content.trimStart();
  if (!rest.startsWith('<think>')) return { reasoning: '', text: content };
  const inside = rest.slice('<think>'.length);
  const close = inside.indexOf('</think>');
  if (close < 0) return { reasoning: inside.trim(), text: '' };
  return { reasoning: inside.slice(0, close).trim(), text: inside.slice(close + '</think>'.length).trimStart() };
}

describe('ThinkTagSplitter', () => {
  it('GIVEN content opening with a think block THEN its inside is the reasoning, the rest the answer, the whitespace around the tags dropped', () => {
    assert.deepEqual(split(['<think>\nThe user greets me.\n</think>\n\nHello!']), {
      reasoning: 'The user greets me.',
      text: 'Hello!',
      pieces: [
        { type: 'reasoning-delta', text: 'The user greets me.' },
        { type: 'text-delta', text: 'Hello!' },
      ],
    });
  });

  it('GIVEN the tags cut inside themselves THEN nothing of them shows, and reasoning streams while it comes', () => {
    const { pieces } = split(['<th', 'ink>', 'Two and', ' two</th', 'ink', '>\n\nFour', '.']);
    assert.deepEqual(pieces, [
      { type: 'reasoning-delta', text: 'Two and' },
      { type: 'reasoning-delta', text: ' two' },
      { type: 'text-delta', text: 'Four' },
      { type: 'text-delta', text: '.' },
    ]);
  });

  it('GIVEN content with no think block THEN it is all answer, exactly, a later <think> and leading whitespace included', () => {
    assert.deepEqual(split(['  The tag <think> is HTML-like.']), { reasoning: '', text: '  The tag <think> is HTML-like.', pieces: [{ type: 'text-delta', text: '  The tag <think> is HTML-like.' }] });
    assert.equal(split(['<', 'b>bold</b>']).text, '<b>bold</b>');
    assert.equal(split(['<thinking>']).text, '<thinking>');
  });

  it('GIVEN content that starts inside the block, with only a lone </think> (DeepSeek-R1-0528\'s template) THEN it is all answer, given out as it comes, never held back', () => {
    const splitter = new ThinkTagSplitter();
    assert.deepEqual(splitter.push('Okay, the user'), [{ type: 'text-delta', text: 'Okay, the user' }]);
    assert.deepEqual(splitter.push(' says hi.\n</think>\n\nHello!'), [{ type: 'text-delta', text: ' says hi.\n</think>\n\nHello!' }]);
    assert.deepEqual(splitter.end(), []);
  });

  it('GIVEN a stream that ends inside the think block THEN what came is reasoning, an unfinished tag too, and no answer', () => {
    assert.deepEqual(split(['<think>Still thinking', ' </thi']), { reasoning: 'Still thinking </thi', text: '', pieces: split(['<think>Still thinking', ' </thi']).pieces });
    assert.deepEqual(split(['<thi']).text, '<thi');
  });

  it('GIVEN any content cut anywhere into deltas THEN the same reasoning and the same answer come out', () => {
    const word = fc.constantFrom('<think>', '</think>', '<', '</', '>', 'think', '\n', ' ', '\n\n', 'a', 'b c', '👋', 'Привет', '<thi', 'nk>');
    const content = fc.oneof(
      // a think block, an answer, anything in either
      fc.tuple(fc.constantFrom('', ' ', '\n'), fc.array(word, { maxLength: 8 }), fc.constantFrom('', ' ', '\n'), fc.array(word, { maxLength: 8 })).map(
        ([before, reasoning, after, answer]) => `${before}<think>${reasoning.join('')}</think>${after}${answer.join('')}`,
      ),
      // any mix of tag fragments and text
      fc.array(word, { maxLength: 14 }).map((words) => words.join('')),
    );
    fc.assert(
      fc.property(content, fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
        const pieces = split(cutAt(text, cuts));
        const expected = reference(text);
        assert.equal(pieces.reasoning, expected.reasoning);
        assert.equal(pieces.text, expected.text);
        for (const piece of pieces.pieces) assert.notEqual(piece.text, '', 'no empty piece');
      }),
    );
  });
});
