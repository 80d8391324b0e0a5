import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError } from '../../src/model/provider-error.ts';
import { englishReplyTexts } from '../../src/reply/reply-texts.ts';
import { okWriteTimes, runReply } from './support/harness.ts';
import { bucketSettings } from './support/buckets.ts';
import { evenDeltas, PushStream, reasoningDeltas, timedParts, timedPieces } from './support/parts.ts';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { streamReply } from '../../src/reply/reply-streamer.ts';
import { BucketSink } from './support/bucket-sink.ts';
import fc from 'fast-check';
import { splitMessages } from '../../src/reply/split.ts';
import { answerText, chunk } from './support/texts.ts';

const MARKER = ' ▌';
const THINKING = /Thinking…/;
// a model that reasons for 30 s at 50 deltas/s, then answers
const THINK_MS = 30_000;
const INTERVAL_MS = 20;
const thinking = reasoningDeltas(THINK_MS / INTERVAL_MS, INTERVAL_MS);
const answer = 'Paris is the capital of France. It has about 2.1 million people.';
const reasonThenAnswer = [...thinking, ...evenDeltas(answer, 4, INTERVAL_MS)];

describe('streamReply: the thinking status (reasoningDisplay status)', () => {
  it('GIVEN a model that reasons 30 s at 50 deltas/s THEN the status shows at once, then only on paced writes, with whole seconds', async () => {
    const { sink, result } = await runReply((clock) => timedParts(clock, reasonThenAnswer));
    assert.deepEqual(sink.violations, []);
    assert.equal(sink.rateLimited, 0);
    const first = sink.writes[0]!;
    // the first sign of work goes out with the first reasoning delta
    assert.equal(first.sentAt, INTERVAL_MS);
    assert.equal(first.content, '-# 💭 Thinking…');
    assert.equal(first.final, false);
    const during = sink.writes.filter((write) => THINKING.test(write.content));
    // 1,500 reasoning deltas, yet no more writes than the pacer's one a second
    assert.ok(during.length <= THINK_MS / 1000 + 1, `${during.length} writes while thinking`);
    assert.ok(during.length >= THINK_MS / 1000 - 5, `only ${during.length} writes while thinking: the status is not live`);
    const times = during.map((write) => write.sentAt);
    for (let index = 1; index < times.length; index += 1) {
      assert.ok(times[index]! - times[index - 1]! >= 1000, `writes ${times[index - 1]} and ${times[index]} ms`);
    }
    for (const write of during.slice(1)) {
      const seconds = Math.floor((write.sentAt - INTERVAL_MS) / 1000);
      assert.equal(write.content, `-# 💭 Thinking… ${seconds} s`, `at ${write.sentAt} ms`);
      assert.equal(write.final, false);
    }
    assert.equal(result.outcome, 'complete');
    assert.equal(result.text, answer);
    assert.equal(result.reasoning, thinking.map((delta) => delta.text).join(''));
    assert.deepEqual(sink.visible(), [answer]);
    assert.deepEqual(sink.store.unfinished(), []);
  });

  it('GIVEN the first answer text THEN the status is gone from the next write on, which edits the same message', async () => {
    const { sink } = await runReply((clock) => timedParts(clock, reasonThenAnswer));
    const firstAnswer = sink.writes.findIndex((write) => write.content.startsWith('Pari'));
    assert.ok(firstAnswer > 0);
    assert.equal(sink.writes[firstAnswer]!.kind, 'edit');
    assert.equal(sink.writes[firstAnswer]!.messageId, sink.writes[0]!.messageId);
    // at the reply's normal pace: within a second of the first answer text (at 30.02 s)
    assert.ok(sink.writes[firstAnswer]!.sentAt <= THINK_MS + INTERVAL_MS + 1100, String(sink.writes[firstAnswer]!.sentAt));
    for (const write of sink.writes.slice(firstAnswer)) assert.doesNotMatch(write.content, THINKING);
    assert.equal(sink.store.order.length, 1);
  });

  it('GIVEN a generous bucket THEN the status is rewritten only when its count of seconds goes up', async () => {
    const { sink } = await runReply((clock) => timedParts(clock, reasonThenAnswer), {
      sink: { limit: 100, windowMs: 1000 },
      options: { minEditIntervalMs: 200 },
    });
    const during = sink.writes.filter((write) => THINKING.test(write.content));
    assert.ok(during.length <= THINK_MS / 1000 + 1, `${during.length} writes while thinking`);
    const contents = during.map((write) => write.content);
    assert.equal(new Set(contents).size, contents.length, 'a status written twice with the same count');
  });

  it('GIVEN a model that pauses between its reasoning and its answer THEN the count goes on meanwhile', async () => {
    const { sink } = await runReply((clock) =>
      timedParts(clock, [{ text: 'hmm', delayMs: 0, reasoning: true }, { text: 'Yes.', delayMs: 10_000 }]),
    );
    const during = sink.writes.filter((write) => THINKING.test(write.content)).map((write) => write.content);
    assert.ok(during.includes('-# 💭 Thinking… 9 s'), String(during));
    assert.deepEqual(sink.visible(), ['Yes.']);
  });

  it('GIVEN whitespace before the answer THEN the status stays until visible text comes', async () => {
    const { sink } = await runReply((clock) =>
      timedParts(clock, [
        { text: 'plan', delayMs: 0, reasoning: true },
        { text: '\n\n', delayMs: 3000 },
        { text: 'Done.', delayMs: 3000 },
      ]),
    );
    const before = sink.writes.filter((write) => write.sentAt < 6000);
    assert.ok(before.every((write) => THINKING.test(write.content)), before.map((write) => write.content).join(' | '));
    assert.deepEqual(sink.visible(), ['\n\nDone.']);
  });

  it('GIVEN localized texts THEN the status uses them', async () => {
    const { sink } = await runReply(
      (clock) => timedParts(clock, [...reasoningDeltas(150, 20), { text: 'Да.', delayMs: 20 }]),
      { options: { texts: { thinking: (seconds) => `-# 💭 Думает… ${seconds} с` } } },
    );
    assert.ok(sink.writes.some((write) => write.content === '-# 💭 Думает… 2 с'));
    assert.deepEqual(sink.visible(), ['Да.']);
  });
});

