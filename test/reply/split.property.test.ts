import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fenceStateAt, reopenLine } from '../../src/reply/fences.ts';
import { MessageSplitter, pieceContent, splitForDiscord } from '../../src/reply/split.ts';
import { answerText } from './support/texts.ts';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

describe('splitForDiscord (properties)', () => {
  it('every message fits and shows something, the text comes back exactly (but for whitespace no message can show), fences balance, graphemes stay whole', () => {
    fc.assert(
      fc.property(answerText(10_000, 50_000), fc.constantFrom(2000, 2000, 700, 200), (text, maxLength) => {
        const pieces = splitForDiscord(text, maxLength);
        const boundaries = new Set<number>();
        for (const segment of segmenter.segment(text)) boundaries.add(segment.index);
        let position = 0;
        for (const [index, piece] of pieces.entries()) {
          const content = pieceContent(text, piece);
          assert.ok(content.length <= maxLength, `message ${index}: ${content.length} > ${maxLength}`);
          const skipped = text.slice(position, piece.start);
          // pieces are contiguous but for whitespace too long for any message
          if (skipped !== '') assert.ok(/^\s+$/.test(skipped) && skipped.length >= maxLength, `message ${index} skips text`);
          assert.ok(piece.end > piece.start, 'no empty piece');
          position = piece.end;
          assert.ok(boundaries.has(piece.start), `message ${index} starts inside a grapheme`);
          assert.equal(fenceStateAt(content, 0, content.length, undefined, true), undefined, `message ${index} unbalanced`);
          const open = fenceStateAt(text, 0, piece.start, undefined);
          assert.equal(piece.prefix, open === undefined ? '' : reopenLine(open), `message ${index} prefix`);
          assert.ok(content.isWellFormed(), `message ${index} has a lone surrogate`);
          assert.match(content, /\S/, `message ${index} is blank`);
        }
        // only whitespace after the last cut may be left without a message
        assert.match(text.slice(position), /^\s*$/);
      }),
      { numRuns: 60 },
    );
  });

  it('growing the text in random steps never changes a finished message', () => {
    fc.assert(
      fc.property(
        answerText(10_000, 30_000),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 20 }),
        (text, steps) => {
          const splitter = new MessageSplitter(2000);
          const frozen: string[] = [];
          for (let length = 0, index = 0; length < text.length; index += 1) {
            length = Math.min(text.length, length + steps[index % steps.length]!);
            const prefix = text.slice(0, length);
            splitter.update(prefix);
            for (const [pieceIndex, piece] of splitter.pieces.entries()) {
              const content = pieceContent(prefix, piece);
              if (frozen[pieceIndex] === undefined) frozen[pieceIndex] = content;
              else assert.equal(content, frozen[pieceIndex]);
            }
          }
          const whole = new MessageSplitter(2000);
          whole.update(text);
          assert.deepEqual(frozen, whole.pieces.map((piece) => pieceContent(text, piece)));
        },
      ),
      { numRuns: 40 },
    );
  });
});
