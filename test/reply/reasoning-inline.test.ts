import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ProviderError } from '../../src/model/provider-error.ts';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { fenceStateAt } from '../../src/reply/fences.ts';
import { InlineReasoningBlock } from '../../src/reply/inline-reasoning.ts';
import { DEFAULT_INLINE_REASONING_MAX_LENGTH, streamReply, type ReplyOptions } from '../../src/reply/reply-streamer.ts';
import { englishReplyTexts } from '../../src/reply/reply-texts.ts';
import { splitMessages } from '../../src/reply/split.ts';
import { BucketSink } from './support/bucket-sink.ts';
import { runReply } from './support/harness.ts';
import { bucketSettings } from './support/buckets.ts';
import { evenDeltas, PushStream, timedParts, timedPieces, type TimedDelta } from './support/parts.ts';
import { answerText, chunk } from './support/texts.ts';
import { joinSplitMessages } from '../../src/conversation/split-reply.ts';
import { stripInlineReasoning } from '../../src/conversation/strip-inline-reasoning.ts';

const MARKER = ' ▌';
const INLINE: ReplyOptions = { reasoningDisplay: 'inline' };
const HEADING = englishReplyTexts.reasoningHeading;

/** The block as the reply shows it for the whole of `reasoning`. */
function blockFor(reasoning: string, maxLength = DEFAULT_INLINE_REASONING_MAX_LENGTH): string {
  const block = new InlineReasoningBlock(HEADING, maxLength);
  block.append(reasoning);
  return block.text;
}

const reasoned = (reasoning: string, answer: string, size = 3): TimedDelta[] => [
  ...evenDeltas(reasoning, size, 20, true),
  ...evenDeltas(answer, size, 20),
];

describe('InlineReasoningBlock', () => {
  it('GIVEN reasoning over lines THEN a heading and every line quoted, no empty quoted line at the end', () => {
    assert.equal(blockFor('\n  First, think.\nThen answer.\n\n'), `${HEADING}\n> First, think.\n> Then answer.`);
    assert.equal(blockFor('a\n\nb'), `${HEADING}\n> a\n> \n> b`);
  });

  it('GIVEN reasoning of only whitespace THEN nothing', () => {
    assert.equal(blockFor(' \n\t\n'), '');
  });

  it('GIVEN the same reasoning in any pieces THEN the same block, only ever growing at its end', () => {
    fc.assert(
      fc.property(answerText(10, 3000), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 40, max: 5000 }), (reasoning, sizes, maxLength) => {
        const block = new InlineReasoningBlock(HEADING, maxLength);
        let previous = '';
        for (const piece of chunk(reasoning, sizes)) {
          block.append(piece);
          assert.ok(block.text.startsWith(previous));
          previous = block.text;
        }
        assert.equal(block.text, blockFor(reasoning, maxLength));
        assert.ok(block.text.length <= maxLength);
        assert.ok(block.text.isWellFormed());
        // the shape the history relies on to take the block off again: every line after the heading quoted
        if (block.visible) {
          const [heading, ...quoted] = block.text.split('\n');
          assert.equal(heading, HEADING);
          assert.ok(quoted.length > 0 && quoted.every((line) => line.startsWith('> ')), 'a line of the block is not quoted');
        }
      }),
      { numRuns: 100 },
    );
  });

  it('GIVEN a reasoning line longer than the line width THEN it goes on over quoted lines, at a space past three quarters of the width, else at the width, never inside a surrogate pair', () => {
    const block = new InlineReasoningBlock(HEADING, 10_000, 20);
    block.append('aaaa bbbb cccc dddd eeee ffff gggg');
    assert.equal(block.text, `${HEADING}\n> aaaa bbbb cccc dddd\n> eeee ffff gggg`);
    const unbroken = new InlineReasoningBlock(HEADING, 10_000, 8);
    unbroken.append('x'.repeat(7) + '😀' + 'y'.repeat(10));
    assert.equal(unbroken.text, `${HEADING}\n> xxxxxxx😀\n> yyyyyyyy\n> yy`);
    // the same pair split between two deltas: the same block
    const split = new InlineReasoningBlock(HEADING, 10_000, 8);
    for (const piece of ['x'.repeat(7) + '\ud83d', '\ude00' + 'y'.repeat(10)]) split.append(piece);
    assert.equal(split.text, unbroken.text);
  });

  it('GIVEN any reasoning THEN no quoted line is wider than the width (with a pair that straddles it: one unit more)', () => {
    fc.assert(
      fc.property(answerText(10, 4000), fc.integer({ min: 8, max: 900 }), (reasoning, lineWidth) => {
        const block = new InlineReasoningBlock(HEADING, 100_000, lineWidth);
        block.append(reasoning);
        for (const line of block.text.split('\n').slice(1)) assert.ok(line.length - 2 <= lineWidth + 1, `a line of ${line.length} characters`);
      }),
      { numRuns: 50 },
    );
  });

  it('GIVEN reasoning longer than the block may be THEN it ends with an ellipsis', () => {
    const text = blockFor('word '.repeat(2000), 500);
    assert.ok(text.length <= 500);
    assert.ok(text.endsWith(' …'));
    // cut where a line break was due: the ellipsis still ends a quoted line
    const lines = blockFor('x\n'.repeat(400), 60).split('\n');
    assert.ok(lines.slice(1).every((line) => line.startsWith('> ')), lines.join('|'));
    assert.ok(lines.at(-1)!.endsWith(' …'));
  });
});

