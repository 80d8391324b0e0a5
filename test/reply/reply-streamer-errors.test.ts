import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError, type ProviderErrorKind } from '../../src/model/provider-error.ts';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { streamReply } from '../../src/reply/reply-streamer.ts';
import { BucketSink } from './support/bucket-sink.ts';
import { runReply } from './support/harness.ts';
import { evenDeltas, PushStream, timedParts } from './support/parts.ts';

const failure = (kind: ProviderErrorKind): ProviderError =>
  new ProviderError({ provider: 'openai', kind, message: `upstream said no (${kind})` });

describe('streamReply: provider errors before any text', () => {
  const cases: [ProviderErrorKind, RegExp][] = [
    ['timeout', /took too long/],
    ['unavailable', /down or overloaded/],
    ['rate-limited', /rate limiting/],
    ['unknown-model', /not available/],
    ['auth', /sign in/],
    ['bad-request', /refused/],
    ['cut', /closed the connection/],
    ['upstream', /returned an error/],
  ];
  for (const [kind, expected] of cases) {
    it(`GIVEN a ${kind} error THEN the reply says what went wrong`, async () => {
      const { sink, result } = await runReply((clock) => timedParts(clock, [], { error: failure(kind), delayMs: 500 }));
      assert.equal(sink.visible().length, 1);
      assert.match(sink.visible()[0]!, expected);
      assert.equal(result.outcome, 'failed');
      assert.ok(result.error instanceof ProviderError);
      assert.equal(result.text, '');
    });
  }

  it('GIVEN a non-provider error THEN a generic message, and outcome failed', async () => {
    const { sink, result } = await runReply((clock) => timedParts(clock, [], { error: new TypeError('bug') }));
    assert.match(sink.visible()[0]!, /Something went wrong/);
    assert.equal(result.outcome, 'failed');
  });

  it('GIVEN localized texts THEN they are used', async () => {
    const { sink } = await runReply((clock) => timedParts(clock, [], { error: failure('timeout') }), {
      options: { texts: { errorBeforeText: () => '⚠️ Модель не ответила вовремя.' } },
    });
    assert.deepEqual(sink.visible(), ['⚠️ Модель не ответила вовремя.']);
  });
});

describe('streamReply: texts', () => {
  it('GIVEN texts with getters THEN they are read when the reply ends, not when it starts', async () => {
    let shuttingDown = false;
    const texts = {
      get stopped() {
        return shuttingDown ? '-# Stopped: the bot is restarting.' : '-# Stopped.';
      },
    };
    const controller = new AbortController();
    const { sink } = await runReply(
      (clock) => {
        clock.setTimeout(() => {
          shuttingDown = true;
          controller.abort();
        }, 500);
        return timedParts(clock, [{ text: 'Hello', delayMs: 0 }, { text: ' never', delayMs: 10_000 }]);
      },
      { signal: controller.signal, options: { texts } },
    );
    assert.deepEqual(sink.visible(), ['Hello\n\n-# Stopped: the bot is restarting.']);
  });
});

