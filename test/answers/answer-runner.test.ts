/**
 * AnswerRunner on simulated time: which journal entries outlive an answer, which of its two
 * abort signals (the reply's, the model's) each ending pulls, and answers that start during a shutdown.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { AnswerRunner, type AnswerRequest, type ReplyJournal } from '../../src/answers/answer-runner.ts';
import { english } from '../../src/i18n/english.ts';
import type { ResolvedModel } from '../../src/providers/registry.ts';
import type { Provider, StreamRequest } from '../../src/model/provider.ts';
import type { StreamPart } from '../../src/model/stream-part.ts';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { SinkError } from '../../src/reply/message-sink.ts';
import { BucketSink, type RecordedWrite } from '../reply/support/bucket-sink.ts';

/** A model that says `word ` every 100 ms until it is aborted, and records its request's signal. */
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

/** The journal as a list of what happened to it. */
function recordingJournal(): ReplyJournal & { events: string[]; open(): string[] } {
  const events: string[] = [];
  return {
    events,
    record: (reply) => void events.push(`record ${reply.messageId}`),
    forget: (messageId) => void events.push(`forget ${messageId}`),
    open() {
      const open = new Set<string>();
      for (const event of events) {
        const [kind, id] = event.split(' ') as [string, string];
        if (kind === 'record') open.add(id);
        else open.delete(id);
      }
      return [...open];
    },
  };
}

function setUp(failWith?: (write: RecordedWrite) => SinkError | undefined, maxMessages?: number) {
  const clock = new ManualClock();
  const sink = new BucketSink({ clock, ...(failWith === undefined ? {} : { failWith }) });
  const journal = recordingJournal();
  const runner = new AnswerRunner({
    logger: pino({ level: 'silent' }),
    minEditIntervalMs: 1000,
    retryWindowMs: 5000,
    ...(maxMessages === undefined ? {} : { maxMessages }),
    clock,
    journal,
  });
  const model = talkativeModel(clock);
  const run = runner.run({
    resolved: model.resolved,
    messages: [{ role: 'user', content: 'hi' }],
    sink,
    catalog: english,
    askedBy: ['1'],
    place: { guildId: 'g', channelId: 'c' },
    recoverable: { channelId: 'c', locale: 'en' },
    logContext: {},
  });
  return { clock, sink, journal, runner, run, signals: model.signals };
}

const unavailable = () => new SinkError({ reason: 'other', status: 503, message: '503 Service Unavailable' });

describe('AnswerRunner: the crash journal and the two abort signals', () => {
  it('GIVEN a shutdown while Discord fails every write THEN the reply gives up but its message stays journaled for the next start', async () => {
    const { clock, sink, journal, runner, run } = setUp((write) => (write.sentAt >= 1500 ? unavailable() : undefined));
    await clock.advance(3000);
    const [messageId] = sink.store.order;
    assert.deepEqual(journal.open(), [messageId], 'journaled while it streams');
    const stopped = runner.shutdown();
    const result = await clock.run(run);
    await stopped;
    assert.equal(result.outcome, 'sink-failed');
    assert.deepEqual(journal.open(), [messageId], 'kept: the message may be written again once Discord is back');
  });

  it('GIVEN the message was deleted mid-answer (10008) THEN its journal entry goes: no start could mark it', async () => {
    const { clock, journal, run } = setUp((write) => (write.sentAt >= 1500 ? new SinkError({ reason: 'gone', discordCode: 10008 }) : undefined));
    const result = await clock.run(run);
    assert.equal(result.outcome, 'sink-failed');
    assert.equal(journal.events.filter((event) => event.startsWith('record')).length, 1);
    assert.deepEqual(journal.open(), []);
  });

  it('GIVEN an answer cut at the message cap THEN only the model is aborted, the reply makes its final writes and forgets its entries', async () => {
    const { clock, sink, journal, run, signals } = setUp(undefined, 1);
    // the model talks until it is let go: the cap is what ends this answer
    const result = await clock.run(run);
    assert.equal(result.outcome, 'complete');
    assert.equal(signals.length, 1);
    assert.equal(signals[0]!.aborted, true, 'the model was let go');
    assert.deepEqual((await sink.store.unfinished()), []);
    assert.equal(sink.visible().length, 1);
    assert.ok(sink.visible()[0]!.endsWith(english.messageCapNote(1)));
    assert.deepEqual(journal.open(), []);
  });
});

/** A request for an answer in a server channel, recoverable after a crash. */
function channelRequest(resolved: ResolvedModel, sink: BucketSink): AnswerRequest {
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

// found in review of the asynchronous store: an /ask awaits several store reads and its defer
// between the router's shutdown check and `run`, and a SIGTERM can land in that window
describe('an answer that starts once the shutdown began', () => {
  it('GIVEN a runner shutting down WHEN an answer starts THEN it is stopped at once (its model let go)', async () => {
    const clock = new ManualClock();
    const runner = newRunner(clock);
    // SIGTERM while an /ask's store reads were on their way: nothing was in flight yet
    await runner.shutdown();
    const model = talkativeModel(clock);
    const late = runner.run(channelRequest(model.resolved, new BucketSink({ clock })));
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
    const inFlight = runner.run(channelRequest(first.resolved, new BucketSink({ clock })));
    await clock.advance(1500);
    const stopping = runner.shutdown();
    // the /ask whose prepareTurn resolved just now
    const second = talkativeModel(clock);
    let lateEnded = false;
    void runner.run(channelRequest(second.resolved, new BucketSink({ clock }))).finally(() => (lateEnded = true));
    await clock.run(stopping);
    await clock.run(inFlight);
    assert.equal(lateEnded, true, 'shutdown() must not resolve (main then closes the store) while an answer is still streaming');
  });
});


describe('a shutdown while an answer finishes its after-work', () => {
  it('GIVEN an answer whose reply is final but whose usage is still being written THEN shutdown waits for that, without spinning', async () => {
    const clock = new ManualClock();
    let usageAsked!: () => void;
    const asked = new Promise<void>((resolve) => (usageAsked = resolve));
    let usageWritten!: () => void;
    const usageWrite = new Promise<void>((resolve) => (usageWritten = resolve));
    const runner = new AnswerRunner({
      logger: pino({ level: 'silent' }),
      minEditIntervalMs: 1000,
      retryWindowMs: 5000,
      clock,
      ledger: {
        recordUsage: () => {
          usageAsked();
          return usageWrite;
        },
        keepReasoning: () => undefined,
      },
    });
    const model = talkativeModel(clock);
    const run = runner.run(channelRequest(model.resolved, new BucketSink({ clock })));
    await clock.advance(1500);
    const stopping = runner.shutdown();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    // the reply ends (stopped by the shutdown) and its usage row is on its way
    await clock.run(asked);
    // a shutdown that spun on the settled reply would starve this timer, and the test would hang
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(stopped, false, 'the answer is not done until its usage is written');
    usageWritten();
    await stopping;
    assert.equal((await run).outcome, 'aborted', 'ended by the shutdown');
  });
});
