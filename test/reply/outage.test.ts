import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { SinkError } from '../../src/reply/message-sink.ts';
import { outageRetryDelayMs } from '../../src/reply/outage-retry.ts';
import { englishReplyTexts } from '../../src/reply/reply-texts.ts';
import { FINAL_WRITE_PATIENCE_MS, streamReply, type ReplyOptions } from '../../src/reply/reply-streamer.ts';
import { BucketSink, type RecordedWrite } from './support/bucket-sink.ts';
import { runReply } from './support/harness.ts';
import { evenDeltas, PushStream, timedParts } from './support/parts.ts';

const prose = 'All work and no play makes a dull answer. '.repeat(20);
const unavailable = () => new SinkError({ reason: 'other', status: 503, message: '503 Service Unavailable' });
/** Discord answers 503 to every write sent in [from, until). */
const downBetween = (from: number, until: number) => (write: RecordedWrite) =>
  write.sentAt >= from && write.sentAt < until ? unavailable() : undefined;
const noJitter: ReplyOptions = { random: () => 0 };

/** A reply on simulated time to a model fed by hand, into a sink failing as `failWith` says, that the test can stop. */
function stoppableReply(failWith: (write: RecordedWrite) => SinkError | undefined) {
  const clock = new ManualClock();
  const sink = new BucketSink({ clock, failWith });
  const stream = new PushStream();
  const controller = new AbortController();
  const reply = streamReply({ parts: stream, sink, clock, signal: controller.signal, options: noJitter });
  return { clock, sink, stream, controller, reply };
}

/** The model says `w0 `, `w1 ` … one word every 100 ms of simulated time. */
async function pushWords(stream: PushStream, clock: ManualClock, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    stream.push(`w${index} `);
    await clock.advance(100);
  }
}

