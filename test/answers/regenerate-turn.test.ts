/**
 * Regenerate in the answers layer: who may press it and when (not while the answer is written),
 * whether the answer is still its conversation's last turn, and the conversation each kind of
 * turn is rebuilt into from the record its answer left — the same messages the model was given
 * the first time. Records go through the real store, answers through the real runner.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { answerTurn, isRefusal, prepareTurn, type PreparedTurn, type TurnRecord } from '../../src/answers/answer-turn.ts';
import { isLastTurn, mayRegenerate, regeneratedConversation } from '../../src/answers/regenerate-turn.ts';
import { replyChainConversation } from '../../src/answers/reply-chain.ts';
import { directConversation, promptConversation, threadConversation, type TurnConversation } from '../../src/answers/turn-conversation.ts';
import type { ThreadMessage } from '../../src/conversation/thread-message.ts';
import { english } from '../../src/i18n/english.ts';
import type { AnswerRecord, AnswerRecordInput } from '../../src/store/saved-answers.ts';
import { openBotThread } from './support/bot-thread.ts';
import { FakeMessageSource } from './support/fake-message-source.ts';
import { startFileServer, type FileServer } from './support/file-server.ts';
import { MemorySink } from './support/memory-sink.ts';
import { ada, botUserId, channelId, eve, guildId, helperBot, max, nextSnowflake, timeOf } from './support/people.ts';
import { CONTEXT_TOKENS, SYSTEM_PROMPT, testServices, type TestServices } from './support/test-services.ts';

let files: FileServer;
before(async () => {
  files = await startFileServer([{ name: 'notes.txt', bytes: new TextEncoder().encode('Line one.'), contentType: 'text/plain' }]);
});
after(() => files.stop());

const open: TestServices[] = [];
function setUp(): TestServices {
  const built = testServices({ DISCORD_ATTACHMENT_ORIGINS: files.origin });
  open.push(built);
  return built;
}
afterEach(() => {
  for (const built of open.splice(0)) built.close();
});

/** A kept answer: Ada's `/ask` in a channel unless told otherwise. */
async function keep(built: TestServices, fields: Partial<AnswerRecordInput> = {}): Promise<AnswerRecord> {
  const firstMessageId = fields.firstMessageId ?? nextSnowflake();
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
    ...fields,
  });
  return (await built.store.getAnswer(firstMessageId))!;
}

async function prepared(built: TestServices, modelId = 'openai/gpt-4o'): Promise<PreparedTurn> {
  const turn = await prepareTurn(built.services, { modelId, askerId: ada.id, claimQuota: false });
  assert.ok(!isRefusal(turn));
  return turn;
}

/**
 * Answers a turn as a trigger does (into its conversation's cache when it has one) and returns
 * its record as the store gives it back, with the conversation the model was given.
 */
async function answered(
  built: TestServices,
  turn: { conversation: (contextTokens: number) => Promise<TurnConversation>; record: (conversation: TurnConversation) => Omit<TurnRecord, 'locale'>; place: string; conversationId?: string },
): Promise<{ record: AnswerRecord; conversation: TurnConversation }> {
  const sink = new MemorySink();
  const { result, conversation } = await built.clock.run(
    answerTurn(built.services, {
      prepared: await prepared(built),
      catalog: english,
      place: { guildId, channelId: turn.place },
      conversation: turn.conversation,
      reply: { sink, ...(turn.conversationId === undefined ? {} : { conversationId: turn.conversationId }) },
      record: (conversation) => ({ ...turn.record(conversation), locale: 'en-US' }),
      logContext: {},
    }),
  );
  const record = await built.store.getAnswer(result.messageIds[0]!);
  assert.ok(record !== undefined);
  return { record, conversation };
}

/** The bot's messages of an answer, as Discord shows them in its conversation. */
function showAnswer(built: TestServices, source: FakeMessageSource, record: AnswerRecord, contents: string[]): void {
  record.messageIds.forEach((id, index) => {
    const message: ThreadMessage = { id, authorId: botUserId, authorName: 'Cordial', isFromThisBot: true, authorIsBot: true, content: contents[index] ?? '', createdAt: timeOf(id) };
    source.all.push(message);
    built.services.historyCache.onMessageCreated(source.id, message);
  });
}