describe('streamReply: reasoning shown inline', () => {
  it('GIVEN reasoning then an answer THEN the block streams above the answer, and the final text is block + answer', async () => {
    const reasoning = 'First, think.\nThen answer.\n';
    const { sink, result } = await runReply((clock) => timedParts(clock, reasoned(reasoning, '\n\nParis.')), { options: INLINE });
    assert.deepEqual(sink.violations, []);
    assert.equal(sink.writes[0]!.content, `${HEADING}\n> Fir${MARKER}`);
    assert.deepEqual(sink.visible(), [`${HEADING}\n> First, think.\n> Then answer.\n\nParis.`]);
    assert.equal(result.text, '\n\nParis.');
    assert.equal(result.reasoning, reasoning);
    assert.deepEqual(sink.store.unfinished(), []);
  });

  it('GIVEN one long paragraph of reasoning over several messages THEN every message of the block begins quoted (no continuation reads as the answer), and the history takes it all off', async () => {
    const reasoning = 'I should weigh every option carefully before answering. '.repeat(80);
    const answer = 'It is 42.';
    const { sink, result } = await runReply((clock) => timedParts(clock, reasoned(reasoning, answer, 40)), {
      options: { ...INLINE, maxInlineReasoningLength: 100_000 },
    });
    assert.deepEqual(sink.violations, []);
    const visible = sink.visible();
    assert.ok(visible.length >= 3, `${visible.length} messages`);
    assert.ok(visible[0]!.startsWith(`${HEADING}\n> I should`));
    for (const [index, content] of visible.slice(1).entries()) {
      assert.ok(content.startsWith('> ') || content === answer, `message ${index + 1} begins ${JSON.stringify(content.slice(0, 30))}`);
    }
    assert.ok(visible.at(-1)!.endsWith(`\n\n${answer}`) || visible.at(-1) === answer);
    assert.equal(stripInlineReasoning(joinSplitMessages(visible)), answer);
    assert.equal(result.reasoning, reasoning);
    assert.equal(result.text, answer);
  });

  it('GIVEN reasoning after the answer began THEN it is kept in the result but not shown', async () => {
    const deltas: TimedDelta[] = [
      { text: 'think', delayMs: 0, reasoning: true },
      { text: 'Yes.', delayMs: 20 },
      { text: 'more', delayMs: 20, reasoning: true },
    ];
    const { sink, result } = await runReply((clock) => timedParts(clock, deltas), { options: INLINE });
    assert.deepEqual(sink.visible(), [`${HEADING}\n> think\n\nYes.`]);
    assert.equal(result.reasoning, 'thinkmore');
  });

  it('GIVEN the model fails after reasoning THEN the block stays, with the note below it', async () => {
    const error = new ProviderError({ provider: 'openai', kind: 'cut', message: 'gone' });
    const { sink, result } = await runReply((clock) => timedParts(clock, evenDeltas('Hmm, let me see.', 4, 20, true), { error }), {
      options: INLINE,
    });
    assert.equal(result.outcome, 'failed');
    assert.deepEqual(sink.visible(), [`${HEADING}\n> Hmm, let me see.\n\n${englishReplyTexts.cutShort(error)}`]);
    assert.deepEqual(sink.store.unfinished(), []);
  });

  it('GIVEN no answer text after reasoning THEN the block and the empty-answer note', async () => {
    const { sink, result } = await runReply((clock) => timedParts(clock, evenDeltas('Nothing to say.', 4, 20, true)), { options: INLINE });
    assert.equal(result.text, '');
    assert.deepEqual(sink.visible(), [`${HEADING}\n> Nothing to say.\n\n${englishReplyTexts.emptyAnswer}`]);
  });

  it('GIVEN it is stopped while reasoning THEN the block and the stopped note, no marker', async () => {
    const clock = new ManualClock();
    const sink = new BucketSink({ clock });
    const stream = new PushStream();
    const controller = new AbortController();
    const reply = streamReply({ parts: stream, sink, clock, signal: controller.signal, options: INLINE });
    stream.pushReasoning('Considering.');
    await clock.advance(3000);
    controller.abort();
    await clock.run(reply);
    assert.deepEqual(sink.visible(), [`${HEADING}\n> Considering.\n\n${englishReplyTexts.stopped}`]);
    assert.deepEqual(sink.store.unfinished(), []);
  });

  it('GIVEN a message cap smaller than the reasoning THEN it is cut there with the note, nothing over the limit', async () => {
    const reasoning = 'a long thought, '.repeat(1000);
    const { sink, result } = await runReply((clock) => timedParts(clock, reasoned(reasoning, 'Answer.', 200)), {
      options: { ...INLINE, maxMessages: 2, maxInlineReasoningLength: 100_000 },
    });
    assert.deepEqual(sink.violations, []);
    const visible = sink.visible();
    assert.equal(visible.length, 2);
    assert.ok(visible[1]!.endsWith(englishReplyTexts.messageCapNote(2)));
    assert.equal(result.text, '');
    // the model is let go at the cut
    assert.ok(result.reasoning.length < reasoning.length && reasoning.startsWith(result.reasoning));
  });
});

