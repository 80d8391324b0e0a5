import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { keepSurrogatePairsWhole } from '../../src/providers/whole-characters.ts';
import type { StreamPart } from '../../src/model/stream-part.ts';
import { collect, withOpenAiAndH2o } from './provider-harness.ts';
import { cutAt } from './cut-at.ts';

/** Deltas that split 👋 and 🎉 between their two UTF-16 halves: valid JSON `"\ud83d"` then `"\udc4b"`. */
const splitPairs = ['Wave ', '\ud83d', '\udc4b and ', 'cheer \ud83c', '\udf89!'];
const whole = 'Wave 👋 and cheer 🎉!';

const lonelySurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function assertWholeDeltas(parts: StreamPart[]): void {
  for (const part of parts) {
    if (part.type === 'text-delta') assert.doesNotMatch(part.text, lonelySurrogate, `a delta with half a character: ${JSON.stringify(part.text)}`);
  }
}

describe('GIVEN a server that splits a surrogate pair across two deltas', () => {
  const fakes = withOpenAiAndH2o();

  it('THEN the openai provider yields every delta with whole characters', async () => {
    // the fake writes each delta with JSON.stringify, which escapes a lone half as \ud83d
    fakes.openai.enqueue({ deltas: splitPairs, split: 'events' });
    const result = await collect(fakes.openaiSubject.registry, 'openai/m');
    assert.equal(result.text, whole);
    assertWholeDeltas(result.parts);
  });

  it('THEN the h2o provider does too', async () => {
    fakes.h2o.enqueue({ deltas: splitPairs, split: 'every-byte' });
    const result = await collect(fakes.h2oSubject.registry, 'h2o/falcon-7b');
    assert.equal(result.text, whole);
    assertWholeDeltas(result.parts);
  });
});

describe('keepSurrogatePairsWhole', () => {
  async function run(parts: StreamPart[]): Promise<StreamPart[]> {
    const out: StreamPart[] = [];
    async function* source() {
      yield* parts;
    }
    for await (const part of keepSurrogatePairsWhole(source())) out.push(part);
    return out;
  }

  it('GIVEN a high surrogate still held at the finish THEN it is flushed before the finish part', async () => {
    const out = await run([{ type: 'text-delta', text: 'end \ud83d' }, { type: 'finish', reason: 'stop' }]);
    assert.deepEqual(out, [{ type: 'text-delta', text: 'end ' }, { type: 'text-delta', text: '\ud83d' }, { type: 'finish', reason: 'stop' }]);
  });

  it('GIVEN a pair split between two reasoning deltas THEN it comes out whole, as reasoning', async () => {
    const out = await run([{ type: 'reasoning-delta', text: 'hmm \ud83e' }, { type: 'reasoning-delta', text: '\udd14' }, { type: 'text-delta', text: 'Yes.' }, { type: 'finish', reason: 'stop' }]);
    assert.deepEqual(out, [{ type: 'reasoning-delta', text: 'hmm ' }, { type: 'reasoning-delta', text: '🤔' }, { type: 'text-delta', text: 'Yes.' }, { type: 'finish', reason: 'stop' }]);
  });

  it('GIVEN reasoning that ends on a lone high surrogate THEN it is flushed as reasoning before the text, never joined to it', async () => {
    const out = await run([{ type: 'reasoning-delta', text: 'odd \ud83d' }, { type: 'text-delta', text: '\udc4b!' }, { type: 'finish', reason: 'stop' }]);
    assert.deepEqual(out, [{ type: 'reasoning-delta', text: 'odd ' }, { type: 'reasoning-delta', text: '\ud83d' }, { type: 'text-delta', text: '\udc4b!' }, { type: 'finish', reason: 'stop' }]);
  });

  it('GIVEN any text cut anywhere into deltas THEN the same text comes out, never split inside a pair', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.array(fc.nat(), { maxLength: 12 }), async (text, cuts) => {
        const pieces = cutAt(text, cuts);
        const out = await run([...pieces.map((piece): StreamPart => ({ type: 'text-delta', text: piece })), { type: 'finish', reason: 'stop' }]);
        assert.equal(out.map((part) => (part.type === 'text-delta' ? part.text : '')).join(''), text);
        assertWholeDeltas(out);
        assert.equal(out.at(-1)?.type, 'finish');
      }),
    );
  });

  it('GIVEN text and reasoning deltas in any order THEN every code unit comes out once, in order, with the kind it came in', async () => {
    const piece = fc.record({ type: fc.constantFrom('text-delta' as const, 'reasoning-delta' as const), text: fc.string({ unit: 'binary', maxLength: 6 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }), async (pieces) => {
        const out = await run([...pieces, { type: 'finish', reason: 'stop' }]);
        const units = (parts: StreamPart[]) => parts.flatMap((part) => (part.type === 'finish' ? [] : [...part.text.split('')].map((unit) => `${part.type}:${unit}`)));
        assert.deepEqual(units(out), units(pieces));
        assert.equal(out.at(-1)?.type, 'finish');
      }),
    );
  });
});
