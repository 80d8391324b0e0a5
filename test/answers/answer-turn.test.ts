/**
 * The one answering path: `prepareTurn` refuses before anything is shown or any model asked,
 * `refusalText` words each refusal, and `answerTurn` streams through the runner into the reply's
 * sink, keeps the history cache and the anchors current, writes the answer down for Regenerate,
 * and gives the quota place back whatever happens. Real store, cache, quota and runner; the
 * model is scripted and Discord is a sink in memory.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { answerTurn, isRefusal, prepareTurn, refusalText, type PreparedTurn, type TurnRefusal, type TurnRequest } from '../../src/answers/answer-turn.ts';
import { answerTokenLimit, promptConversation, threadConversation, type TurnConversation } from '../../src/answers/turn-conversation.ts';
import { english } from '../../src/i18n/english.ts';
import { russian } from '../../src/i18n/russian.ts';
import type { Store } from '../../src/store/store-port.ts';
import { openBotThread } from './support/bot-thread.ts';
import { MemorySink } from './support/memory-sink.ts';
import { ada, channelId, guildId, max } from './support/people.ts';
import { CONTEXT_TOKENS, SYSTEM_PROMPT, testServices, type TestServices } from './support/test-services.ts';

const open: TestServices[] = [];
function setUp(env: Record<string, string> = {}): TestServices {
  const built = testServices(env);
  open.push(built);
  return built;
}
afterEach(() => {
  for (const built of open.splice(0)) built.close();
});

/** A prepared turn of `askerId` for `modelId`, or the test fails. */
async function prepared(built: TestServices, modelId = 'openai/gpt-4o', askerId = ada.id, claimQuota = true): Promise<PreparedTurn> {
  const turn = await prepareTurn(built.services, { modelId, askerId, claimQuota });
  assert.ok(!isRefusal(turn), `refused: ${JSON.stringify(turn)}`);
  return turn;
}

/** Ada's one-off prompt as the conversation. */
function adaAsks(built: TestServices, content = 'Say hello.'): TurnRequest['conversation'] {
  return (contextTokens) => promptConversation(built.services, { messages: [], prompt: { authorId: ada.id, authorName: ada.name, content }, modelId: 'openai/gpt-4o', contextTokens });
}

function request(built: TestServices, turn: PreparedTurn, fields: Partial<TurnRequest> & { sink?: MemorySink } = {}): TurnRequest {
  const { sink = new MemorySink(), ...rest } = fields;
  return {
    prepared: turn,
    catalog: english,
    place: { guildId, channelId },
    conversation: adaAsks(built),
    reply: { sink },
    logContext: { test: true },
    ...rest,
  };
}

/** Whether `userId` can take another place in the quota now (the place is given back at once). */
async function hasPlaceLeft(built: TestServices, userId: string): Promise<boolean> {
  const release = await built.services.quota.claim(userId);
  release?.();
  return release !== undefined;
}

