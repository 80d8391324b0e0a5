/**
 * The thinking status against the rest of the reply's policy (issue 8): Discord failing writes,
 * the retry window, the message cap, 429s. The status is one more thing a write may show, never
 * a reason for a write the pacer, the back-off or the cap would not allow.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { SinkError } from '../../src/reply/message-sink.ts';
import { outageRetryDelayMs } from '../../src/reply/outage-retry.ts';
import { englishReplyTexts } from '../../src/reply/reply-texts.ts';
import { streamReply, type ReplyOptions } from '../../src/reply/reply-streamer.ts';
import { BucketSink, type RecordedWrite } from './support/bucket-sink.ts';
import { runReply } from './support/harness.ts';
import { evenDeltas, PushStream, reasoningDeltas, timedParts } from './support/parts.ts';

const THINKING = /Thinking…/;
const MARKER = ' ▌';
const unavailable = () => new SinkError({ reason: 'other', status: 503, message: '503 Service Unavailable' });
/** Discord answers 503 to every write sent in [from, until). */
const downBetween = (from: number, until: number) => (write: RecordedWrite) =>
  write.sentAt >= from && write.sentAt < until ? unavailable() : undefined;
const noJitter: ReplyOptions = { random: () => 0 };

describe('streamReply: the thinking status while Discord fails writes', () => {
  it('GIVEN an outage of 20 s while the model thinks THEN retries follow the back-off (the status count is no reason to write), and the answer ends exact', async () => {
    const answer = 'The answer, after a long thought.';
    const { sink, result } = await runReply(
      (clock) => timedParts(clock, [...reasoningDeltas(1500, 20), ...evenDeltas(answer, 5, 20)]),
      { sink: { failWith: downBetween(2000, 22_000) }, options: noJitter },
    );
    assert.equal(result.outcome, 'complete');
    assert.deepEqual(sink.visible(), [answer]);
    assert.deepEqual(sink.store.unfinished(), []);
    const failures = sink.writes.filter((write) => write.outcome === 'other');
    assert.ok(failures.length >= 4, `${failures.length} failed writes`);
    // each retry waits at least its back-off after the failure before it (a write takes 100 ms)
    for (let index = 1; index < failures.length; index += 1) {
      const gap = failures[index]!.sentAt - failures[index - 1]!.sentAt;
      assert.ok(gap >= outageRetryDelayMs(index, () => 0), `retry ${index} came ${gap} ms after the failure before it`);
    }
    assert.ok(failures.every((write) => THINKING.test(write.content)), 'the failed writes were status writes');
  });

  it('GIVEN Discord down past the retry window while the model thinks THEN the model is let go and the reply says Discord could not be reached, never the status', async () => {
    const clock = new ManualClock();
    const sink = new BucketSink({ clock, failWith: downBetween(1500, 80_000) });
    const stream = new PushStream();
    let modelReleased = 0;
    const reply = streamReply({ parts: stream, sink, clock, options: { ...noJitter, retryWindowMs: 30_000, onModelNotNeeded: () => (modelReleased += 1) } });
    for (let index = 0; index < 400; index += 1) {
      stream.pushReasoning(`thought ${index} `);
      await clock.advance(100);
    }
    const result = await clock.run(reply);
    assert.equal(modelReleased, 1);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.text, '');
    assert.ok(result.reasoning.startsWith('thought 0 thought 1 '));
    assert.deepEqual(sink.visible(), [englishReplyTexts.unreachableBeforeText]);
    assert.deepEqual(sink.store.unfinished(), []);
  });

  it('GIVEN the inline block is showing when Discord stays down past the window THEN the block stays, with the note below it', async () => {
    const clock = new ManualClock();
    const sink = new BucketSink({ clock, failWith: downBetween(1500, 80_000) });
    const stream = new PushStream();
    const reply = streamReply({ parts: stream, sink, clock, options: { ...noJitter, retryWindowMs: 30_000, reasoningDisplay: 'inline' } });
    for (let index = 0; index < 400; index += 1) {
      stream.pushReasoning(`thought ${index} `);
      await clock.advance(100);
    }
    const result = await clock.run(reply);
    assert.equal(result.outcome, 'failed');
    const visible = sink.visible();
    assert.ok(visible[0]!.startsWith(`${englishReplyTexts.reasoningHeading}\n> thought 0 `), visible[0]);
    // the note goes below the block's last message, or on its own when that one is full
    const last = visible.at(-1)!;
    assert.ok(last === englishReplyTexts.unreachableCutShort || last.endsWith(`\n\n${englishReplyTexts.unreachableCutShort}`), last);
    assert.ok(visible.slice(0, -1).every((content) => !content.includes(englishReplyTexts.unreachableCutShort)));
    for (const content of visible) assert.ok(!content.endsWith(MARKER) && content.length <= 2000);
    assert.deepEqual(sink.store.unfinished(), []);
  });
});

describe('streamReply: the thinking status and the other limits', () => {
  it('GIVEN a small bucket THEN the status writes never break it (no 429, no violation)', async () => {
    const { sink, result } = await runReply((clock) => timedParts(clock, [...reasoningDeltas(1500, 20), ...evenDeltas('Done.', 5, 20)]), {
      sink: { limit: 2, windowMs: 5000 },
    });
    assert.equal(result.outcome, 'complete');
    assert.deepEqual(sink.violations, []);
    assert.equal(sink.rateLimited, 0);
    const during = sink.writes.filter((write) => THINKING.test(write.content));
    // two writes per 5 s window over 30 s of thinking
    assert.ok(during.length >= 6 && during.length <= 14, `${during.length} status writes`);
  });

  it('GIVEN a message cap of 1 and a long answer after thinking THEN the answer is cut with the note; the status is never final', async () => {
    const answer = 'word '.repeat(1000);
    const { sink, result } = await runReply((clock) => timedParts(clock, [...reasoningDeltas(200, 20), ...evenDeltas(answer, 50, 20)]), {
      options: { maxMessages: 1 },
    });
    assert.equal(result.outcome, 'complete');
    const visible = sink.visible();
    assert.equal(visible.length, 1);
    assert.ok(visible[0]!.startsWith('word word'), visible[0]);
    assert.ok(visible[0]!.endsWith(englishReplyTexts.messageCapNote(1)));
    assert.ok(visible[0]!.length <= 2000);
    assert.ok(sink.writes.filter((write) => write.final).every((write) => !THINKING.test(write.content)));
    assert.deepEqual(sink.store.unfinished(), []);
  });
});
