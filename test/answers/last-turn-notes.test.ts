/**
 * Without the Message Content intent, `openAnswerThread` posts a hint of the bot's into every
 * thread it opens. Such a note is no turn: the thread's opening answer (an `/ask`'s, a
 * mention's, an "Ask Cordial"'s) stays regenerable until someone writes after it.
 */import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { isLastTurn } from '../../src/answers/regenerate-turn.ts';
import { english } from '../../src/i18n/english.ts';
import { FakeMessageSource } from './support/fake-message-source.ts';
import { ada, botUserId, channelId, guildId, nextSnowflake } from './support/people.ts';
import { testServices, type TestServices } from './support/test-services.ts';

const open: TestServices[] = [];
afterEach(() => {
  for (const built of open.splice(0)) built.close();
});

describe('isLastTurn and the no-intent hint of a new thread', () => {
  it('GIVEN a thread opened on an /ask answer whose only message is the bot hint THEN the answer is still the last turn', async () => {
    const built = testServices();
    open.push(built);
    const firstMessageId = nextSnowflake();
    await built.store.saveAnswer({
      firstMessageId,
      channelId,
      guildId,
      messageIds: [firstMessageId],
      modelId: 'openai/gpt-4o',
      askedBy: [ada.id],
      trigger: 'ask',
      turn: { prompt: 'Say hello.', attachments: [], authorId: ada.id, authorName: ada.name },
      locale: 'en-US',
      follows: null,
    });
    const record = (await built.store.getAnswer(firstMessageId))!;
    // what openAnswerThread leaves when context.messageContent is false: the hint, seen by the gateway
    const opened = new FakeMessageSource(botUserId, firstMessageId);
    built.services.historyCache.set(opened.id, []);
    const hint = opened.answer(english.noMessageContentIntent('Cordial'))[0]!;
    built.services.historyCache.onMessageCreated(opened.id, hint);
    assert.equal(await isLastTurn(built.services, record, opened), true, 'nobody wrote after the answer: Regenerate must not be refused as not-last');
  });
});
