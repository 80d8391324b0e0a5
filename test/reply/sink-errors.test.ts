import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { SinkError, sinkErrorReasonFor, type MessageSink, type SinkErrorReason } from '../../src/reply/message-sink.ts';
import { FINAL_WRITE_PATIENCE_MS, streamReply, type SinkFailureDecision } from '../../src/reply/reply-streamer.ts';
import { BucketSink, MessageStore } from './support/bucket-sink.ts';
import { runReply } from './support/harness.ts';
import { evenDeltas, PushStream, timedParts } from './support/parts.ts';

const prose = 'All work and no play makes a dull answer. '.repeat(20);

describe('sinkErrorReasonFor', () => {
  it('maps Discord codes to the policy classes', () => {
    assert.equal(sinkErrorReasonFor(10008), 'gone');
    assert.equal(sinkErrorReasonFor(50083), 'archived');
    assert.equal(sinkErrorReasonFor(160005), 'archived');
    assert.equal(sinkErrorReasonFor(50013), 'forbidden');
    assert.equal(sinkErrorReasonFor(50001), 'forbidden');
    assert.equal(sinkErrorReasonFor(50027, 401), 'token-expired');
    assert.equal(sinkErrorReasonFor(50035, 400), 'invalid');
    assert.equal(sinkErrorReasonFor(undefined, 429), 'rate-limited');
    assert.equal(sinkErrorReasonFor(undefined, 502), 'other');
  });
});

describe('streamReply: writing stops for good', () => {
  const stopping: [SinkErrorReason, number][] = [
    ['gone', 10008],
    ['archived', 50083],
    ['forbidden', 50013],
    ['invalid', 50035],
  ];
  for (const [reason, code] of stopping) {
    it(`GIVEN ${reason} (${code}) on an edit THEN writing stops and the reply resolves at once`, async () => {
      const clock = new ManualClock();
      const sink = new BucketSink({
        clock,
        failWith: (_write, index) => (index === 2 ? new SinkError({ reason, discordCode: code }) : undefined),
      });
      const stream = new PushStream(); // never ends: the streamer must not wait for it
      const failures: SinkError[] = [];
      const reply = streamReply({
        parts: stream,
        sink,
        clock,
        options: { onSinkFailure: (error) => void failures.push(error) },
      });
      for (let index = 0; index < 40; index += 1) {
        stream.push(`word${index} `);
        await clock.advance(100);
      }
      const result = await clock.run(reply);
      assert.equal(result.outcome, 'sink-failed');
      assert.equal(result.sinkError?.reason, reason);
      assert.equal(failures.length, 1);
      assert.equal(sink.writes.length, 3);
      stream.push('more');
      await clock.advance(5000);
      assert.equal(sink.writes.length, 3, 'no write after the failure');
    });
  }

  it('GIVEN a drain decision THEN the whole answer is read without writing', async () => {
    const decisions: SinkFailureDecision[] = [];
    const { sink, result } = await runReply((clock) => timedParts(clock, evenDeltas(prose, 10, 50)), {
      sink: { failWith: (write) => (write.kind === 'edit' ? new SinkError({ reason: 'forbidden', discordCode: 50013 }) : undefined) },
      options: { onSinkFailure: () => (decisions.push('drain'), 'drain') },
    });
    assert.equal(result.outcome, 'sink-failed');
    assert.equal(result.text, prose);
    assert.equal(result.finish?.reason, 'stop');
    assert.equal(sink.writes.length, 2);
    assert.equal(decisions.length, 1);
  });
});

