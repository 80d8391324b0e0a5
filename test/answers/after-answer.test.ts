/**
 * What an answer leaves behind, through the real AnswerRunner on simulated time: one usage row
 * with the provider's counts (or the bot's estimate, marked), and the reasoning kept with its
 * button only when the setting is `button` and the answer had reasoning.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { AnswerRunner } from '../../src/answers/answer-runner.ts';
import type { AnswerLedger, FinalControls, ReasoningSetting } from '../../src/answers/after-answer.ts';
import { english } from '../../src/i18n/english.ts';
import type { Provider } from '../../src/model/provider.ts';
import type { StreamPart } from '../../src/model/stream-part.ts';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { ProviderError } from '../../src/model/provider-error.ts';
import { SinkError } from '../../src/reply/message-sink.ts';
import { BucketSink } from '../reply/support/bucket-sink.ts';
import type { ChatMessage } from '../../src/model/chat-message.ts';
import { estimateConversationTokens, estimateTextTokens } from '../../src/conversation/budget.ts';
import { openStore, IN_MEMORY_PATH } from '../../src/store/index.ts';

/** A model that streams `parts` 100 ms apart, then throws `failure` if given. */
function scriptedModel(clock: ManualClock, parts: StreamPart[], failure?: Error) {
  const provider = {
    id: 'fake',
    stream: () =>
      (async function* () {
        for (const part of parts) {
          await clock.sleep(100);
          yield part;
        }
        if (failure !== undefined) throw failure;
      })(),
  } as unknown as Provider;
  return { provider, model: 'm', id: 'fake/m' };
}

/** How the ledger and the button's write behave (by default they work). */
interface Faults {
  /** The store cannot write the usage row. */
  usageFails?: boolean;
  /** The store cannot keep the reasoning. */
  keepFails?: boolean;
  /** Discord refuses the edit that shows the button. */
  showFails?: boolean;
  /** Discord fails the reply's writes for good from this one on (0-based). */
  sinkGoneFrom?: number;
}

async function answer(parts: StreamPart[], setting: ReasoningSetting, failure?: Error, faults: Faults = {}, messages: ChatMessage[] = [{ role: 'user', content: 'hi' }]) {
  const clock = new ManualClock();
  const sinkGoneFrom = faults.sinkGoneFrom;
  const sink = new BucketSink(
    sinkGoneFrom === undefined ? { clock } : { clock, failWith: (_write, index) => (index >= sinkGoneFrom ? new SinkError({ reason: 'gone' }) : undefined) },
  );
  const usage: Parameters<AnswerLedger['recordUsage']>[0][] = [];
  const kept: Array<[string, string]> = [];
  const shown: Array<[string, FinalControls]> = [];
  /** What happened, in order: 'kept' and 'shown'. */
  const events: string[] = [];
  const runner = new AnswerRunner({
    logger: pino({ level: 'silent' }),
    minEditIntervalMs: 1000,
    clock,
    reasoningDisplay: setting,
    ledger: {
      recordUsage: (row) => {
        if (faults.usageFails === true) throw new Error('disk full');
        usage.push(row);
      },
      keepReasoning: (id, reasoning) => {
        if (faults.keepFails === true) throw new Error('disk full');
        kept.push([id, reasoning]);
        events.push('kept');
      },
    },
  });
  const result = await clock.run(
    runner.run({
      resolved: scriptedModel(clock, parts, failure),
      messages,
      sink,
      showControls: async (messageId, controls) => {
        if (faults.showFails === true) throw new SinkError({ reason: 'other', status: 503 });
        shown.push([messageId, controls]);
        events.push('shown');
      },
      catalog: english,
      askedBy: ['800000000000000001', '800000000000000002'],
      place: { guildId: '900000000000000001', channelId: '900000000000000002' },
      logContext: {},
    }),
  );
  return { result, usage, kept, shown, events, sink };
}

const reasoning = 'Six times seven.\nThat is 42.';
const longAnswerText = 'word '.repeat(500);
const thoughtful: StreamPart[] = [
  { type: 'reasoning-delta', text: 'Six times ' },
  { type: 'reasoning-delta', text: 'seven.\nThat is 42.' },
  { type: 'text-delta', text: longAnswerText },
  { type: 'finish', reason: 'stop', usage: { promptTokens: 31, completionTokens: 502, totalTokens: 533 } },
];

