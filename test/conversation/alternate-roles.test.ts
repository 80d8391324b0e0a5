import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { alternateRoles } from '../../src/conversation/alternate-roles.ts';
import { fitConversation } from '../../src/conversation/fit-conversation.ts';
import { buildHistory } from '../../src/conversation/history.ts';
import type { ThreadMessage } from '../../src/conversation/thread-message.ts';
import type { ChatMessage } from '../../src/model/chat-message.ts';
import { contentText } from '../../src/model/message-content.ts';

describe('alternateRoles', () => {
  it('GIVEN two user turns in a row from one person THEN one turn, a blank line between', () => {
    const { messages } = alternateRoles([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'user', content: 'Are you there?' },
    ]);
    assert.deepEqual(messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi\n\nAre you there?' },
    ]);
  });

  it('GIVEN user turns of two people THEN one turn that keeps their prefixes', () => {
    const { messages } = alternateRoles([
      { role: 'assistant', content: 'Ready.' },
      { role: 'user', content: 'Max: Is tea better hot?' },
      { role: 'user', content: 'Ada: Or iced?' },
    ]);
    assert.deepEqual(messages, [{ role: 'user', content: 'Max: Is tea better hot?\n\nAda: Or iced?' }]);
  });

  it('GIVEN a trimmed history that starts with answers THEN they are dropped until the first user turn', () => {
    const result = alternateRoles([
      { role: 'system', content: 'S' },
      { role: 'assistant', content: 'an answer whose question was trimmed' },
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a' },
    ]);
    assert.deepEqual(result.messages.map((message) => message.role), ['system', 'user', 'assistant']);
    assert.deepEqual(result.dropped, [{ role: 'assistant', content: 'an answer whose question was trimmed' }]);
  });

  it('GIVEN an already alternating conversation THEN it is unchanged', () => {
    const conversation: ChatMessage[] = [
      { role: 'system', content: 'S' },
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'q2' },
    ];
    assert.deepEqual(alternateRoles(conversation), { messages: conversation, dropped: [] });
  });
});

describe('fitConversation', () => {
  it('GIVEN a budget that cuts between a question and its answer THEN the orphaned answer goes too, and the conversation starts with a user turn', () => {
    const history: ChatMessage[] = [
      { role: 'system', content: 'S' },
      { role: 'user', content: 'x'.repeat(400) },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'second question' },
    ];
    // system 3 + 4 + 1, newest 4 + 5, the answer 4 + 4: the long question does not fit
    const fitted = fitConversation(history, 30);
    assert.deepEqual(fitted.messages.map((message) => message.content), ['S', 'second question']);
    assert.deepEqual(fitted.dropped.map((message) => message.role), ['user', 'assistant']);
  });

  it('PROPERTY: whatever the thread and the budget, roles alternate user/assistant after the system prompt, start and end with user, and the newest words stay', () => {
    const speaker = fc.constantFrom({ authorId: '111', authorName: 'Max' }, { authorId: '222', authorName: 'Ada' });
    const text = fc.oneof(fc.constant(''), fc.constant('   '), fc.string({ maxLength: 60 }), fc.constant('-# ⚠️ Answer cut short: timeout.'));
    const message = fc.record({ kind: fc.constantFrom('person', 'person', 'bot', 'bot', 'other bot'), speaker, content: text });
    const newest = fc.record({ speaker, content: fc.string({ minLength: 1, maxLength: 60 }).filter((content) => content.trim() !== '') });
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 30 }),
        newest,
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        fc.integer({ min: 0, max: 400 }),
        (earlier, last, prompt, system, budget) => {
          let id = 1_000_000_000_000_000_000n;
          const toMessage = (kind: string, from: { authorId: string; authorName: string }, content: string): ThreadMessage => {
            id += 1n;
            const isFromThisBot = kind === 'bot';
            return { id: String(id), authorId: isFromThisBot ? 'bot' : from.authorId, authorName: from.authorName, isFromThisBot, authorIsBot: kind !== 'person', content, createdAt: 0 };
          };
          const messages = [...earlier.map((entry) => toMessage(entry.kind, entry.speaker, entry.content)), toMessage('person', last.speaker, last.content)];
          const history = buildHistory({
            ...(system === undefined ? {} : { system }),
            ...(prompt === undefined ? {} : { prompt: { authorId: '111', authorName: 'Max', content: prompt } }),
            messages,
          });
          const sent = fitConversation(history, budget).messages;
          const turns = sent[0]?.role === 'system' ? sent.slice(1) : sent;
          assert.ok(turns.every((turn) => turn.role !== 'system'), 'one system prompt, first');
          turns.forEach((turn, index) => assert.equal(turn.role, index % 2 === 0 ? 'user' : 'assistant', JSON.stringify(sent)));
          assert.equal(turns.at(-1)?.role, 'user');
          // the newest message's end is what was asked: it always reaches the model
          const lastWords = [...last.content].slice(-10).join('');
          assert.ok(contentText(turns.at(-1)!.content).endsWith(lastWords), JSON.stringify(sent));
        },
      ),
      { numRuns: 500 },
    );
  });
});