/** A person's message, posted in the source and seen by the gateway. */
function sayLive(built: TestServices, source: FakeMessageSource, person: typeof ada, content: string): ThreadMessage {
  const message = source.say(person, content);
  built.services.historyCache.onMessageCreated(source.id, message);
  return message;
}

/** An answer the runner is writing: its first message is out, the rest still streaming. */
async function answerBeingWritten(): Promise<{ built: TestServices; sink: MemorySink; running: Promise<unknown> }> {
  const built = setUp();
  built.provider.answers.push('word '.repeat(100));
  const sink = new MemorySink();
  const running = answerTurn(built.services, {
    prepared: await prepared(built),
    catalog: english,
    place: { guildId, channelId },
    conversation: (contextTokens) => promptConversation(built.services, { messages: [], prompt: { authorId: ada.id, authorName: ada.name, content: 'Talk.' }, modelId: 'openai/gpt-4o', contextTokens }),
    reply: { sink },
    logContext: {},
  });
  await built.clock.advance(1500);
  return { built, sink, running };
}

describe('mayRegenerate', () => {
  it('GIVEN whoever asked or a moderator THEN they may; GIVEN anyone else THEN not-allowed', async () => {
    const built = setUp();
    const record = await keep(built, { askedBy: [ada.id, max.id] });
    assert.equal(await mayRegenerate(built.services, record, { userId: ada.id, canManageMessages: false }), undefined);
    assert.equal(await mayRegenerate(built.services, record, { userId: max.id, canManageMessages: false }), undefined);
    assert.equal(await mayRegenerate(built.services, record, { userId: eve.id, canManageMessages: true }), undefined);
    assert.equal(await mayRegenerate(built.services, record, { userId: eve.id, canManageMessages: false }), 'not-allowed');
  });

  it('GIVEN the runner is writing one of its messages THEN busy after a moment’s wait (a stranger is still not-allowed); once written THEN free', async () => {
    const { built, sink, running } = await answerBeingWritten();
    const writing = sink.writes[0]!.messageId;
    const record = await keep(built, { messageIds: [nextSnowflake(), writing] });
    assert.equal(await mayRegenerate(built.services, record, { userId: ada.id, canManageMessages: false }), 'busy');
    assert.equal(await mayRegenerate(built.services, record, { userId: eve.id, canManageMessages: true }), 'busy');
    assert.equal(await mayRegenerate(built.services, record, { userId: eve.id, canManageMessages: false }), 'not-allowed');
    await built.clock.run(running);
    assert.equal(await mayRegenerate(built.services, record, { userId: ada.id, canManageMessages: false }), undefined);
  });

  it('GIVEN a press while the answer is being let go THEN it waits for the answer to be final and may', async () => {
    const { built, sink, running } = await answerBeingWritten();
    const record = await keep(built, { messageIds: [sink.writes[0]!.messageId] });
    const press = mayRegenerate(built.services, record, { userId: ada.id, canManageMessages: false });
    await built.clock.run(running);
    assert.equal(await press, undefined);
  });
});