describe('after an answer', () => {
  it('GIVEN a reasoning answer over two messages (button) THEN the reasoning is kept by the first message and the button goes under the last, once', async () => {
    const { result, usage, kept, shown, sink } = await answer(thoughtful, 'button');
    assert.equal(result.outcome, 'complete');
    assert.equal(result.text, longAnswerText);
    const [first, last] = [sink.store.order[0]!, sink.store.order.at(-1)!];
    assert.equal(sink.store.order.length, 2);
    assert.deepEqual(kept, [[first, reasoning]]);
    assert.equal(shown.length, 1);
    assert.equal(shown[0]![0], last);
    assert.deepEqual(shown[0]![1], { reasoningOf: first });
    assert.deepEqual(usage, [
      {
        guildId: '900000000000000001',
        channelId: '900000000000000002',
        userId: '800000000000000001',
        modelId: 'fake/m',
        messageId: first,
        outcome: 'complete',
        promptTokens: 31,
        completionTokens: 502,
      },
    ]);
  });

  it('GIVEN the setting hidden or inline THEN nothing is kept and no button shows, and the usage row is written all the same', async () => {
    for (const setting of ['hidden', 'inline'] as const) {
      const { usage, kept, shown } = await answer(thoughtful, setting);
      assert.deepEqual(kept, [], setting);
      assert.deepEqual(shown, [], setting);
      assert.equal(usage.length, 1, setting);
      assert.equal(usage[0]!.promptTokens, 31, setting);
    }
  });

  it('GIVEN an answer without reasoning, or with whitespace only THEN no button', async () => {
    for (const parts of [thoughtful.slice(2), [{ type: 'reasoning-delta', text: ' \n' } as const, ...thoughtful.slice(2)]]) {
      const { kept, shown } = await answer(parts, 'button');
      assert.deepEqual(kept, []);
      assert.deepEqual(shown, []);
    }
  });

  it('GIVEN a provider that reports no usage, or fails mid-answer THEN the row has the bot’s estimate, marked, and says how it ended', async () => {
    const conversation: ChatMessage[] = [
      { role: 'system', content: 'You are Cordial.' },
      { role: 'user', content: 'Ada: what is WAL mode, in two lines?' },
    ];
    const quiet = await answer([{ type: 'text-delta', text: 'Hi.' }, { type: 'finish', reason: 'stop' }], 'button', undefined, {}, conversation);
    // 3 for the conversation, 4 a message, 5 and 11 for the texts (0.3 a character, rounded up)
    assert.equal(estimateConversationTokens(conversation), 27);
    assert.deepEqual(
      [quiet.usage[0]!.promptTokens, quiet.usage[0]!.completionTokens, quiet.usage[0]!.estimated, quiet.usage[0]!.outcome],
      [27, estimateTextTokens('Hi.'), true, 'complete'],
    );
    const cut = await answer([{ type: 'reasoning-delta', text: 'Hmm.' }, { type: 'text-delta', text: 'Par' }], 'button', new ProviderError({ provider: 'fake', kind: 'cut', message: 'cut' }));
    assert.deepEqual(
      [cut.usage[0]!.promptTokens, cut.usage[0]!.completionTokens, cut.usage[0]!.estimated, cut.usage[0]!.outcome],
      [estimateConversationTokens([{ role: 'user', content: 'hi' }]), estimateTextTokens('Par') + estimateTextTokens('Hmm.'), true, 'failed'],
      'the completion counts the text and the reasoning written before the failure',
    );
    assert.deepEqual(cut.kept.map(([, text]) => text), ['Hmm.'], 'a failed answer that had reasoning keeps it too');
  });

  it('GIVEN a provider that reports the prompt only THEN the completion is estimated and the row marked; both reported THEN it is not marked', async () => {
    const half = await answer([{ type: 'text-delta', text: 'Four words in all.' }, { type: 'finish', reason: 'stop', usage: { promptTokens: 12 } }], 'hidden');
    assert.deepEqual([half.usage[0]!.promptTokens, half.usage[0]!.completionTokens, half.usage[0]!.estimated], [12, estimateTextTokens('Four words in all.'), true]);
    const whole = await answer(thoughtful, 'hidden');
    assert.equal('estimated' in whole.usage[0]!, false);
  });

  it('GIVEN the store as the ledger THEN an estimated row reads back marked and counts in the day’s rollup', async () => {
    const store = openStore({ path: IN_MEMORY_PATH, now: () => Date.UTC(2026, 0, 5, 12) });
    try {
      const quiet = await answer([{ type: 'text-delta', text: 'Hi.' }, { type: 'finish', reason: 'stop' }], 'hidden');
      const reported = await answer(thoughtful, 'hidden');
      for (const row of [...quiet.usage, ...reported.usage]) await store.recordUsage(row);
      assert.deepEqual((await store.usageOfGuild('900000000000000001')).map((row) => row.estimated), [true, undefined]);
      const report = await store.usageReport('900000000000000001', { fromDay: '2026-01-05', toDay: '2026-01-05' });
      assert.deepEqual([report.totals.answers, report.totals.estimatedAnswers, report.totals.tokens], [2, 1, 8 + 1 + 533]);
    } finally {
      store.close();
    }
  });

  it('GIVEN the button THEN the reasoning is kept before it shows (a press right away finds it)', async () => {
    const { events } = await answer(thoughtful, 'button');
    assert.deepEqual(events, ['kept', 'shown']);
  });

  it('GIVEN the store cannot keep the reasoning THEN no button shows (it would find nothing), and the answer is returned all the same', async () => {
    const { result, shown, usage } = await answer(thoughtful, 'button', undefined, { keepFails: true });
    assert.equal(result.outcome, 'complete');
    assert.deepEqual(shown, []);
    assert.equal(usage.length, 1);
  });

  it('GIVEN the usage row or the button write fails THEN the rest still happens and the answer is returned', async () => {
    const noUsage = await answer(thoughtful, 'button', undefined, { usageFails: true });
    assert.equal(noUsage.result.outcome, 'complete');
    assert.deepEqual(noUsage.events, ['kept', 'shown']);
    const noButton = await answer(thoughtful, 'button', undefined, { showFails: true });
    assert.equal(noButton.result.outcome, 'complete');
    assert.equal(noButton.kept.length, 1);
    assert.equal(noButton.usage.length, 1);
  });

  it('GIVEN the reply could not be written to its end (message deleted) THEN no reasoning is kept and no button shows, but the usage row says so', async () => {
    const { result, kept, shown, usage } = await answer(thoughtful, 'button', undefined, { sinkGoneFrom: 1 });
    assert.equal(result.outcome, 'sink-failed');
    assert.equal(result.messageIds.length, 1);
    assert.deepEqual(kept, []);
    assert.deepEqual(shown, []);
    assert.equal(usage[0]!.outcome, 'sink-failed');
  });
});
