/**
 * Reading a conversation through the `MessageSource` port: newest-first pages of 100 until the
 * platform runs out or HISTORY_MAX_MESSAGES is reached, oldest first, cached, with the gateway
 * events of the load kept; and whether the newest turn still awaits an answer.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { awaitsAnswerIn, conversationMessages, orderedConversation } from '../../src/answers/conversation-history.ts';
import { FakeMessageSource } from './support/fake-message-source.ts';
import { ada, botUserId, helperBot, max, nextSnowflake, timeOf } from './support/people.ts';
import { testServices, type TestServices } from './support/test-services.ts';

const open: TestServices[] = [];
function setUp(env: Record<string, string> = {}): TestServices {
  const built = testServices(env);
  open.push(built);
  return built;
}
afterEach(() => {
  for (const built of open.splice(0)) built.close();
});

/** A source holding `count` messages of Ada's, numbered from 1. */
function sourceWith(count: number): FakeMessageSource {
  const source = new FakeMessageSource(botUserId);
  for (let index = 1; index <= count; index += 1) source.say(ada, `m${index}`);
  return source;
}

const contents = (messages: readonly { content: string }[]) => messages.map((message) => message.content);

describe('conversationMessages', () => {
  it('GIVEN 30 messages THEN one page of 100 is asked for, and the short page ends the read, oldest first', async () => {
    const { services } = setUp();
    const source = sourceWith(30);
    const messages = await conversationMessages(services, source);
    assert.deepEqual(source.pageRequests, [{ limit: 100 }]);
    assert.deepEqual(messages, source.messages);
  });

  it('GIVEN 230 messages and HISTORY_MAX_MESSAGES 250 THEN pages of 100 go back with `before` until the short third page', async () => {
    const { services } = setUp({ HISTORY_MAX_MESSAGES: '250' });
    const source = sourceWith(230);
    const messages = await conversationMessages(services, source);
    assert.deepEqual(source.pageRequests, [
      { limit: 100 },
      { limit: 100, before: source.all[130]!.id },
      { limit: 50, before: source.all[30]!.id },
    ]);
    assert.equal(messages.length, 230);
    assert.deepEqual(messages, source.messages);
  });

  it('GIVEN more messages than HISTORY_MAX_MESSAGES (150) THEN the last page asks only for what is left, and the newest 150 come back', async () => {
    const { services } = setUp({ HISTORY_MAX_MESSAGES: '150' });
    const source = sourceWith(400);
    const messages = await conversationMessages(services, source);
    assert.deepEqual(source.pageRequests, [{ limit: 100 }, { limit: 50, before: source.all[300]!.id }]);
    assert.deepEqual(contents(messages), contents(source.messages.slice(-150)));
    assert.equal(messages[0]!.content, 'm251');
    assert.equal(messages.at(-1)!.content, 'm400');
  });

  it('GIVEN exactly a full page and nothing before it THEN the empty page after it ends the read', async () => {
    const { services } = setUp();
    const source = sourceWith(100);
    const messages = await conversationMessages(services, source);
    assert.deepEqual(source.pageRequests, [{ limit: 100 }, { limit: 100, before: source.all[0]!.id }]);
    assert.equal(messages.length, 100);
  });

  it('GIVEN pins and joins among the messages THEN they count toward a full page but are not returned, and the read goes on', async () => {
    const { services } = setUp();
    const source = new FakeMessageSource(botUserId);
    for (let index = 1; index <= 120; index += 1) {
      if (index % 10 === 0) source.notice();
      else source.say(ada, `m${index}`);
    }
    const messages = await conversationMessages(services, source);
    assert.equal(source.pageRequests.length, 2, 'a page of 100 with 10 notices is still full');
    assert.equal(messages.length, 108);
    assert.deepEqual(messages, source.messages);
  });

  it('GIVEN a conversation read once THEN the second call reads nothing and returns the same messages, as a copy', async () => {
    const { services } = setUp();
    const source = sourceWith(5);
    const first = await conversationMessages(services, source);
    first.pop();
    const second = await conversationMessages(services, source);
    assert.equal(source.pageRequests.length, 1);
    assert.deepEqual(contents(second), ['m1', 'm2', 'm3', 'm4', 'm5'], 'changing a returned list does not change the cache');
    assert.deepEqual(services.historyCache.get(source.id), source.messages);
  });

  it('GIVEN a page that fails THEN the call rejects, nothing is cached, and the next call reads the source again', async () => {
    const { services } = setUp();
    const source = sourceWith(120);
    source.failNextPage(new Error('Discord 503'));
    const failing = conversationMessages(services, source);
    await assert.rejects(failing, /Discord 503/);
    assert.equal(services.historyCache.get(source.id), undefined);
    // the failed load no longer collects events: a message now is read with the next load
    const late = source.say(max, 'late');
    services.historyCache.onMessageCreated(source.id, late);
    const messages = await conversationMessages(services, source);
    assert.equal(source.pageRequests.length, 3, 'the failed page, then two pages of the new load');
    assert.equal(messages.length, 121);
    assert.equal(messages.at(-1)!.content, 'late');
  });

  it('GIVEN gateway events while the history loads THEN the cache holds them on top of what was read', async () => {
    const { services } = setUp();
    const source = sourceWith(3);
    const held = source.holdNextPage();
    const loading = conversationMessages(services, source);
    await held.reached;
    // these happen after Discord answered the page: the page cannot show them
    const [first, second] = source.messages;
    const createdId = nextSnowflake();
    services.historyCache.onMessageCreated(source.id, { id: createdId, authorId: max.id, authorName: max.name, isFromThisBot: false, authorIsBot: false, content: 'sent meanwhile', createdAt: timeOf(createdId) });
    services.historyCache.onMessageUpdated(source.id, { id: first!.id, content: 'm1 (edited)', editedAt: timeOf(createdId) });
    services.historyCache.onMessageDeleted(source.id, second!.id);
    held.release();
    await loading;
    const cached = await conversationMessages(services, source);
    assert.equal(source.pageRequests.length, 1);
    assert.deepEqual(contents(cached), ['m1 (edited)', 'm3', 'sent meanwhile']);
  });

  it(
    'GIVEN a message edited and one deleted while the history loads THEN the turn that loaded it reads them as the cache has them',
    async () => {
      const { services } = setUp();
      const source = sourceWith(2);
      const held = source.holdNextPage();
      const loading = conversationMessages(services, source);
      await held.reached;
      const [first, second] = source.messages;
      services.historyCache.onMessageUpdated(source.id, { id: first!.id, content: 'm1 (edited)', editedAt: first!.createdAt + 1 });
      services.historyCache.onMessageDeleted(source.id, second!.id);
      held.release();
      assert.deepEqual(contents(await loading), ['m1 (edited)']);
    },
  );
});

