import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { streamReply } from '../../src/reply/reply-streamer.ts';
import { splitMessages } from '../../src/reply/split.ts';
import { BucketSink } from './support/bucket-sink.ts';
import { okWriteTimes, runReply } from './support/harness.ts';
import { evenDeltas, PushStream, timedParts } from './support/parts.ts';

const MARKER = ' ▌';
const prose = (words: number): string =>
  Array.from({ length: words }, (_, index) => `word${index}${index % 40 === 39 ? '.\n\n' : ' '}`).join('');

describe('streamReply: pacing', () => {
  it('GIVEN the first delta THEN it is written at once, with the marker', async () => {
    const { sink, result } = await runReply((clock) =>
      timedParts(clock, [{ text: 'Hello', delayMs: 700 }, { text: ' world', delayMs: 3000 }]),
    );
    assert.equal(sink.writes[0]!.sentAt, 700);
    assert.equal(sink.writes[0]!.content, `Hello${MARKER}`);
    assert.equal(result.outcome, 'complete');
    assert.deepEqual(sink.visible(), ['Hello world']);
  });

  it('GIVEN a steady stream and a 5 per 5 s bucket THEN one write at a time, about one a second, newest text each time', async () => {
    const text = prose(1000);
    const deltas = evenDeltas(text, 5, 20);
    const { sink, result, clock } = await runReply((clock) => timedParts(clock, deltas));
    assert.deepEqual(sink.violations, []);
    assert.equal(sink.rateLimited, 0);
    const times = okWriteTimes(sink);
    const streamedMs = deltas.length * 20;
    assert.ok(times.length <= Math.ceil(streamedMs / 1000) + 6, `${times.length} writes in ${streamedMs} ms`);
    assert.ok(times.length >= Math.floor(streamedMs / 1100), `only ${times.length} writes in ${streamedMs} ms`);
    for (const write of sink.writes.filter((write) => write.kind === 'edit' && write.content.endsWith(MARKER))) {
      // newest wins: the edit holds everything that had arrived when it was sent
      const arrived = Math.floor(write.sentAt / 20) * 5;
      const shown = write.content.slice(0, -MARKER.length);
      const newest = [arrived, arrived - 5].some((end) => shown.endsWith(text.slice(end - 30, end)));
      assert.ok(newest, `edit at ${write.sentAt} ms does not end with the text arrived by then`);
    }
    assert.deepEqual(sink.visible(), splitMessages(text));
    assert.equal(result.text, text);
    assert.ok(clock.now() < streamedMs + 2000);
  });

  it('GIVEN a tighter bucket (3 per 5 s) THEN the writes spread over the window and none is refused', async () => {
    const deltas = evenDeltas(prose(600), 4, 20);
    const { sink } = await runReply((clock) => timedParts(clock, deltas), { sink: { limit: 3, windowMs: 5000 } });
    assert.deepEqual(sink.violations, []);
    assert.equal(sink.rateLimited, 0);
    const edits = sink.writes.filter((write) => write.kind === 'edit').map((write) => write.sentAt);
    const gaps = edits.slice(1).map((time, index) => time - edits[index]!);
    const median = gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!;
    assert.ok(median >= 1600 && median <= 1900, `median gap ${median} ms`);
  });

  it('GIVEN a bucket reported empty THEN nothing is written before it resets', async () => {
    const deltas = evenDeltas(prose(300), 5, 20);
    const { sink } = await runReply((clock) => timedParts(clock, deltas), {
      sink: { limit: 2, windowMs: 10_000 },
      options: { minEditIntervalMs: 0 },
    });
    assert.deepEqual(sink.violations, []);
    assert.equal(sink.rateLimited, 0);
    // the second write of a window is spread to its middle, the next waits for the reset
    const applied = sink.writes.map((write) => write.appliedAt!);
    assert.ok(applied[1]! - applied[0]! >= 5000, String(applied));
    assert.ok(applied[2]! - applied[0]! >= 10_000, String(applied));
  });

  it('GIVEN no rate-limit headers THEN the minimum interval alone paces the writes', async () => {
    const deltas = evenDeltas(prose(200), 5, 20);
    const { sink } = await runReply((clock) => timedParts(clock, deltas), {
      sink: { reportHeaders: false, limit: 1000 },
      options: { minEditIntervalMs: 1500 },
    });
    const times = okWriteTimes(sink);
    const streamedMs = deltas.length * 20;
    assert.ok(times.length >= Math.floor(streamedMs / 1500), `only ${times.length} writes in ${streamedMs} ms`);
    for (let index = 1; index < times.length; index += 1) {
      const gap = times[index]! - times[index - 1]!;
      // at the minimum interval, not slower: the pacer has nothing else to go by
      assert.ok(gap >= 1500 && gap <= 1600, `gap ${gap} ms`);
    }
  });

  it('GIVEN a generous bucket THEN the minimum interval still holds', async () => {
    const deltas = evenDeltas(prose(200), 5, 20);
    const { sink } = await runReply((clock) => timedParts(clock, deltas), {
      sink: { limit: 100, windowMs: 1000 },
      options: { minEditIntervalMs: 400 },
    });
    const edits = sink.writes.filter((write) => write.kind === 'edit').map((write) => write.sentAt);
    const gaps = edits.slice(1).map((time, index) => time - edits[index]!);
    assert.ok(gaps.every((gap) => gap >= 400), String(gaps));
    assert.ok(gaps.filter((gap) => gap <= 450).length > gaps.length / 2, 'should use the room it has');
  });

  it('GIVEN two replies at once THEN neither waits for the other', async () => {
    const clock = new ManualClock();
    const first = new BucketSink({ clock, bucket: 'a' });
    const second = new BucketSink({ clock, bucket: 'b' });
    const text = prose(150);
    const replies = Promise.all([
      streamReply({ parts: timedParts(clock, evenDeltas(text, 5, 20)), sink: first, clock }),
      streamReply({ parts: timedParts(clock, evenDeltas(text, 5, 20)), sink: second, clock }),
    ]);
    await clock.run(replies);
    assert.deepEqual(okWriteTimes(first), okWriteTimes(second));
    assert.deepEqual(first.visible(), [text]);
  });

  it('GIVEN text arriving in a burst after a pause THEN it is written at once when the bucket allows', async () => {
    const { sink } = await runReply((clock) =>
      timedParts(clock, [
        { text: 'first', delayMs: 0 },
        { text: ' second', delayMs: 5000 },
        { text: ' third', delayMs: 5000 },
      ]),
    );
    assert.deepEqual(
      sink.writes.map((write) => [write.sentAt, write.content]),
      [
        [0, `first${MARKER}`],
        [5000, `first second${MARKER}`],
        [10_000, `first second third${MARKER}`],
        [11_000, 'first second third'],
      ],
    );
  });
});

