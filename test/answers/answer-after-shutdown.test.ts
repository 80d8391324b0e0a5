/**
 * An answer whose start was on its way when the shutdown began (found in review of the
 * asynchronous store, where that way is several round trips long).
 *
 * `refusingDuringShutdown` (and the message listener's `isFromPerson`) read `runner.shuttingDown`
 * once, before the work; the work then awaits the store several times (getThread, the channel's
 * and server's default model, the guild quota, the day's usage twice, the system prompts) before
 * it calls `runner.run`. A SIGTERM in that window must neither leave the late answer streaming nor
 * let `shutdown()` resolve before it is final (main.ts then closes the store and the client, and
 * its reply would be left showing the marker).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { AnswerRunner, type AnswerRequest } from '../../src/answers/answer-runner.ts';
import { english } from '../../src/i18n/english.ts';
import type { ResolvedModel } from '../../src/providers/registry.ts';
import type { Provider, StreamRequest } from '../../src/model/provider.ts';
import type { StreamPart } from '../../src/model/stream-part.ts';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { BucketSink } from '../reply/support/bucket-sink.ts';

/** A model that says a word every 100 ms until its request is aborted; its signals are kept. */
function talkativeModel(clock: ManualClock): { resolved: ResolvedModel; signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  const provider = {
    id: 'fake',
    stream(request: StreamRequest): AsyncIterable<StreamPart> {
      signals.push(request.signal!);
      return (async function* () {
        for (let index = 0; ; index += 1) {
          await clock.sleep(100);
          request.signal?.throwIfAborted();
          yield { type: 'text-delta', text: `word${index} ` };
        }
      })();
    },
  } as unknown as Provider;
  return { resolved: { provider, model: 'm', id: 'fake/m' }, signals };
}

function request(resolved: ResolvedModel, sink: BucketSink): AnswerRequest {
  return {
    resolved,
    messages: [{ role: 'user', content: 'hi' }],
    sink,
    catalog: english,
    askedBy: ['1'],
    place: { guildId: 'g', channelId: 'c' },
    recoverable: { channelId: 'c', locale: 'en' },
    logContext: {},
  };
}

function newRunner(clock: ManualClock): AnswerRunner {
  return new AnswerRunner({ logger: pino({ level: 'silent' }), minEditIntervalMs: 1000, retryWindowMs: 5000, clock });
}

describe('an answer that starts once the shutdown began', () => {
  it('GIVEN a runner shutting down WHEN an answer starts THEN it is stopped at once (its model let go)', async () => {
    const clock = new ManualClock();
    const runner = newRunner(clock);
    // SIGTERM while an /ask's store reads were on their way: nothing was in flight yet
    await runner.shutdown();
    const model = talkativeModel(clock);
    const late = runner.run(request(model.resolved, new BucketSink({ clock })));
    await clock.advance(1000);
    assert.equal(model.signals.length, 1, 'the late answer asked its model');
    // (a late answer left running holds no real timer: the manual clock simply stops)
    void late;
    assert.equal(model.signals[0]!.aborted, true, 'a shutting-down runner stops (or refuses) every answer, also one that starts after the shutdown began');
  });

  it('GIVEN a shutdown under way WHEN an answer starts during it THEN the shutdown waits until that answer is final too', async () => {
    const clock = new ManualClock();
    const runner = newRunner(clock);
    const first = talkativeModel(clock);
    const inFlight = runner.run(request(first.resolved, new BucketSink({ clock })));
    await clock.advance(1500);
    const stopping = runner.shutdown();
    // the /ask whose prepareTurn resolved just now
    const second = talkativeModel(clock);
    let lateEnded = false;
    void runner.run(request(second.resolved, new BucketSink({ clock }))).finally(() => (lateEnded = true));
    await clock.run(stopping);
    await clock.run(inFlight);
    assert.equal(lateEnded, true, 'shutdown() must not resolve (main then closes the store) while an answer is still streaming');
  });
});

