import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderAnswersAfterQuestions } from '../../src/conversation/answer-order.ts';
import type { ThreadMessage } from '../../src/conversation/thread-message.ts';

const person = (id: string, content: string): ThreadMessage => ({ id, authorId: 'u', authorName: 'Ann', isFromThisBot: false, authorIsBot: false, content, createdAt: Number(id) });
const bot = (id: string, content: string): ThreadMessage => ({ id, authorId: 'b', authorName: 'Cordial', isFromThisBot: true, authorIsBot: true, content, createdAt: Number(id) });
const contents = (messages: ThreadMessage[]) => messages.map((message) => message.content);

describe('orderAnswersAfterQuestions', () => {
  it('GIVEN questions sent while the model was thinking THEN the answer moves right after the question it answered', () => {
    const messages = [person('10', 'Q1'), person('11', 'Q2'), person('12', 'Q3'), bot('13', 'A1 part 1'), bot('14', 'A1 part 2')];
    assert.deepEqual(contents(orderAnswersAfterQuestions(messages, new Map([['13', '10']]))), ['Q1', 'A1 part 1', 'A1 part 2', 'Q2', 'Q3']);
  });

  it('GIVEN answers already in place or without anchors THEN nothing moves', () => {
    const messages = [person('10', 'Q1'), bot('11', 'A1'), person('12', 'Q2'), bot('13', 'A2')];
    assert.deepEqual(contents(orderAnswersAfterQuestions(messages, new Map([['11', '10'], ['13', '12']]))), ['Q1', 'A1', 'Q2', 'A2']);
    assert.deepEqual(contents(orderAnswersAfterQuestions(messages, new Map())), ['Q1', 'A1', 'Q2', 'A2']);
  });

  it('GIVEN two late answers in a row THEN each goes after its own question', () => {
    const messages = [person('10', 'Q1'), person('11', 'Q2'), bot('12', 'A1'), person('13', 'Q3'), bot('14', 'A2')];
    const anchors = new Map([['12', '10'], ['14', '11']]);
    assert.deepEqual(contents(orderAnswersAfterQuestions(messages, anchors)), ['Q1', 'A1', 'Q2', 'A2', 'Q3']);
  });

  it('GIVEN an anchor that was deleted THEN the answer keeps its place', () => {
    const messages = [person('11', 'Q2'), bot('12', 'A1')];
    assert.deepEqual(contents(orderAnswersAfterQuestions(messages, new Map([['12', '10']]))), ['Q2', 'A1']);
  });
});