describe('streamReply: provider errors after some text', () => {
  it('GIVEN a cut stream THEN the text stays and a note says it was cut short', async () => {
    const { sink, result } = await runReply((clock) =>
      timedParts(clock, evenDeltas('The answer begins', 5, 100), { error: failure('cut') }),
    );
    assert.deepEqual(sink.visible(), ['The answer begins\n\n-# ⚠️ Answer cut short: the provider stopped responding.']);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.text, 'The answer begins');
  });

  it('GIVEN a timeout inside a code block THEN the block is closed before the note', async () => {
    const text = 'Code:\n```js\nlet a = 1;\n';
    const { sink } = await runReply((clock) => timedParts(clock, evenDeltas(text, 4, 50), { error: failure('timeout') }));
    assert.deepEqual(sink.visible(), [`${text}\`\`\`\n\n-# ⚠️ Answer cut short: the model stopped sending text (timeout).`]);
  });

  it('GIVEN a last message too full for the note THEN the note gets a message of its own and no text is lost', async () => {
    const text = 'x'.repeat(1990);
    const { sink, result } = await runReply((clock) => timedParts(clock, evenDeltas(text, 100, 50), { error: failure('unavailable') }));
    assert.deepEqual(sink.visible(), [text, '-# ⚠️ Answer cut short: the provider became unavailable.']);
    assert.deepEqual(sink.violations, []);
    assert.equal(result.messageIds.length, 2);
  });

  it('GIVEN a stream that ends without a finish part THEN it counts as cut', async () => {
    const { sink, result } = await runReply((clock) => timedParts(clock, [{ text: 'Half', delayMs: 0 }], { noFinish: true }));
    assert.equal(result.outcome, 'failed');
    assert.equal((result.error as ProviderError).kind, 'cut');
    assert.match(sink.visible()[0]!, /^Half\n\n-# ⚠️ Answer cut short/);
  });
});

describe('streamReply: abort', () => {
  it('GIVEN an abort mid-answer THEN the reply ends with a stopped note at once, even if the stream hangs', async () => {
    const clock = new ManualClock();
    const sink = new BucketSink({ clock });
    const stream = new PushStream();
    const controller = new AbortController();
    const reply = streamReply({ parts: stream, sink, clock, signal: controller.signal });
    stream.push('Some words');
    await clock.advance(1500);
    stream.push(' and more');
    await clock.advance(10);
    controller.abort();
    const result = await clock.run(reply);
    assert.equal(result.outcome, 'aborted');
    assert.deepEqual(sink.visible(), ['Some words and more\n\n-# ⏹️ Stopped.']);
    assert.equal(result.text, 'Some words and more');
  });

  it('GIVEN an abort before any text THEN the reply says it was stopped', async () => {
    const controller = new AbortController();
    const { sink, result } = await runReply(
      (clock) => {
        clock.setTimeout(() => controller.abort(), 300);
        return new PushStream();
      },
      { signal: controller.signal },
    );
    assert.equal(result.outcome, 'aborted');
    assert.deepEqual(sink.visible(), ['-# ⏹️ Stopped before the model answered.']);
  });

  it('GIVEN a signal already aborted THEN nothing is read and the reply says stopped', async () => {
    const stream = new PushStream();
    stream.push('never shown');
    stream.finish();
    const { sink, result } = await runReply(() => stream, { signal: AbortSignal.abort() });
    assert.equal(result.outcome, 'aborted');
    assert.equal(result.text, '');
    assert.deepEqual(sink.visible(), ['-# ⏹️ Stopped before the model answered.']);
  });

  it('GIVEN the provider reports the abort itself THEN it is a stop, not a failure', async () => {
    const { sink, result } = await runReply((clock) =>
      timedParts(clock, [{ text: 'Partial', delayMs: 0 }], { error: failure('aborted'), delayMs: 100 }),
    );
    assert.equal(result.outcome, 'aborted');
    assert.deepEqual(sink.visible(), ['Partial\n\n-# ⏹️ Stopped.']);
  });

  it('GIVEN an abort after the finish THEN it changes nothing', async () => {
    const controller = new AbortController();
    const { result, sink, clock } = await runReply((clock) => timedParts(clock, [{ text: 'Done', delayMs: 0 }]), { signal: controller.signal });
    const writes = sink.writes.length;
    controller.abort();
    await clock.advance(5000);
    assert.equal(result.outcome, 'complete');
    assert.equal(sink.writes.length, writes, 'no write after the abort');
    assert.deepEqual(sink.visible(), ['Done']);
  });

  it('GIVEN a finish part THEN the stream is closed (return called)', async () => {
    const stream = new PushStream();
    stream.push('Hello');
    stream.finish();
    await runReply(() => stream);
    assert.equal(stream.returned, true);
  });
});
