import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderAnswersAfterQuestions } from '../../src/conversation/answer-order.ts';
import { awaitsAnswer } from '../../src/conversation/awaits-answer.ts';
import type { ThreadMessage } from '../../src/conversation/thread-message.ts';
import { TurnQueue } from '../../src/conversation/turn-queue.ts';

let nextId = 1_000_000_000_000_000_000n;
function person(content: string, authorId = '111'): ThreadMessage {
  nextId += 1n;
  return { id: String(nextId), authorId, authorName: `person ${authorId}`, isFromThisBot: false, authorIsBot: false, content, createdAt: 0 };
}
function bot(content: string): ThreadMessage {
  return { ...person(content, 'bot'), isFromThisBot: true, authorIsBot: true };
}
function otherBot(content: string): ThreadMessage {
  return { ...person(content, 'helper'), authorIsBot: true };
}

describe('awaitsAnswer', () => {
  it('GIVEN a person wrote last THEN there is something to answer', () => {
    assert.equal(awaitsAnswer([person('Hi'), bot('Hello!'), person('How are you?')]), true);
  });

  it('GIVEN the bot answered last THEN there is nothing to answer', () => {
    assert.equal(awaitsAnswer([person('Is tea better hot?'), person('Or iced?', '222'), bot('Hot, mostly.')]), false);
  });

  it('GIVEN an empty conversation THEN there is nothing to answer', () => {
    assert.equal(awaitsAnswer([]), false);
  });

  it('GIVEN the bot answered with a note only (a failure) THEN that counts as answered, not as a question to retry', () => {
    assert.equal(awaitsAnswer([person('Hi'), bot('-# ⚠️ No answer from **openai/gpt-4o-mini**: the provider is down.')]), false);
  });

  it('GIVEN messages that are no turn after the answer (empty, another bot) THEN they are looked past', () => {
    assert.equal(awaitsAnswer([person('Hi'), bot('Hello!'), person(''), person('   '), otherBot('beep')]), false);
    // invisible-only text starts no turn in the listener, so it asks for nothing here either
    assert.equal(awaitsAnswer([person('Hi'), bot('Hello!'), person('\u200b\u2060\ufeff')]), false);
    assert.equal(awaitsAnswer([person('Hi'), bot('Hello!'), otherBot('beep')], { includeOtherBots: true }), true);
  });

  it('GIVEN a question posted while the answer was thought about THEN, with the answer put after what it answered, it still awaits one', () => {
    const first = person('First');
    const later = person('Later');
    const answer = bot('Answer to the first');
    // Discord's order: the answer's message was created after the later question
    const ordered = orderAnswersAfterQuestions([first, later, answer], new Map([[answer.id, first.id]]));
    assert.equal(awaitsAnswer(ordered), true);
  });
});

describe('TurnQueue with awaitsAnswer', () => {
  it('GIVEN two messages that both arrive before the first turn reads the thread THEN one answer, and the folded turn answers nothing', async () => {
    const queue = new TurnQueue(() => assert.fail('no errors expected'));
    const thread: ThreadMessage[] = [];
    let modelCalls = 0;
    let readHistory!: () => void;
    const historyRead = new Promise<void>((resolve) => (readHistory = resolve));
    const turn = async () => {
      // the first turn reads the thread only after both messages are in it
      await historyRead;
      if (!awaitsAnswer(thread)) return;
      modelCalls += 1;
      thread.push(bot(`answer ${modelCalls}`));
    };
    thread.push(person('Is tea better hot?'));
    queue.request('thread', turn);
    thread.push(person('Or iced?', '222'));
    queue.request('thread', turn);
    readHistory();
    await queue.idle();
    assert.equal(modelCalls, 1);
    assert.deepEqual(thread.map((message) => message.content), ['Is tea better hot?', 'Or iced?', 'answer 1']);
  });

  it('GIVEN a message that arrives after the first turn read the thread THEN the folded turn answers it', async () => {
    const queue = new TurnQueue(() => assert.fail('no errors expected'));
    const thread: ThreadMessage[] = [person('First')];
    const anchors = new Map<string, string>();
    let release!: () => void;
    const answering = new Promise<void>((resolve) => (release = resolve));
    let modelCalls = 0;
    const turn = async () => {
      const read = orderAnswersAfterQuestions(thread, anchors);
      if (!awaitsAnswer(read)) return;
      const newestRead = read.at(-1)!.id;
      modelCalls += 1;
      if (modelCalls === 1) await answering;
      // the answer's message is created after 'Second', and anchored to what its turn read
      const answer = bot(`answer ${modelCalls}`);
      thread.push(answer);
      anchors.set(answer.id, newestRead);
    };
    queue.request('thread', turn);
    await Promise.resolve();
    thread.push(person('Second'));
    queue.request('thread', turn);
    release();
    await queue.idle();
    assert.equal(modelCalls, 2);
    assert.deepEqual(orderAnswersAfterQuestions(thread, anchors).map((message) => message.content), ['First', 'answer 1', 'Second', 'answer 2']);
  });
});
