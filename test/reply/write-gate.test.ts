import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { streamReply } from '../../src/reply/reply-streamer.ts';
import type { TurnWait } from '../../src/reply/budget-queue.ts';
import { WriteGate } from '../../src/reply/write-gate.ts';
import { BucketSink } from './support/bucket-sink.ts';
import { evenDeltas, timedParts } from './support/parts.ts';

const MARKER = ' ▌';

describe('WriteGate', () => {
  it('GIVEN 4 writes per second THEN turns are granted first come, first served, 250 ms apart', async () => {
    const clock = new ManualClock();
    const gate = new WriteGate({ writesPerSecond: 4, clock });
    const granted: Array<[string, number]> = [];
    for (const name of ['a', 'b', 'c']) void gate.waitForTurn().then(() => granted.push([name, clock.now()]));
    await clock.advance(1000);
    assert.deepEqual(granted, [['a', 0], ['b', 250], ['c', 500]]);
    void gate.waitForTurn().then(() => granted.push(['d', clock.now()]));
    await clock.advance(0);
    assert.deepEqual(granted.at(-1), ['d', 1000], 'an idle gate grants at once');
  });

  it('GIVEN updates promoted after 500 ms AND urgent writes arriving faster than the gate serves them THEN an update waits 500 ms, then goes first of the urgent writes, all of which came after it', async () => {
    const clock = new ManualClock();
    const gate = new WriteGate({ writesPerSecond: 10, clock, promoteUpdatesAfterMs: 500 });
    const granted: Array<[string, number]> = [];
    const wait = (name: string, urgent: boolean) => void gate.waitForTurn(urgent).then(() => granted.push([name, clock.now()]));
    // two urgent writes every 100 ms, twice the rate: the gate is never free for the update
    const urgentPair = (at: number) => {
      wait(`urgent ${at} a`, true);
      wait(`urgent ${at} b`, true);
    };
    urgentPair(0);
    wait('update', false);
    for (let at = 100; at < 1000; at += 100) clock.setTimeout(() => urgentPair(at), at);
    await clock.advance(3000);
    const update = granted.findIndex(([name]) => name === 'update');
    assert.equal(granted[update]![1], 500, 'the first turn once it has waited 500 ms');
    assert.equal(granted[update - 1]![1], 400);
    assert.deepEqual(granted.slice(update - 1, update + 2).map(([name]) => name), ['urgent 200 a', 'update', 'urgent 200 b'], 'it waited longest, so it goes ahead of the urgent writes still waiting');
    assert.equal(granted.length, 21);
  });

  it('GIVEN urgent writes and updates waiting THEN urgent ones (first, final) go ahead, each kind in arrival order', async () => {
    const clock = new ManualClock();
    const gate = new WriteGate({ writesPerSecond: 10, clock });
    const granted: string[] = [];
    const wait = (name: string, first: boolean) => void gate.waitForTurn(first).then(() => granted.push(name));
    wait('update a', false);
    wait('update b', false);
    wait('first c', true);
    wait('update d', false);
    wait('first e', true);
    await clock.advance(1000);
    assert.deepEqual(granted, ['update a', 'first c', 'first e', 'update b', 'update d']);
  });

  it('GIVEN a reply waiting for an update’s turn WHEN its answer ends THEN its final write leaves the updates and asks again as urgent', async () => {
    const clock = new ManualClock();
    const gate = new WriteGate({ writesPerSecond: 2, clock });
    const sink = Object.assign(new BucketSink({ clock, bucket: 'channel-a', latencyMs: 0 }), {
      waitForTurn: (urgent: boolean, wait?: TurnWait) => gate.waitForTurn(urgent, wait),
    });
    // other replies' first and final writes, 4 a second against 2 for 10 s: no turn is free for an update until they end, at 20 s
    for (let at = 1; at < 10_000; at += 250) clock.setTimeout(() => void gate.waitForTurn(true), at);
    // 4 s of answer: the reply asks for an update's turn while it streams
    const text = 'word '.repeat(40);
    const reply = streamReply({ parts: timedParts(clock, evenDeltas(text, 5, 100)), sink, clock, options: { minEditIntervalMs: 0 } });
    const result = await clock.run(reply);
    assert.equal(result.outcome, 'complete');
    assert.deepEqual(sink.visible(), [text]);
    const final = sink.writes.at(-1)!;
    assert.equal(final.final, true);
    // the urgent writes waiting when the answer ended (at 4.1 s) take 5 s; as an update it would have waited until 20 s
    assert.ok(final.sentAt < 10_000, `the final write went at ${final.sentAt} ms, behind the urgent writes of that time only`);
    assert.equal(sink.writes.length, 2, 'its first write, then the final one: the update it waited for was never written');
  });

  it('GIVEN one reply’s final write and another’s first waiting for turns THEN the one whose text has waited longer goes first, whichever asked first', async () => {
    const clock = new ManualClock();
    const gate = new WriteGate({ writesPerSecond: 1, clock });
    const sinkOf = (bucket: string) =>
      Object.assign(new BucketSink({ clock, bucket, latencyMs: 0 }), { waitForTurn: (urgent: boolean, wait?: TurnWait) => gate.waitForTurn(urgent, wait) });
    const early = sinkOf('channel-early');
    const late = sinkOf('channel-late');
    // another reply's urgent writes at 0, 1, 2 and 3 s keep the gate busy: each turn goes to the oldest text waiting
    for (let at = 0; at < 4000; at += 1000) clock.setTimeout(() => void gate.waitForTurn(true), at);
    // early: text at 1 ms (written at 1 s), more at 1.2 s, done at 1.8 s; late: its first text at 1.5 s
    const replies = [
      streamReply({ parts: timedParts(clock, [{ text: 'early one ', delayMs: 1 }, { text: 'early two', delayMs: 1199 }], { delayMs: 600 }), sink: early, clock, options: { minEditIntervalMs: 0 } }),
      streamReply({ parts: timedParts(clock, [{ text: 'late', delayMs: 1500 }]), sink: late, clock, options: { minEditIntervalMs: 0 } }),
    ];
    await clock.run(Promise.all(replies));
    const writes = [...early.writes.map((write) => ({ ...write, reply: 'early' })), ...late.writes.map((write) => ({ ...write, reply: 'late' }))].sort((a, b) => a.sentAt - b.sentAt);
    assert.deepEqual(
      writes.map((write) => `${write.reply} ${write.kind} at ${write.sentAt} ms`),
      ['early create at 1000 ms', 'early edit at 3000 ms', 'late create at 4000 ms'],
      'early’s final write (its text from 1.2 s; asked at 1.8 s) goes before late’s first (from 1.5 s, asked then)',
    );
    assert.deepEqual([early.visible(), late.visible()], [['early one early two'], ['late']]);
  });

  it('GIVEN replies sharing a gate THEN their writes never exceed its rate and each write carries the newest text', async () => {
    const clock = new ManualClock();
    const gate = new WriteGate({ writesPerSecond: 2, clock });
    const texts = ['alpha '.repeat(60), 'beta '.repeat(70), 'gamma '.repeat(50)];
    const sinks = texts.map((_, index) => {
      const sink = new BucketSink({ clock, bucket: `channel-${index}`, latencyMs: 0 });
      return Object.assign(sink, { waitForTurn: (urgent: boolean) => gate.waitForTurn(urgent) });
    });
    const replies = texts.map((text, index) =>
      streamReply({ parts: timedParts(clock, evenDeltas(text, 6, 50)), sink: sinks[index]!, clock, options: { minEditIntervalMs: 0 } }),
    );
    const results = await clock.run(Promise.all(replies));
    const starts = sinks.flatMap((sink) => sink.writes.map((write) => write.sentAt)).sort((a, b) => a - b);
    for (let index = 1; index < starts.length; index += 1) assert.ok(starts[index]! - starts[index - 1]! >= 500, `writes at ${starts[index - 1]} and ${starts[index]} ms`);
    sinks.forEach((sink, index) => {
      const text = texts[index]!;
      const streaming = sink.writes.filter((candidate) => candidate.content.endsWith(MARKER));
      assert.ok(streaming.length >= 1, `reply ${index} showed no streaming write to check`);
      for (const write of streaming) {
        // a delta lands every 50 ms; one landing in the very same millisecond may or may not be in
        const arrived = Math.min(text.length, Math.floor(write.sentAt / 50) * 6);
        const fresh = [arrived, arrived - 6].map((end) => `${text.slice(0, end)}${MARKER}`);
        assert.ok(fresh.includes(write.content), `reply ${index} at ${write.sentAt} ms shows stale text: ${write.content.length} characters`);
      }
      assert.equal(results[index]?.outcome, 'complete');
      assert.deepEqual(sink.visible(), [text]);
    });
  });
});