describe('outageRetryDelayMs', () => {
  it('doubles from 1 s to a cap of 8 s', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 20].map((attempt) => outageRetryDelayMs(attempt, () => 0)), [1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('takes up to a quarter off at random', () => {
    assert.equal(outageRetryDelayMs(4, () => 0.999999), 6000);
    assert.equal(outageRetryDelayMs(1, () => 0.5), 875);
  });
});

describe('streamReply: Discord failing writes (5xx, network errors)', () => {
  it('GIVEN the first write (the deferred reply) fails with 503 for 3 s THEN it is retried and the reply ends exact', async () => {
    const { sink, result } = await runReply((clock) => timedParts(clock, evenDeltas(prose, 10, 50)), {
      sink: { failWith: downBetween(0, 3000) },
      options: noJitter,
    });
    assert.equal(result.outcome, 'complete');
    assert.deepEqual(sink.visible(), [prose]);
    const failed = sink.writes.filter((write) => write.outcome === 'other');
    assert.ok(failed.length >= 2, 'the first create failed more than once');
    assert.ok(failed.every((write) => write.kind === 'create'));
    assert.deepEqual(sink.store.unfinished(), []);
  });

  it('GIVEN an outage of 20 s mid-answer THEN the text keeps accumulating and the first write after it shows all of it', async () => {
    const text = 'word '.repeat(300);
    const { sink, result } = await runReply((clock) => timedParts(clock, evenDeltas(text, 5, 100)), {
      sink: { failWith: downBetween(2000, 22_000) },
      options: noJitter,
    });
    assert.equal(result.outcome, 'complete');
    assert.deepEqual(sink.visible(), [text]);
    const failures = sink.writes.filter((write) => write.outcome === 'other');
    // back-off 1, 2, 4, 8, 8 s: a handful of tries in 20 s, not one per delta
    assert.ok(failures.length >= 4 && failures.length <= 6, `${failures.length} failed writes`);
    const gaps = failures.slice(1).map((write, index) => write.sentAt - failures[index]!.sentAt);
    assert.ok(gaps.every((gap) => gap <= 8000 + 200), `gaps ${gaps.join(', ')}`);
    const firstAfter = sink.writes.find((write) => write.sentAt >= 22_000 && write.outcome === 'ok')!;
    const deltasByThen = Math.floor(firstAfter.sentAt / 100);
    assert.ok(firstAfter.content.length >= Math.min(text.length, deltasByThen * 5) - 5, 'the write after the outage carries the newest text');
  });

  it('GIVEN Discord down for longer than the retry window THEN the model is let go and the text so far ends with a note once Discord is back', async () => {
    const clock = new ManualClock();
    const sink = new BucketSink({ clock, failWith: downBetween(1500, 80_000) });
    const stream = new PushStream();
    let modelReleased = 0;
    const reply = streamReply({
      parts: stream,
      sink,
      clock,
      options: { ...noJitter, retryWindowMs: 30_000, onModelNotNeeded: () => (modelReleased += 1) },
    });
    await pushWords(stream, clock, 300);
    const result = await clock.run(reply);
    assert.equal(modelReleased, 1);
    assert.equal(result.outcome, 'failed');
    assert.ok(result.error instanceof SinkError);
    const [shown] = sink.visible();
    assert.ok(shown!.endsWith(`\n\n${englishReplyTexts.unreachableCutShort}`), shown);
    // everything the model said within the window is kept
    assert.ok(shown!.includes('w299 '), 'text from the whole window');
    assert.deepEqual(sink.store.unfinished(), [], 'the marker and controls are gone');
  });

  it('GIVEN Discord never comes back THEN the reply gives up after the window and the patience, leaving its message unfinished', async () => {
    const clock = new ManualClock();
    const sink = new BucketSink({ clock, failWith: downBetween(1500, Number.POSITIVE_INFINITY) });
    const result = await clock.run(
      streamReply({ parts: timedParts(clock, evenDeltas(prose, 10, 50)), sink, clock, options: { ...noJitter, retryWindowMs: 10_000 } }),
    );
    assert.equal(result.outcome, 'sink-failed');
    assert.equal(result.sinkError?.reason, 'other');
    assert.equal(sink.store.unfinished().length, 1, 'left for the crash journal to mark at the next start');
    assert.ok(clock.now() >= 10_000 + FINAL_WRITE_PATIENCE_MS);
  });

  it('GIVEN the reply is stopped (a shutdown) during an outage THEN it resolves without waiting for Discord', async () => {
    const { clock, sink, stream, controller, reply } = stoppableReply(downBetween(1500, Number.POSITIVE_INFINITY));
    await pushWords(stream, clock, 50);
    controller.abort();
    const started = clock.now();
    const result = await clock.run(reply);
    assert.equal(result.outcome, 'sink-failed');
    assert.ok(clock.now() - started < 10_000, `resolved ${clock.now() - started} ms after the stop`);
  });

  it('GIVEN the model finishes during an outage that outlasts the retry window THEN the final writes wait for Discord and show the whole answer', async () => {
    const { clock, sink, result } = await runReply((clock) => timedParts(clock, evenDeltas(prose, 10, 20)), {
      sink: { failWith: downBetween(300, 120_000) },
      options: { ...noJitter, retryWindowMs: 30_000 },
    });
    assert.equal(result.outcome, 'complete');
    assert.deepEqual(sink.visible(), [prose], 'the whole answer, without a note: nothing was lost');
    assert.deepEqual(sink.store.unfinished(), []);
    assert.ok(clock.now() >= 120_000);
  });

  it('GIVEN a reply stopped (its Stop button) while Discord fails writes for 2 s THEN its final write is retried and shows the stop note', async () => {
    let downFrom = Number.POSITIVE_INFINITY;
    const { clock, sink, stream, controller, reply } = stoppableReply((write) => (write.sentAt >= downFrom && write.sentAt < downFrom + 2000 ? unavailable() : undefined));
    await pushWords(stream, clock, 30);
    downFrom = clock.now();
    controller.abort();
    const result = await clock.run(reply);
    assert.equal(result.outcome, 'aborted');
    assert.ok(sink.writes.some((write) => write.outcome === 'other'), 'the stop note met the outage');
    assert.ok(sink.visible()[0]!.endsWith(`\n\n${englishReplyTexts.stopped}`), sink.visible()[0]);
    assert.deepEqual(sink.store.unfinished(), [], 'no marker, no Stop button left');
  });

  it('GIVEN the reply is stopped while its final writes wait out an outage THEN it resolves at once, leaving its message for the journal', async () => {
    const { clock, sink, stream, controller, reply } = stoppableReply(downBetween(1500, Number.POSITIVE_INFINITY));
    await pushWords(stream, clock, 30);
    stream.finish();
    // the model is done: only the final writes are left, failing and backing off
    await clock.advance(20_000);
    const failedBefore = sink.writes.filter((write) => write.outcome === 'other').length;
    assert.ok(failedBefore >= 3, `${failedBefore} failed writes`);
    controller.abort();
    const stoppedAt = clock.now();
    const result = await clock.run(reply);
    assert.equal(result.outcome, 'sink-failed');
    assert.equal(clock.now(), stoppedAt, 'no further wait for Discord');
    assert.equal(sink.writes.filter((write) => write.outcome === 'other').length, failedBefore, 'no write after the stop');
    assert.equal(sink.store.unfinished().length, 1);
  });

  it('GIVEN Discord refuses a write for good (10008) during an outage THEN it stops at once', async () => {
    const { result } = await runReply((clock) => timedParts(clock, evenDeltas(prose, 10, 50)), {
      sink: {
        failWith: (write) => (write.sentAt >= 1500 && write.sentAt < 4000 ? unavailable() : write.sentAt >= 4000 ? new SinkError({ reason: 'gone', discordCode: 10008 }) : undefined),
      },
      options: noJitter,
    });
    assert.equal(result.outcome, 'sink-failed');
    assert.equal(result.sinkError?.reason, 'gone');
  });
});