describe('streamReply: a model that reasons and then does not answer', () => {
  it('GIVEN it fails THEN the reply ends with the failure, never with the status or the marker', async () => {
    const error = new ProviderError({ provider: 'openai', kind: 'timeout', message: 'idle' });
    const { sink, result } = await runReply((clock) => timedParts(clock, reasoningDeltas(250, 20), { error }));
    assert.equal(result.outcome, 'failed');
    assert.deepEqual(sink.visible(), [englishReplyTexts.errorBeforeText(error)]);
    assert.deepEqual(sink.store.unfinished(), []);
    assert.ok(sink.writes.some((write) => THINKING.test(write.content)));
    assert.equal(result.reasoning.length > 0, true);
  });

  it('GIVEN it returns no text THEN the reply says the answer was empty', async () => {
    const { sink, result } = await runReply((clock) => timedParts(clock, reasoningDeltas(250, 20)));
    assert.equal(result.outcome, 'complete');
    assert.equal(result.text, '');
    assert.deepEqual(sink.visible(), [englishReplyTexts.emptyAnswer]);
    assert.deepEqual(sink.store.unfinished(), []);
  });

  it('GIVEN it is stopped while thinking THEN the reply says it was stopped before the model answered', async () => {
    const clock = new ManualClock();
    const sink = new BucketSink({ clock });
    const stream = new PushStream();
    const controller = new AbortController();
    const reply = streamReply({ parts: stream, sink, clock, signal: controller.signal });
    for (let index = 0; index < 200; index += 1) {
      stream.pushReasoning(`thought ${index} `);
      await clock.advance(20);
    }
    controller.abort();
    const result = await clock.run(reply);
    assert.equal(result.outcome, 'aborted');
    assert.deepEqual(sink.visible(), [englishReplyTexts.stoppedBeforeText]);
    assert.deepEqual(sink.store.unfinished(), []);
    for (const content of sink.visible()) assert.ok(!content.endsWith(MARKER));
  });

  it('GIVEN the writes finish THEN no timer is left behind', async () => {
    const { clock } = await runReply((clock) => timedParts(clock, reasoningDeltas(250, 20)));
    assert.equal(clock.pendingTimers, 0);
  });

  it('GIVEN no reasoning THEN nothing changes: no status is ever written', async () => {
    const { sink } = await runReply((clock) => timedParts(clock, evenDeltas(answer, 4, 20)));
    assert.ok(sink.writes.every((write) => !THINKING.test(write.content)));
    assert.ok(okWriteTimes(sink)[0] === 20);
  });
});