describe('streamReply: reasoning shown inline (properties)', () => {
  it('for random reasoning, answers, chunkings, buckets and caps: no message over the limit, none blank, fences balanced, final text block + answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        answerText(0, 12_000),
        answerText(1, 12_000),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 250 }), { minLength: 1, maxLength: 20 }),
        bucketSettings,
        fc.integer({ min: 40, max: 15_000 }),
        fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
        async (reasoning, answer, sizes, delays, bucket, maxInlineReasoningLength, maxMessages) => {
          const timed = (pieces: string[], isReasoning: boolean, offset: number) => timedPieces(pieces, delays, isReasoning, offset);
          const reasoningPieces = chunk(reasoning, sizes);
          const deltas = [...timed(reasoningPieces, true, 0), ...timed(chunk(answer, sizes), false, reasoningPieces.length)];
          const options: ReplyOptions = { ...INLINE, maxInlineReasoningLength };
          if (maxMessages !== undefined) options.maxMessages = maxMessages;
          const { sink, result } = await runReply((clock) => timedParts(clock, deltas), { sink: bucket, options });
          assert.deepEqual(sink.violations, []);
          assert.equal(sink.rateLimited, 0);
          for (const write of sink.writes) assert.ok(write.content.isWellFormed(), 'a write holds a lone surrogate');
          const visible = sink.visible();
          for (const content of visible) assert.equal(fenceStateAt(content, 0, content.length, undefined, true), undefined);
          assert.deepEqual(sink.store.unfinished(), []);
          assert.ok(reasoning.startsWith(result.reasoning), 'the reasoning is not what the model sent');
          const block = blockFor(reasoning, maxInlineReasoningLength);
          const shown = answer.replace(/^[\r\n]*/, '');
          const whole = block === '' ? answer : `${block}\n\n${shown}`;
          if (maxMessages !== undefined && visible.length >= maxMessages && result.text !== answer) {
            // cut for length: the cap holds, and what is shown is the start of the whole
            assert.ok(visible.length <= maxMessages);
            assert.ok(visible.at(-1)!.endsWith(englishReplyTexts.messageCapNote(maxMessages)));
            assert.ok(answer.startsWith(result.text), 'the text is not the start of the answer');
            // the messages before the cut one (and the note's own, if it has one) are those of the whole
            const expected = splitMessages(whole);
            for (let index = 0; index < visible.length - 2; index += 1) assert.ok(visible[index] === expected[index], `message ${index} differs`);
            return;
          }
          assert.ok(result.reasoning === reasoning, 'the reasoning is not all the model sent');
          assert.ok(result.text === answer, 'the text is not the answer');
          const expected = splitMessages(whole);
          assert.equal(visible.length, expected.length);
          for (const [index, content] of visible.entries()) assert.ok(content === expected[index], `message ${index} differs`);
        },
      ),
      { numRuns: 40 },
    );
  });
});