describe('awaitsAnswerIn', () => {
  it('GIVEN a person wrote last THEN the conversation awaits an answer; GIVEN the bot answered last THEN it does not', async () => {
    const { services } = setUp();
    const asked = new FakeMessageSource(botUserId);
    asked.say(ada, 'Hi?');
    assert.equal(await awaitsAnswerIn(services, asked), true);
    const answered = new FakeMessageSource(botUserId);
    answered.say(ada, 'Hi?');
    answered.answer('Hello.');
    assert.equal(await awaitsAnswerIn(services, answered), false);
  });

  it('GIVEN only another bot wrote after the answer THEN nothing awaits an answer', async () => {
    const { services } = setUp();
    const source = new FakeMessageSource(botUserId);
    source.say(ada, 'Hi?');
    source.answer('Hello.');
    source.say(helperBot, 'Beep.');
    assert.equal(await awaitsAnswerIn(services, source), false);
  });

  it('GIVEN Max wrote while the answer to Ada was thinking THEN the anchor puts the answer before him and his turn awaits one', async () => {
    const { services } = setUp();
    const source = new FakeMessageSource(botUserId);
    const question = source.say(ada, 'Q1');
    source.say(max, 'Q2');
    const [answer] = source.answer('A1');
    assert.equal(await awaitsAnswerIn(services, source), false, 'without the anchor, Discord’s order ends with the bot');
    services.historyCache.onThreadDeleted(source.id);
    services.anchors.set(answer!.id, question.id);
    assert.deepEqual(contents(await orderedConversation(services, source)), ['Q1', 'A1', 'Q2']);
    assert.equal(await awaitsAnswerIn(services, source), true);
  });
});