describe('streamReply: the thinking status (properties)', () => {
  it('for random reasoning (some of it after the answer began), answers, chunkings, buckets and paces: the pacer holds, the status never outlives the first answer text, the end is exactly the answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        answerText(1, 6000),
        fc.oneof(answerText(1, 9000), fc.constantFrom('', ' ', '\n\n')),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 20 }),
        bucketSettings,
        fc.integer({ min: 0, max: 1500 }),
        fc.nat({ max: 5 }),
        async (reasoning, answer, sizes, delays, bucket, minEditIntervalMs, lateReasoningPieces) => {
          const timed = (pieces: string[], isReasoning: boolean, offset: number) => timedPieces(pieces, delays, isReasoning, offset);
          const reasoningPieces = chunk(reasoning, sizes);
          const late = reasoningPieces.splice(Math.max(1, reasoningPieces.length - lateReasoningPieces));
          const answerPieces = chunk(answer, sizes);
          // reasoning that comes after the answer began (some models interleave) is never shown
          const deltas = [
            ...timed(reasoningPieces, true, 0),
            ...timed(answerPieces.slice(0, 1), false, 1),
            ...timed(late, true, 2),
            ...timed(answerPieces.slice(1), false, 3),
          ];
          const { sink, result } = await runReply((clock) => timedParts(clock, deltas), { sink: bucket, options: { minEditIntervalMs } });
          assert.deepEqual(sink.violations, []);
          assert.equal(sink.rateLimited, 0);
          assert.equal(result.outcome, 'complete');
          assert.equal(result.text, answer);
          assert.equal(result.reasoning, reasoning);
          const answered = /\S/.test(answer);
          assert.deepEqual(sink.visible(), answered ? splitMessages(answer) : [englishReplyTexts.emptyAnswer]);
          assert.deepEqual(sink.store.unfinished(), []);
          const firstNotStatus = sink.writes.findIndex((write) => !THINKING.test(write.content));
          assert.ok(firstNotStatus > 0, 'the first write is the status');
          for (const [index, write] of sink.writes.entries()) {
            if (index < firstNotStatus) {
              assert.equal(write.content, englishReplyTexts.thinking(Math.floor((write.sentAt - delays[0]!) / 1000)));
              assert.equal(write.final, false, 'a status write marked final');
            } else assert.doesNotMatch(write.content, THINKING, `write ${index} shows the status after the answer began`);
          }
          // the status is rewritten at the reply's pace, and only when its count went up
          const status = sink.writes.slice(0, firstNotStatus);
          for (let index = 1; index < status.length; index += 1) {
            assert.ok(status[index]!.sentAt - status[index - 1]!.sentAt >= minEditIntervalMs, `status writes at ${status.map((write) => write.sentAt).join(', ')} ms`);
            assert.notEqual(status[index]!.content, status[index - 1]!.content, 'the same status written twice');
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