describe('prepareTurn', () => {
  it('GIVEN no model applies THEN it refuses with no-model, resolving nothing and taking no place', async () => {
    const built = setUp({ MAX_ANSWERS_PER_USER: '1' });
    assert.deepEqual(await prepareTurn(built.services, { modelId: undefined, askerId: ada.id, claimQuota: true }), { refused: 'no-model' });
    assert.deepEqual(built.resolutions, []);
    assert.equal(await hasPlaceLeft(built, ada.id), true);
  });

  it('GIVEN a model the providers do not have THEN it refuses with unknown-model and its reason, taking no place', async () => {
    const built = setUp({ MAX_ANSWERS_PER_USER: '1' });
    const refusal = await prepareTurn(built.services, { modelId: 'openai/gpt-5', askerId: ada.id, claimQuota: true });
    assert.deepEqual(refusal, { refused: 'unknown-model', model: { unknown: 'openai/gpt-5', reason: { code: 'not-listed', provider: 'openai', model: 'gpt-5' } } });
    assert.equal(await hasPlaceLeft(built, ada.id), true);
  });

  it('GIVEN the asker has MAX_ANSWERS_PER_USER answers being written THEN it refuses with busy and the limit, and no model is asked', async () => {
    const built = setUp({ MAX_ANSWERS_PER_USER: '2' });
    const first = await prepared(built);
    await prepared(built);
    const refusal = await prepareTurn(built.services, { modelId: 'openai/gpt-4o', askerId: ada.id, claimQuota: true });
    assert.deepEqual(refusal, { refused: 'busy', limit: 2 });
    assert.equal(built.provider.requests.length, 0);
    assert.equal(await hasPlaceLeft(built, max.id), true, 'the quota is per person');
    first.release();
    await prepared(built);
  });

  it('GIVEN claimQuota false THEN the quota is never touched: a full quota does not refuse, and release frees nothing', async () => {
    const built = setUp({ MAX_ANSWERS_PER_USER: '1' });
    const held = await prepared(built);
    const threadTurn = await prepared(built, 'openai/gpt-4o-mini', ada.id, false);
    assert.equal(threadTurn.resolved.id, 'openai/gpt-4o-mini');
    threadTurn.release();
    assert.equal(await hasPlaceLeft(built, ada.id), false, 'the /ask still holds the only place');
    held.release();
    held.release();
    assert.equal(await hasPlaceLeft(built, ada.id), true);
    assert.equal(await prepareTurn(built.services, { modelId: 'openai/gpt-4o', askerId: ada.id, claimQuota: true }).then(isRefusal), false);
  });

  it('GIVEN MAX_ANSWERS_PER_USER 0 THEN nobody is ever busy', async () => {
    const built = setUp({ MAX_ANSWERS_PER_USER: '0' });
    for (let index = 0; index < 5; index += 1) await prepared(built);
  });
});

describe('refusalText', () => {
  const refusals: TurnRefusal[] = [
    { refused: 'no-model' },
    { refused: 'unknown-model', model: { unknown: 'openai/gpt-5', reason: { code: 'not-listed', provider: 'openai', model: 'gpt-5' } } },
    { refused: 'busy', limit: 3 },
  ];

  for (const [language, catalog] of [['English', english], ['Russian', russian]] as const) {
    it(`GIVEN each refusal THEN the ${language} catalog words it`, async () => {
      assert.deepEqual(
        refusals.map((refusal) => refusalText(catalog, refusal)),
        [catalog.noModelConfigured, catalog.unknownModel('openai/gpt-5', { code: 'not-listed', provider: 'openai', model: 'gpt-5' }), catalog.tooManyAnswers(3)],
      );
      assert.match(refusalText(catalog, refusals[1]!), /`openai\/gpt-5`/);
      assert.match(refusalText(catalog, refusals[2]!), /3/);
    });

    it(`GIVEN a wording for no model (DMs) THEN the ${language} no-model refusal uses it, and the others keep theirs`, async () => {
      const dm = catalog.noModelForDirectMessages;
      assert.equal(refusalText(catalog, { refused: 'no-model' }, dm), dm);
      assert.equal(refusalText(catalog, { refused: 'busy', limit: 1 }, dm), catalog.tooManyAnswers(1));
    });
  }

  it('GIVEN the two catalogs THEN no refusal reads the same in both', async () => {
    for (const refusal of refusals) assert.notEqual(refusalText(english, refusal), refusalText(russian, refusal));
  });

  it('GIVEN a prepared turn and a refusal THEN isRefusal tells them apart', async () => {
    const built = setUp();
    assert.equal(isRefusal(await prepared(built)), false);
    assert.equal(isRefusal({ refused: 'no-model' }), true);
  });
});