describe('streamReply: writing recovers', () => {
  it('GIVEN an unexpected 429 THEN it waits retry-after, retries, and ends exact', async () => {
    const { sink, result } = await runReply((clock) => timedParts(clock, evenDeltas(prose, 10, 50)), {
      sink: {
        failWith: (_write, index) =>
          index === 3 ? new SinkError({ reason: 'rate-limited', status: 429, retryAfterMs: 2500 }) : undefined,
      },
    });
    assert.equal(result.outcome, 'complete');
    assert.equal(result.rateLimited, 1);
    assert.ok(sink.writes[4]!.sentAt >= sink.writes[3]!.sentAt + 100 + 2500);
    assert.deepEqual(sink.visible(), [prose]);
  });

  it('GIVEN a 429 from a bucket shared with someone else THEN the reply still ends exact', async () => {
    const clock = new ManualClock();
    const sink = new BucketSink({ clock, limit: 3, windowMs: 3000 });
    // another writer spends the same bucket behind the streamer's back
    const stranger = (): void => {
      void sink.create('someone else', { final: true }).catch(() => undefined);
    };
    clock.setTimeout(stranger, 1500);
    clock.setTimeout(stranger, 1600);
    const result = await clock.run(streamReply({ parts: timedParts(clock, evenDeltas(prose, 10, 50)), sink, clock }));
    assert.equal(result.outcome, 'complete');
    assert.ok(result.rateLimited >= 1, 'the stranger should have caused a 429');
    assert.equal(sink.store.versions.get(result.messageIds[0]!)!.at(-1), prose);
  });

  it('GIVEN a transient failure on an edit THEN it is retried after a pause', async () => {
    const { sink, result } = await runReply((clock) => timedParts(clock, evenDeltas(prose, 10, 50)), {
      sink: { failWith: (_write, index) => (index === 2 ? new SinkError({ reason: 'other', status: 502 }) : undefined) },
      options: { random: () => 0 },
    });
    assert.equal(result.outcome, 'complete');
    assert.ok(sink.writes[3]!.sentAt >= sink.writes[2]!.sentAt + 100 + 1000);
    assert.deepEqual(sink.visible(), [prose]);
  });

  it('GIVEN a sink that throws plain errors, even synchronously THEN they count as other and nothing crashes', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const sink: MessageSink = {
      create: () => {
        calls += 1;
        throw new Error('boom');
      },
      edit: () => Promise.reject(new Error('boom')),
    };
    const options = { retryWindowMs: 5000, random: () => 0 };
    const result = await clock.run(streamReply({ parts: timedParts(clock, evenDeltas(prose, 10, 50)), sink, clock, options }));
    assert.equal(result.outcome, 'sink-failed');
    assert.equal(result.sinkError?.reason, 'other');
    // retried like a Discord outage (1, 2, 4, then every 8 s) until the final writes' patience ran out
    assert.ok(calls > 10, `retried ${calls} times`);
    assert.ok(clock.now() >= 5000 + FINAL_WRITE_PATIENCE_MS);
  });
});

describe('streamReply: token expiry', () => {
  it('GIVEN the interaction token expires THEN the same write is retried on the fallback route and the reply ends exact', async () => {
    const clock = new ManualClock();
    const store = new MessageStore();
    const channelRoute = new BucketSink({ clock, store, bucket: 'channel' });
    let fallbacks = 0;
    const webhook = new BucketSink({
      clock,
      store,
      bucket: 'webhook',
      failWith: (write) =>
        write.sentAt >= 3000 ? new SinkError({ reason: 'token-expired', discordCode: 50027, status: 401 }) : undefined,
      fallback: () => {
        fallbacks += 1;
        return channelRoute;
      },
    });
    const text = prose.repeat(6);
    const result = await clock.run(streamReply({ parts: timedParts(clock, evenDeltas(text, 10, 20)), sink: webhook, clock }));
    assert.equal(result.outcome, 'complete');
    assert.equal(fallbacks, 1);
    const failed = webhook.writes.find((write) => write.outcome === 'token-expired')!;
    const retried = channelRoute.writes[0]!;
    assert.equal(retried.kind, failed.kind);
    assert.equal(retried.messageId, failed.messageId);
    assert.equal(retried.sentAt, failed.sentAt + 100);
    assert.equal(store.visible().join(''), text);
    assert.deepEqual(webhook.violations, []);
    assert.deepEqual(channelRoute.violations, []);
  });

  it('GIVEN the token expires and there is no fallback THEN writing stops', async () => {
    const { result } = await runReply((clock) => timedParts(clock, evenDeltas(prose, 10, 50)), {
      sink: { failWith: (_write, index) => (index === 1 ? new SinkError({ reason: 'token-expired', discordCode: 50027 }) : undefined) },
    });
    assert.equal(result.outcome, 'sink-failed');
    assert.equal(result.sinkError?.reason, 'token-expired');
  });
});
