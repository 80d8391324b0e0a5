import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError } from '../../src/model/provider-error.ts';
import { capAtMessage } from '../../src/reply/message-cap.ts';
import { englishReplyTexts } from '../../src/reply/reply-texts.ts';
import { splitForDiscord } from '../../src/reply/split.ts';
import { runReply } from './support/harness.ts';
import { evenDeltas, timedParts } from './support/parts.ts';

const paragraph = 'All work and no play makes a dull answer, and a long one at that. '.repeat(6).trim();
const longAnswer = Array.from({ length: 200 }, (_, index) => `${index}. ${paragraph}`).join('\n\n');

describe('capAtMessage', () => {
  it('GIVEN a last message with room for the note THEN the text ends with that message', () => {
    const pieces = splitForDiscord(longAnswer);
    const capped = capAtMessage(longAnswer, pieces[2]!, 60, 2000);
    assert.equal(capped, longAnswer.slice(0, pieces[2]!.end));
  });

  it('GIVEN a last message too full for the note THEN the cut moves back to a word so the note fits', () => {
    const words = 'lorem ipsum dolor sit amet '.repeat(400);
    const pieces = splitForDiscord(words);
    const capped = capAtMessage(words, pieces[1]!, 80, 2000);
    const last = capped.slice(pieces[1]!.start);
    assert.ok(last.length + 80 + 2 <= 2000, `${last.length} characters left`);
    assert.ok(/\S$/.test(capped), 'cut at a word');
  });

  it('GIVEN a run without spaces THEN the cut never splits a surrogate pair', () => {
    const emoji = '😀'.repeat(3000);
    const pieces = splitForDiscord(emoji);
    const capped = capAtMessage(emoji, pieces[0]!, 61, 2000);
    assert.equal(capped.length % 2, 0);
  });
});

describe('streamReply: the message cap', () => {
  it('GIVEN an answer that needs 25 messages and a cap of 3 THEN 3 messages, the last with the note, and the model is let go', async () => {
    let released = 0;
    const { sink, result } = await runReply((clock) => timedParts(clock, evenDeltas(longAnswer, 40, 5)), {
      options: { maxMessages: 3, onModelNotNeeded: () => (released += 1) },
    });
    const shown = sink.visible();
    assert.equal(shown.length, 3);
    assert.ok(shown.every((content) => content.length <= 2000));
    assert.ok(shown[2]!.endsWith(`\n\n${englishReplyTexts.messageCapNote(3)}`), shown[2]);
    assert.equal(result.outcome, 'complete');
    assert.equal(released, 1);
    assert.ok(longAnswer.startsWith(result.text), 'the text is the answer up to the cut');
    assert.deepEqual(sink.store.unfinished(), []);
    // the model's stream was not read to its end
    assert.ok(result.text.length < longAnswer.length / 2);
  });

  it('GIVEN a fast model that sends the whole answer and finishes while the first write is in flight THEN it is still cut at the cap', async () => {
    const deltas = evenDeltas(longAnswer, 400, 0);
    // the first delta is written at once; the rest, and the finish, arrive while that write is out
    deltas[1]!.delayMs = 10;
    const { sink, result } = await runReply((clock) => timedParts(clock, deltas), { options: { maxMessages: 3 } });
    const shown = sink.visible();
    assert.equal(shown.length, 3);
    assert.ok(shown[2]!.endsWith(`\n\n${englishReplyTexts.messageCapNote(3)}`), shown[2]);
    assert.equal(result.outcome, 'complete');
    assert.deepEqual(sink.store.unfinished(), []);
  });

  it('GIVEN a model that fails after more text than the cap allows, between two writes THEN the text is cut at the cap with its note', async () => {
    const deltas = evenDeltas(longAnswer, 400, 0);
    deltas[1]!.delayMs = 10;
    const failure = new ProviderError({ provider: 'test', kind: 'cut', message: 'connection dropped' });
    const { sink, result } = await runReply((clock) => timedParts(clock, deltas, { error: failure }), { options: { maxMessages: 3 } });
    const shown = sink.visible();
    assert.equal(shown.length, 3);
    assert.ok(shown[2]!.endsWith(`\n\n${englishReplyTexts.messageCapNote(3)}`), shown[2]);
    assert.equal(result.outcome, 'failed');
  });

  it('GIVEN an answer that fits the cap THEN it is untouched', async () => {
    const { sink, result } = await runReply((clock) => timedParts(clock, evenDeltas(paragraph, 40, 5)), { options: { maxMessages: 1 } });
    assert.deepEqual(sink.visible(), [paragraph]);
    assert.equal(result.text, paragraph);
  });
});