describe('answerTurn', () => {
  it('GIVEN a prompt turn THEN the model gets its conversation and answer bound, and the answer streams into the sink', async () => {
    const built = setUp();
    built.provider.answers.push('Hello, Ada! Nice to meet you.');
    const sink = new MemorySink();
    const contexts: number[] = [];
    const answered = await built.clock.run(
      answerTurn(built.services, request(built, await prepared(built), {
        sink,
        conversation: (contextTokens) => {
          contexts.push(contextTokens);
          return adaAsks(built)(contextTokens);
        },
      })),
    );
    assert.deepEqual(contexts, [CONTEXT_TOKENS], 'the context the provider lists');
    assert.equal(answered.result.outcome, 'complete');
    assert.equal(answered.result.text, 'Hello, Ada! Nice to meet you.');
    assert.deepEqual(sink.visible(), ['Hello, Ada! Nice to meet you.']);
    assert.equal(sink.writes.at(-1)!.final, true);
    const [sent] = built.provider.requests;
    assert.equal(sent!.model, 'gpt-4o');
    assert.deepEqual(sent!.messages, [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: 'Say hello.' }]);
    assert.deepEqual(sent!.messages, answered.conversation.messages);
    assert.equal(sent!.maxTokens, answerTokenLimit(built.services, CONTEXT_TOKENS));
    assert.deepEqual((await built.store.usageOfGuild(guildId)).map((usage) => [usage.userId, usage.modelId, usage.outcome, usage.messageId]), [[ada.id, 'openai/gpt-4o', 'complete', answered.result.messageIds[0]]]);
  });

  it('GIVEN the conversation cannot be built THEN answerTurn rejects, nothing is written, and the quota place is given back', async () => {
    const built = setUp({ MAX_ANSWERS_PER_USER: '1' });
    const sink = new MemorySink();
    const turn = await prepared(built);
    assert.equal(await hasPlaceLeft(built, ada.id), false);
    await assert.rejects(
      answerTurn(built.services, request(built, turn, { sink, conversation: async () => {
        throw new Error('Discord 503 while reading the thread');
      } })),
      /Discord 503/,
    );
    assert.deepEqual(sink.writes, []);
    assert.equal(built.provider.requests.length, 0);
    assert.equal(await hasPlaceLeft(built, ada.id), true);
  });

  it('GIVEN beforeAnswer fails THEN the place is given back too', async () => {
    const built = setUp({ MAX_ANSWERS_PER_USER: '1' });
    await assert.rejects(answerTurn(built.services, request(built, await prepared(built), { beforeAnswer: async () => {
      throw new Error('could not post the note');
    } })), /could not post the note/);
    assert.equal(await hasPlaceLeft(built, ada.id), true);
  });

  it('GIVEN an answer that ends THEN its place is given back', async () => {
    const built = setUp({ MAX_ANSWERS_PER_USER: '1' });
    await built.clock.run(answerTurn(built.services, request(built, await prepared(built))));
    assert.equal(await hasPlaceLeft(built, ada.id), true);
  });

  it('GIVEN beforeAnswer THEN it gets the built conversation before the model is asked or anything is written', async () => {
    const built = setUp();
    const sink = new MemorySink();
    const seen: { conversation: TurnConversation; writes: number; requests: number }[] = [];
    const answered = await built.clock.run(
      answerTurn(built.services, request(built, await prepared(built), {
        sink,
        beforeAnswer: async (conversation) => void seen.push({ conversation, writes: sink.writes.length, requests: built.provider.requests.length }),
      })),
    );
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.conversation, answered.conversation);
    assert.equal(seen[0]!.writes, 0);
    assert.equal(seen[0]!.requests, 0);
    assert.ok(sink.writes.length > 0);
  });

  it('GIVEN a conversationId THEN the cache holds the answer’s final text at once and the answer is anchored to the turn’s newest message', async () => {
    const built = setUp();
    const { thread, record } = await openBotThread(built.store);
    const question = thread.say(ada, 'And of Germany?');
    const long = `${'Berlin is the capital of Germany. '.repeat(70)}That is all.`;
    built.provider.answers.push(long);
    const sink = new MemorySink();
    const answered = await built.clock.run(
      answerTurn(built.services, request(built, await prepared(built), {
        sink,
        conversation: (contextTokens) => threadConversation(built.services, thread, record, contextTokens),
        reply: { sink, conversationId: thread.id },
      })),
    );
    const { messageIds } = answered.result;
    assert.equal(messageIds.length, 2, 'a long answer takes two messages');
    // no gateway event came: the cache has the final contents from the reply itself
    const cached = built.services.historyCache.get(thread.id)!;
    assert.deepEqual(cached.map((message) => [message.id, message.isFromThisBot, message.content]), [
      [question.id, false, 'And of Germany?'],
      [messageIds[0], true, sink.contents.get(messageIds[0]!)],
      [messageIds[1], true, sink.contents.get(messageIds[1]!)],
    ]);
    assert.ok(!cached.some((message) => message.content.includes('▌')), 'no message is cached as still being written');
    assert.equal(built.services.anchors.get(messageIds[0]!), question.id);
    assert.equal(built.services.anchors.size, 1);
  });

  it('GIVEN no conversationId THEN the answer goes into no cached history and anchors nothing', async () => {
    const built = setUp();
    const { thread, record } = await openBotThread(built.store);
    thread.say(ada, 'And of Germany?');
    const answered = await built.clock.run(
      answerTurn(built.services, request(built, await prepared(built), { conversation: (contextTokens) => threadConversation(built.services, thread, record, contextTokens) })),
    );
    assert.deepEqual(built.services.historyCache.get(thread.id)!.map((message) => message.content), ['And of Germany?']);
    assert.equal(built.services.anchors.size, 0);
    assert.equal(answered.result.outcome, 'complete');
  });

  it('GIVEN record THEN the store keeps the answer: trigger, turn, messages, model, askers with the asker first, what it follows', async () => {
    const built = setUp();
    const { thread, record } = await openBotThread(built.store);
    const question = thread.say(ada, 'And of Germany?');
    built.provider.answers.push(`${'Berlin. '.repeat(300)}`);
    const recorded: TurnConversation[] = [];
    const started = built.clock.now();
    const answered = await built.clock.run(
      answerTurn(built.services, request(built, await prepared(built, 'openai/gpt-4o', max.id), {
        place: { guildId, channelId: thread.id },
        askerId: max.id,
        conversation: (contextTokens) => threadConversation(built.services, thread, record, contextTokens),
        record: (conversation) => {
          recorded.push(conversation);
          return { trigger: 'thread', turn: { upTo: conversation.newestMessageId }, follows: '1300000000000000001', locale: 'en-US' };
        },
      })),
    );
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0], answered.conversation);
    const { messageIds } = answered.result;
    assert.equal(messageIds.length, 2);
    const saved = await built.store.getAnswer(messageIds[0]!);
    assert.ok(saved !== undefined);
    assert.ok(saved.createdAt >= started && saved.createdAt <= built.clock.now());
    assert.deepEqual({ ...saved, createdAt: 0 }, {
      firstMessageId: messageIds[0],
      channelId: thread.id,
      guildId,
      messageIds,
      modelId: 'openai/gpt-4o',
      askedBy: [max.id, ada.id],
      trigger: 'thread',
      turn: { upTo: question.id },
      locale: 'en-US',
      follows: '1300000000000000001',
      createdAt: 0,
    });
    assert.equal((await built.store.answerContaining(messageIds[1]!))?.firstMessageId, messageIds[0]);
    assert.equal((await built.store.isFollowed('1300000000000000001')), true);
  });

  it('GIVEN record THEN the answer is kept from its first message on, and each later message is added as it appears', async () => {
    const built = setUp();
    built.provider.answers.push('A sentence that goes on. '.repeat(120));
    const sink = new MemorySink();
    const running = answerTurn(built.services, request(built, await prepared(built), {
      sink,
      record: () => ({ trigger: 'ask', turn: { prompt: 'Say hello.', attachments: [] }, follows: null, locale: 'en-US' }),
    }));
    const kept = async () => (await built.store.getAnswer(sink.writes[0]!.messageId))?.messageIds;
    while (sink.writes.length === 0) await built.clock.advance(100);
    assert.deepEqual(await kept(), [sink.writes[0]!.messageId], 'a Regenerate or a reply finds it while it streams');
    while (sink.contents.size < 2) await built.clock.advance(100);
    assert.deepEqual(await kept(), [...sink.contents.keys()]);
    const answered = await built.clock.run(running);
    assert.equal(answered.result.messageIds.length, 2);
    assert.deepEqual(await kept(), answered.result.messageIds);
  });

  it('GIVEN no record THEN the store keeps nothing (a private answer cannot be regenerated)', async () => {
    const built = setUp();
    const answered = await built.clock.run(answerTurn(built.services, request(built, await prepared(built))));
    const firstId = answered.result.messageIds[0]!;
    assert.equal((await built.store.getAnswer(firstId)), undefined);
    assert.equal((await built.store.answerContaining(firstId)), undefined);
  });

  it('GIVEN the store cannot save the record THEN the answer is still returned and a warning logged', async () => {
    const built = setUp();
    const failing = new Proxy(built.store, {
      get: (target, key) => (key === 'saveAnswer'
        ? () => {
            throw new Error('disk I/O error');
          }
        : Reflect.get(target, key)),
    }) as Store;
    const answered = await built.clock.run(
      answerTurn({ ...built.services, store: failing }, request(built, await prepared(built), {
        record: () => ({ trigger: 'ask', turn: { prompt: 'Say hello.', attachments: [] }, follows: null, locale: 'en-US' }),
      })),
    );
    assert.equal(answered.result.outcome, 'complete');
    assert.ok(built.logs.some((line) => line.msg === 'could not record the answer for its Regenerate button' && line['error'] === 'disk I/O error'));
  });

  it('GIVEN askerId on someone else’s turn THEN the asker is named first (usage row, record) and both may stop the answer', async () => {
    const built = setUp();
    built.provider.answers.push('word '.repeat(200));
    const sink = new MemorySink();
    const running = answerTurn(built.services, request(built, await prepared(built, 'openai/gpt-4o', max.id), {
      sink,
      askerId: max.id,
      record: () => ({ trigger: 'message-command', turn: { prompt: 'Say hello.', attachments: [] }, follows: null, locale: 'en-US' }),
    }));
    await built.clock.advance(2000);
    const firstId = sink.writes[0]!.messageId;
    assert.equal(built.services.runner.stop(firstId, { userId: ada.id, name: ada.name, canManageMessages: false }), 'stopped', 'Ada asked in the conversation');
    const answered = await built.clock.run(running);
    assert.equal(answered.result.stoppedBy, ada.name);
    assert.deepEqual((await built.store.getAnswer(firstId))?.askedBy, [max.id, ada.id]);
    assert.deepEqual((await built.store.usageOfGuild(guildId)).map((usage) => usage.userId), [max.id]);
  });

  it('GIVEN askerId who is already among the askers THEN they are not named twice', async () => {
    const built = setUp();
    const answered = await built.clock.run(
      answerTurn(built.services, request(built, await prepared(built), {
        askerId: ada.id,
        record: () => ({ trigger: 'ask', turn: { prompt: 'Say hello.', attachments: [] }, follows: null, locale: 'en-US' }),
      })),
    );
    assert.deepEqual((await built.store.getAnswer(answered.result.messageIds[0]!))?.askedBy, [ada.id]);
  });

  it(
    'GIVEN askerId among the turn’s askers but not its newest author THEN the asker is still the one named (first)',
    async () => {
      const built = setUp();
      const { thread, record } = await openBotThread(built.store);
      thread.say(max, 'And of Germany?');
      thread.say(ada, 'And of Italy?');
      const answered = await built.clock.run(
        answerTurn(built.services, request(built, await prepared(built, 'openai/gpt-4o', max.id), {
          askerId: max.id,
          conversation: (contextTokens) => threadConversation(built.services, thread, record, contextTokens),
          record: (conversation) => ({ trigger: 'thread', turn: { upTo: conversation.newestMessageId }, follows: null, locale: 'en-US' }),
        })),
      );
      assert.deepEqual(answered.conversation.askedBy, [ada.id, max.id]);
      assert.deepEqual((await built.store.getAnswer(answered.result.messageIds[0]!))?.askedBy, [max.id, ada.id]);
      assert.deepEqual((await built.store.usageOfGuild(guildId)).map((usage) => usage.userId), [max.id]);
    },
  );

  it('GIVEN maxMessages THEN the answer is cut to that many messages, with the note', async () => {
    const built = setUp();
    const long = 'A sentence that goes on. '.repeat(250);
    built.provider.answers.push(long, long);
    const capped = new MemorySink();
    await built.clock.run(answerTurn(built.services, request(built, await prepared(built), { sink: capped, maxMessages: 1 })));
    assert.equal(capped.visible().length, 1);
    assert.ok(capped.visible()[0]!.endsWith(english.messageCapNote(1)));
    const whole = new MemorySink();
    await built.clock.run(answerTurn(built.services, request(built, await prepared(built), { sink: whole })));
    assert.equal(whole.visible().length, 4, 'without it the answer takes what it needs');
  });
});