describe('streamReply: content', () => {
  it('GIVEN an open code block while streaming THEN the view closes it, and the final text is exact', async () => {
    const stream = new PushStream();
    const clock = new ManualClock();
    const sink = new BucketSink({ clock });
    const reply = streamReply({ parts: stream, sink, clock });
    stream.push('Look:\n```ts\nconst a = 1;');
    await clock.advance(200);
    assert.equal(sink.writes[0]!.content, `Look:\n\`\`\`ts\nconst a = 1;\n\`\`\`${MARKER}`);
    stream.push('\n```\nDone.');
    stream.finish();
    await clock.run(reply);
    assert.deepEqual(sink.visible(), ['Look:\n```ts\nconst a = 1;\n```\nDone.']);
  });

  it('GIVEN a long answer THEN it continues in new messages and ends as the whole-text split', async () => {
    const text = `${prose(700)}\n\`\`\`python\n${'print("line")\n'.repeat(200)}\`\`\`\n${prose(300)}`;
    const { sink, result } = await runReply((clock) => timedParts(clock, evenDeltas(text, 7, 20)));
    assert.deepEqual(sink.violations, []);
    const visible = sink.visible();
    assert.ok(visible.length >= 4);
    assert.deepEqual(visible, splitMessages(text));
    assert.deepEqual(result.messageIds, sink.store.order);
    // a continuation message is created right after its predecessor is finished
    for (const [index, write] of sink.writes.entries()) {
      if (write.kind !== 'create' || index === 0) continue;
      const previous = sink.writes[index - 1]!;
      assert.equal(write.sentAt, previous.sentAt + 100, `create ${index} waited`);
    }
  });

  it('GIVEN a streaming answer THEN writes say whether they are final: streaming views are not, each message ends final', async () => {
    const text = prose(900);
    const { sink } = await runReply((clock) => timedParts(clock, evenDeltas(text, 9, 20)));
    for (const write of sink.writes) assert.equal(write.final, !write.content.endsWith(MARKER), `write ${write.content.slice(-20)}`);
    assert.ok(sink.store.order.length >= 2);
    assert.deepEqual(sink.store.unfinished(), []);
  });

  it('GIVEN a streaming view that already shows the final text THEN one more edit marks it final', async () => {
    // 1999 characters: no room for the marker while streaming, so the view is the final text
    const text = `${'x'.repeat(1998)}.`;
    const stream = new PushStream();
    const clock = new ManualClock();
    const sink = new BucketSink({ clock });
    const reply = streamReply({ parts: stream, sink, clock });
    stream.push(text);
    await clock.advance(2000);
    assert.deepEqual(sink.writes.map((write) => [write.content.length, write.final]), [[1999, false]]);
    stream.finish();
    await clock.run(reply);
    assert.deepEqual(sink.writes.map((write) => [write.kind, write.content.length, write.final]), [['create', 1999, false], ['edit', 1999, true]]);
  });

  it('GIVEN a custom marker and limit THEN they are used', async () => {
    const text = prose(100);
    const { sink } = await runReply((clock) => timedParts(clock, evenDeltas(text, 5, 20)), {
      options: { typingMarker: '…', maxLength: 300 },
      sink: { maxLength: 300 },
    });
    assert.ok(sink.writes.some((write) => write.content.endsWith('…')));
    assert.deepEqual(sink.visible(), splitMessages(text, 300));
  });

  it('GIVEN an empty answer THEN the reply still says something', async () => {
    const { sink, result } = await runReply((clock) => timedParts(clock, []));
    assert.deepEqual(sink.visible(), ['-# (The model returned an empty answer.)']);
    assert.equal(result.outcome, 'complete');
    const blank = await runReply((clock) => timedParts(clock, [{ text: '\n  \n', delayMs: 10 }]));
    assert.deepEqual(blank.sink.visible(), ['-# (The model returned an empty answer.)']);
    assert.equal(blank.result.text, '\n  \n');
  });

  it('GIVEN an answer cut by the length limit THEN a note says so after the exact text', async () => {
    const { sink, result } = await runReply((clock) => timedParts(clock, [{ text: 'Partial', delayMs: 0 }], { reason: 'length' }));
    assert.deepEqual(sink.visible(), ["Partial\n\n-# ⚠️ The answer reached the model's length limit."]);
    assert.equal(result.outcome, 'complete');
    assert.equal(result.finish?.reason, 'length');
  });

  it('GIVEN a model that degenerates into whitespace for pages THEN no blank message is written and the rest still shows', async () => {
    const text = `${prose(300)}${' \n'.repeat(3000)}\n\nAnd back to words.`;
    const { sink, result } = await runReply((clock) => timedParts(clock, evenDeltas(text, 40, 20)));
    assert.deepEqual(sink.violations, [], 'a blank write, or a write Discord would refuse');
    assert.equal(result.outcome, 'complete');
    assert.equal(result.text, text);
    const visible = sink.visible();
    assert.deepEqual(visible, splitMessages(text));
    assert.equal(visible.at(-1), 'And back to words.');
  });

  it('GIVEN leading whitespace deltas THEN nothing is written until there is text', async () => {
    const { sink } = await runReply((clock) =>
      timedParts(clock, [
        { text: '\n', delayMs: 0 },
        { text: 'Hi', delayMs: 300 },
      ]),
    );
    assert.equal(sink.writes[0]!.sentAt, 300);
    assert.deepEqual(sink.visible(), ['\nHi']);
  });
});