describe('isLastTurn', () => {
  it('GIVEN another kept answer follows it THEN it is not the last turn, whatever its conversation', async () => {
    const built = setUp();
    const record = await keep(built);
    assert.equal(await isLastTurn(built.services, record, undefined), true, 'nothing follows it yet');
    await keep(built, { trigger: 'reply', turn: { from: nextSnowflake() }, follows: record.firstMessageId });
    assert.equal(await isLastTurn(built.services, record, undefined), false);
  });

  it('GIVEN an answer in its thread THEN it is the last turn until a person writes after it', async () => {
    const built = setUp();
    const { thread } = await openBotThread(built.store);
    thread.say(ada, 'Q1');
    const record = await keep(built, { channelId: thread.id, trigger: 'thread', messageIds: [nextSnowflake(), nextSnowflake()], turn: { upTo: thread.all.at(-1)!.id } });
    showAnswer(built, thread, record, ['A1 part one', 'A1 part two']);
    assert.equal(await isLastTurn(built.services, record, thread), true);
    sayLive(built, thread, helperBot, 'Beep.');
    sayLive(built, thread, ada, '\u200b');
    assert.equal(await isLastTurn(built.services, record, thread), true, 'another bot and an invisible message are no turns');
    sayLive(built, thread, max, 'Q2');
    assert.equal(await isLastTurn(built.services, record, thread), false);
  });

  it('GIVEN a note of the bot after the answer THEN it is still the last turn; GIVEN another answer THEN not', async () => {
    const built = setUp();
    const dm = new FakeMessageSource(botUserId);
    dm.say(ada, 'Hi');
    const record = await keep(built, { channelId: dm.id, guildId: null, trigger: 'dm', turn: { upTo: dm.all.at(-1)!.id } });
    showAnswer(built, dm, record, ['Hello!']);
    assert.equal(await isLastTurn(built.services, record, dm), true);
    // a note is no turn (the no-intent hint a new thread gets, a line about images)
    const note = dm.answer('-# 🖼️ `cat.png` was not shown')[0]!;
    built.services.historyCache.onMessageCreated(dm.id, note);
    assert.equal(await isLastTurn(built.services, record, dm), true);
    const later = await keep(built, { channelId: dm.id, guildId: null, trigger: 'dm', turn: { upTo: note.id } });
    showAnswer(built, dm, later, ['Hello again!']);
    assert.equal(await isLastTurn(built.services, record, dm), false);
  });

  it('GIVEN a person wrote while the answer was thinking THEN its anchor puts it before them, and it is not the last turn', async () => {
    const built = setUp();
    const { thread } = await openBotThread(built.store);
    const question = thread.say(ada, 'Q1');
    thread.say(max, 'Q2, sent while the model thought');
    const record = await keep(built, { channelId: thread.id, trigger: 'thread', turn: { upTo: question.id } });
    showAnswer(built, thread, record, ['A1']);
    assert.equal(await isLastTurn(built.services, record, thread), true, 'in Discord’s order nothing follows it');
    built.services.anchors.set(record.firstMessageId, question.id);
    assert.equal(await isLastTurn(built.services, record, thread), false);
  });

  it('GIVEN a thread opened on the answer THEN it is the last turn while the thread is empty, and not once someone writes there', async () => {
    const built = setUp();
    const record = await keep(built);
    const opened = new FakeMessageSource(botUserId, record.firstMessageId);
    assert.equal(await isLastTurn(built.services, record, opened), true);
    sayLive(built, opened, max, 'Tell me more.');
    assert.equal(await isLastTurn(built.services, record, opened), false);
  });
});

