/**
 * What an answer leaves behind, through the real AnswerRunner on simulated time: one usage row
 * with the provider's counts (or none), and the reasoning kept with its button only when the
 * setting is `button` and the answer had reasoning.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { AnswerRunner } from '../../src/discord/answer-runner.ts';
import type { AnswerLedger, ReasoningSetting } from '../../src/discord/after-answer.ts';
import { REASONING_BUTTON_PREFIX } from '../../src/discord/reasoning-button.ts';
import type { StreamingControls } from '../../src/discord/sinks/streaming-controls.ts';
import { english } from '../../src/i18n/english.ts';
import type { Provider } from '../../src/model/provider.ts';
import type { StreamPart } from '../../src/model/stream-part.ts';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { ProviderError } from '../../src/model/provider-error.ts';
import { BucketSink } from '../reply/support/bucket-sink.ts';

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

async function answer(parts: StreamPart[], setting: ReasoningSetting, failure?: Error) {
  const clock = new ManualClock();
  const sink = new BucketSink({ clock });
  const usage: Parameters<AnswerLedger['recordUsage']>[0][] = [];
  const kept: Array<[string, string]> = [];
  const shown: Array<[string, StreamingControls]> = [];
  const runner = new AnswerRunner({
    logger: pino({ level: 'silent' }),
    minEditIntervalMs: 1000,
    clock,
    reasoningDisplay: setting,
    ledger: { recordUsage: (row) => void usage.push(row), keepReasoning: (id, reasoning) => void kept.push([id, reasoning]) },
  });
  const result = await clock.run(
    runner.run({
      resolved: scriptedModel(clock, parts, failure),
      messages: [{ role: 'user', content: 'hi' }],
      sink,
      showControls: async (messageId, controls) => void shown.push([messageId, controls]),
      catalog: english,
      askedBy: ['800000000000000001', '800000000000000002'],
      place: { guildId: '900000000000000001', channelId: '900000000000000002' },
      logContext: {},
    }),
  );
  return { result, usage, kept, shown, sink };
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
    const button = shown[0]![1][0]!.components[0] as { custom_id: string; label: string };
    assert.equal(button.custom_id, `${REASONING_BUTTON_PREFIX}${first}`);
    assert.equal(button.label, 'Reasoning');
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

  it('GIVEN a provider that reports no usage, or fails mid-answer THEN the row has null counts and says how it ended', async () => {
    const quiet = await answer([{ type: 'text-delta', text: 'Hi.' }, { type: 'finish', reason: 'stop' }], 'button');
    assert.deepEqual([quiet.usage[0]!.promptTokens, quiet.usage[0]!.completionTokens, quiet.usage[0]!.outcome], [null, null, 'complete']);
    const cut = await answer([{ type: 'reasoning-delta', text: 'Hmm.' }, { type: 'text-delta', text: 'Par' }], 'button', new ProviderError({ provider: 'fake', kind: 'cut', message: 'cut' }));
    assert.deepEqual([cut.usage[0]!.promptTokens, cut.usage[0]!.outcome], [null, 'failed']);
    assert.deepEqual(cut.kept.map(([, text]) => text), ['Hmm.'], 'a failed answer that had reasoning keeps it too');
  });
});
