import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fenceStateAt } from '../../src/reply/fences.ts';
import { splitMessages } from '../../src/reply/split.ts';
import { runReply } from './support/harness.ts';
import { bucketSettings } from './support/buckets.ts';
import { timedParts } from './support/parts.ts';
import { answerText, chunk } from './support/texts.ts';

describe('streamReply (properties)', () => {
  it('for random answers, chunkings and buckets: one write in flight, no write into an empty bucket, every write fits, final state exact and marked final', async () => {
    await fc.assert(
      fc.asyncProperty(
        answerText(10_000, 50_000),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 250 }), { minLength: 1, maxLength: 30 }),
        bucketSettings,
        fc.integer({ min: 0, max: 1500 }),
        async (text, sizes, delays, bucket, minEditIntervalMs) => {
          const deltas = chunk(text, sizes).map((piece, index) => ({ text: piece, delayMs: delays[index % delays.length]! }));
          const { sink, result } = await runReply((clock) => timedParts(clock, deltas), {
            sink: bucket,
            options: { minEditIntervalMs },
          });
          assert.deepEqual(sink.violations, []);
          assert.equal(sink.rateLimited, 0);
          assert.equal(result.outcome, 'complete');
          assert.equal(result.text, text);
          for (const write of sink.writes) assert.ok(write.content.isWellFormed(), 'a write holds a lone surrogate');
          const visible = sink.visible();
          assert.deepEqual(visible, splitMessages(text));
          assert.deepEqual(sink.store.unfinished(), [], 'a message still shows the answer as being written');
          for (const content of visible) assert.equal(fenceStateAt(content, 0, content.length, undefined, true), undefined);
        },
      ),
      { numRuns: 25 },
    );
  });
});