describe('regeneratedConversation', () => {
  it('GIVEN a prompt turn THEN the same prompt, alone after the system prompt, asked by its author', async () => {
    const built = setUp();
    const record = await keep(built, { turn: { prompt: 'Say hello.', attachments: [], authorId: max.id, authorName: max.name }, askedBy: [max.id] });
    const original = await promptConversation(built.services, { messages: [], prompt: { authorId: max.id, authorName: max.name, content: 'Say hello.' }, modelId: 'openai/gpt-4o', contextTokens: CONTEXT_TOKENS });
    const rebuilt = await regeneratedConversation(built.services, record, undefined, 'openai/gpt-4o', CONTEXT_TOKENS);
    assert.deepEqual(rebuilt, original);
    assert.deepEqual(rebuilt?.messages, [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: 'Say hello.' }]);
    assert.deepEqual(rebuilt?.askedBy, [max.id]);
  });

  it('GIVEN a prompt turn of an older record (no author) THEN its first asker stands in', async () => {
    const built = setUp();
    const record = await keep(built, { turn: { prompt: 'Say hello.', attachments: [] }, askedBy: [max.id, ada.id] });
    const rebuilt = await regeneratedConversation(built.services, record, undefined, 'openai/gpt-4o', CONTEXT_TOKENS);
    assert.deepEqual(rebuilt?.askedBy, [max.id]);
    assert.deepEqual(rebuilt?.messages.at(-1), { role: 'user', content: 'Say hello.' });
  });

  it('GIVEN a prompt turn with a file THEN the file is read again for the new model', async () => {
    const built = setUp();
    const record = await keep(built, { turn: { prompt: 'Summarise.', attachments: [files.attachment('notes.txt')], authorId: ada.id, authorName: ada.name } });
    const rebuilt = await regeneratedConversation(built.services, record, undefined, 'openai/gpt-4o-mini', CONTEXT_TOKENS);
    assert.deepEqual(rebuilt?.messages.at(-1), { role: 'user', content: [{ type: 'text', text: 'Summarise.' }, { type: 'file-text', name: 'notes.txt', text: 'Line one.' }] });
  });

  it('GIVEN a thread turn THEN the same messages as the turn had, though its answer and later messages are in the thread now', async () => {
    const built = setUp();
    const { thread, record: threadRecord } = await openBotThread(built.store);
    thread.say(max, 'And of Germany?');
    thread.answer('Berlin.');
    thread.say(ada, 'And of Italy?');
    thread.say(eve, 'And of Spain?');
    built.provider.answers.push(`${'Rome and Madrid. '.repeat(150)}`);
    const { record, conversation } = await answered(built, {
      place: thread.id,
      conversationId: thread.id,
      conversation: (contextTokens) => threadConversation(built.services, thread, threadRecord, contextTokens),
      record: (turn) => ({ trigger: 'thread', turn: { upTo: turn.newestMessageId }, follows: null }),
    });
    assert.equal(record.messageIds.length, 2);
    sayLive(built, thread, ada, 'Thanks!');
    const rebuilt = await regeneratedConversation(built.services, record, thread, 'openai/gpt-4o', CONTEXT_TOKENS);
    assert.deepEqual(rebuilt, conversation);
    assert.deepEqual(rebuilt?.askedBy, [eve.id, ada.id]);
  });

  it('GIVEN a DM turn THEN the DM as it stood, without the answer', async () => {
    const built = setUp();
    const dm = new FakeMessageSource(botUserId);
    dm.say(ada, 'Hi');
    dm.answer('Hello!');
    dm.say(ada, 'Tell me a joke.');
    const { record, conversation } = await answered(built, {
      place: dm.id,
      conversationId: dm.id,
      conversation: (contextTokens) => directConversation(built.services, dm, 'openai/gpt-4o', contextTokens),
      record: (turn) => ({ trigger: 'dm', turn: { upTo: turn.newestMessageId }, follows: null }),
    });
    assert.deepEqual(conversation.messages.map((message) => message.role), ['system', 'user', 'assistant', 'user']);
    const rebuilt = await regeneratedConversation(built.services, record, dm, 'openai/gpt-4o', CONTEXT_TOKENS);
    assert.deepEqual(rebuilt, conversation);
  });

  it('GIVEN an /ask used inside a thread THEN its kept prompt is the turn again, with its file, after the thread as it stood', async () => {
    const built = setUp();
    const { thread, record: threadRecord } = await openBotThread(built.store);
    thread.say(ada, 'And of Germany?');
    thread.answer('Berlin.');
    const id = nextSnowflake();
    const prompt: ThreadMessage = { id, authorId: max.id, authorName: max.name, isFromThisBot: false, authorIsBot: false, content: 'Summarise my notes.', createdAt: timeOf(id), attachments: [files.attachment('notes.txt')] };
    // built before the answer runs: the file is read over the network, which the simulated clock does not wait for
    const original = await threadConversation(built.services, thread, threadRecord, CONTEXT_TOKENS, { ask: { prompt, modelId: 'openai/gpt-4o' } });
    const { record, conversation } = await answered(built, {
      place: thread.id,
      conversationId: thread.id,
      conversation: async () => original,
      record: (turn) => ({ trigger: 'ask', turn: { upTo: turn.newestMessageId, inThread: true }, follows: null }),
    });
    // as /ask does once the answer is written: the prompt is kept by the answer's first message
    await built.store.saveThreadPrompt({ messageId: record.firstMessageId, threadId: thread.id, authorId: max.id, authorName: max.name, prompt: prompt.content, attachments: [...prompt.attachments!] });
    sayLive(built, thread, ada, 'Thanks!');
    const rebuilt = await regeneratedConversation(built.services, record, thread, 'openai/gpt-4o', CONTEXT_TOKENS);
    assert.deepEqual(rebuilt?.messages, conversation.messages);
    assert.deepEqual(rebuilt?.askedBy, [max.id]);
    assert.equal(rebuilt?.newestMessageId, conversation.newestMessageId);
  });

  it(
    'GIVEN an /ask used first in a fresh thread (nothing written there yet) THEN its turn can be rebuilt too',
    async () => {
      const built = setUp();
      const { thread, record: threadRecord } = await openBotThread(built.store);
      const id = nextSnowflake();
      const prompt: ThreadMessage = { id, authorId: max.id, authorName: max.name, isFromThisBot: false, authorIsBot: false, content: 'And of Spain?', createdAt: timeOf(id) };
      const { record, conversation } = await answered(built, {
        place: thread.id,
        conversationId: thread.id,
        conversation: (contextTokens) => threadConversation(built.services, thread, threadRecord, contextTokens, { ask: { prompt, modelId: 'openai/gpt-4o' } }),
        record: (turn) => ({ trigger: 'ask', turn: { upTo: turn.newestMessageId, inThread: true }, follows: null }),
      });
      assert.equal(conversation.newestMessageId, undefined);
      await built.store.saveThreadPrompt({ messageId: record.firstMessageId, threadId: thread.id, authorId: max.id, authorName: max.name, prompt: prompt.content });
      const rebuilt = await regeneratedConversation(built.services, record, thread, 'openai/gpt-4o', CONTEXT_TOKENS);
      assert.deepEqual(rebuilt?.messages, conversation.messages);
    },
  );

  it('GIVEN a reply-chain answer THEN the chain is walked again without it: the same turns as the first time', async () => {
    const built = setUp();
    const channel = new FakeMessageSource(botUserId, channelId);
    const [root] = channel.answer('Paris.');
    await keep(built, { firstMessageId: root!.id, turn: { prompt: 'What is the capital of France?', attachments: [], authorId: ada.id, authorName: ada.name } });
    const reply = channel.say(max, 'And of Germany?', { replyToId: root!.id });
    const original = await replyChainConversation(built.services, channel, reply.id, 'openai/gpt-4o', CONTEXT_TOKENS);
    const [answer] = channel.answer('Berlin.');
    const record = await keep(built, { firstMessageId: answer!.id, trigger: 'reply', turn: { from: reply.id }, askedBy: [max.id], follows: root!.id });
    const rebuilt = await regeneratedConversation(built.services, record, channel, 'openai/gpt-4o', CONTEXT_TOKENS);
    assert.deepEqual(rebuilt, original);
    assert.deepEqual(rebuilt?.messages.slice(1), [
      { role: 'user', content: 'Ada: What is the capital of France?' },
      { role: 'assistant', content: 'Paris.' },
      { role: 'user', content: 'Max: And of Germany?' },
    ]);
  });

  it(
    'GIVEN a reply-chain answer whose person’s message is gone THEN its turn cannot be rebuilt (undefined), rather than the system prompt alone',
    async () => {
      const built = setUp();
      const channel = new FakeMessageSource(botUserId, channelId);
      const record = await keep(built, { trigger: 'reply', turn: { from: nextSnowflake() }, follows: nextSnowflake() });
      assert.equal(await regeneratedConversation(built.services, record, channel, 'openai/gpt-4o', CONTEXT_TOKENS), undefined);
    },
  );

  it('GIVEN a turn it cannot rebuild THEN undefined: no turn, an unknown shape, no channel, no thread record, no kept prompt', async () => {
    const built = setUp();
    const { thread } = await openBotThread(built.store);
    const rebuild = async (fields: Partial<AnswerRecordInput>, source: FakeMessageSource | null = thread) =>
      regeneratedConversation(built.services, (await keep(built, { channelId: thread.id, ...fields })), source ?? undefined, 'openai/gpt-4o', CONTEXT_TOKENS);
    assert.equal(await rebuild({ turn: null }), undefined);
    assert.equal(await rebuild({ turn: 'Say hello.' }), undefined);
    assert.equal(await rebuild({ trigger: 'mention', turn: { from: nextSnowflake() } }), undefined, 'a chain’s start on another trigger');
    assert.equal(await rebuild({ trigger: 'reply', turn: { from: nextSnowflake() } }, null), undefined, 'a reply chain without its channel');
    assert.equal(await rebuild({ trigger: 'thread', turn: { upTo: nextSnowflake() } }, null), undefined, 'a thread turn without its thread');
    assert.equal(await rebuild({ trigger: 'thread', turn: { upTo: nextSnowflake() } }, new FakeMessageSource(botUserId)), undefined, 'not a bot thread');
    assert.equal(await rebuild({ trigger: 'ask', turn: { upTo: nextSnowflake(), inThread: true } }), undefined, 'no prompt kept for it');
  });
});
