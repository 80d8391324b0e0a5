/**
 * Answers kept for Regenerate: round trips, the upsert, the lookup by any of an answer's
 * messages, replacing messages after a Regenerate, conversations that follow an answer, and
 * retention.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnswerRecord } from '../../../src/store/index.ts';
import { DAY, followUpAnswer as followUp, savedAnswer as answer } from '../support/fixtures.ts';
import { forEachBackend } from '../support/store-backends.ts';

forEachBackend('answers kept for Regenerate', (open) => {
  test('GIVEN a saved answer THEN getAnswer returns exactly it; WHEN saved without a time THEN it is now; unknown ids are undefined', async () => {
    const store = await open({ now: () => 42 });
    await store.saveAnswer(answer);
    assert.deepEqual(await store.getAnswer(answer.firstMessageId), answer);
    const { createdAt: _ignored, ...direct } = { ...followUp, guildId: null, trigger: 'dm' as const };
    await store.saveAnswer(direct);
    assert.deepEqual(await store.getAnswer(followUp.firstMessageId), { ...direct, createdAt: 42 });
    assert.equal(await store.getAnswer('1300000000000000099'), undefined);
  });

  test('GIVEN a turn that is null or left undefined THEN it comes back as null', async () => {
    const store = await open();
    await store.saveAnswer({ ...answer, turn: undefined });
    assert.equal((await store.getAnswer(answer.firstMessageId))?.turn, null);
    await store.saveAnswer({ ...followUp, turn: null });
    assert.equal((await store.getAnswer(followUp.firstMessageId))?.turn, null);
  });

  test('GIVEN a turn that is not JSON WHEN saved THEN TypeError, and nothing is kept', async () => {
    const store = await open();
    await assert.rejects(() => store.saveAnswer({ ...answer, turn: { tokens: 1n } }), TypeError);
    assert.equal(await store.getAnswer(answer.firstMessageId), undefined);
    assert.equal(await store.answerContaining(answer.messageIds[1]!), undefined);
  });

  test('GIVEN a saved answer WHEN looked up by any of its messages THEN it is found; other messages find nothing', async () => {
    const store = await open();
    await store.saveAnswer(answer);
    await store.saveAnswer(followUp);
    for (const messageId of answer.messageIds) assert.equal((await store.answerContaining(messageId))?.firstMessageId, answer.firstMessageId, messageId);
    assert.deepEqual(await store.answerContaining(answer.messageIds[2]!), answer);
    assert.equal((await store.answerContaining(followUp.firstMessageId))?.firstMessageId, followUp.firstMessageId);
    assert.equal(await store.answerContaining('1300000000000000099'), undefined);
  });

  test('GIVEN messageIds that leave out the first message THEN the first message still finds its answer', async () => {
    const store = await open();
    await store.saveAnswer({ ...answer, messageIds: ['1300000000000000002'] });
    assert.equal((await store.answerContaining(answer.firstMessageId))?.firstMessageId, answer.firstMessageId);
    assert.equal((await store.answerContaining('1300000000000000002'))?.firstMessageId, answer.firstMessageId);
    assert.deepEqual((await store.getAnswer(answer.firstMessageId))?.messageIds, ['1300000000000000002'], 'kept as given');
  });

  test('GIVEN a saved answer WHEN saved again THEN every field is replaced, and its messages are indexed anew', async () => {
    const store = await open();
    await store.saveAnswer(answer);
    await store.saveAnswer(followUp);
    const again: AnswerRecord = {
      ...answer,
      channelId: '1100000000000000202',
      messageIds: [answer.firstMessageId, '1300000000000000004'],
      modelId: 'ollama/llama3.2:3b',
      askedBy: ['800000000000000003'],
      trigger: 'mention',
      turn: ['another', 'shape'],
      locale: 'en-US',
      follows: '1300000000000000000',
      createdAt: answer.createdAt + 1,
    };
    await store.saveAnswer(again);
    assert.deepEqual(await store.getAnswer(answer.firstMessageId), again);
    assert.equal(await store.answerContaining('1300000000000000002'), undefined, 'a message it no longer has');
    assert.equal((await store.answerContaining('1300000000000000004'))?.modelId, 'ollama/llama3.2:3b');
    assert.deepEqual(await store.answerContaining(followUp.firstMessageId), followUp, 'the other answer is untouched');
  });

  test('GIVEN a message named by two answers THEN it belongs to the last saved', async () => {
    const store = await open();
    await store.saveAnswer(answer);
    await store.saveAnswer({ ...followUp, messageIds: [followUp.firstMessageId, answer.messageIds[2]!] });
    assert.equal((await store.answerContaining(answer.messageIds[2]!))?.firstMessageId, followUp.firstMessageId);
    assert.equal((await store.answerContaining(answer.messageIds[1]!))?.firstMessageId, answer.firstMessageId);
  });

  test('WHEN an answer is regenerated THEN its messages and model change, all else stays, and only its new messages find it', async () => {
    const store = await open({ now: () => 999 });
    await store.saveAnswer({ ...answer, follows: '1300000000000000000' });
    const change = { messageIds: [answer.firstMessageId, '1300000000000000005'], modelId: 'anthropic/claude-3-5-haiku' };
    assert.equal(await store.replaceAnswer(answer.firstMessageId, change), true);
    assert.deepEqual(await store.getAnswer(answer.firstMessageId), { ...answer, follows: '1300000000000000000', ...change });
    assert.equal(await store.answerContaining('1300000000000000002'), undefined);
    assert.equal(await store.answerContaining('1300000000000000003'), undefined);
    assert.equal((await store.answerContaining('1300000000000000005'))?.modelId, 'anthropic/claude-3-5-haiku');
    assert.equal((await store.answerContaining(answer.firstMessageId))?.modelId, 'anthropic/claude-3-5-haiku');
  });

  test('WHEN an unknown answer is regenerated THEN false, and nothing is kept', async () => {
    const store = await open();
    assert.equal(await store.replaceAnswer(answer.firstMessageId, { messageIds: ['1300000000000000005'], modelId: 'openai/gpt-4o' }), false);
    assert.equal(await store.getAnswer(answer.firstMessageId), undefined);
    assert.equal(await store.answerContaining('1300000000000000005'), undefined);
  });

  test('GIVEN an answer another follows THEN it is followed and the later one is not; an answer naming itself does not count', async () => {
    const store = await open();
    await store.saveAnswer(answer);
    assert.equal(await store.isFollowed(answer.firstMessageId), false);
    await store.saveAnswer(followUp);
    assert.equal(await store.isFollowed(answer.firstMessageId), true);
    assert.equal(await store.isFollowed(followUp.firstMessageId), false);
    await store.saveAnswer({ ...followUp, firstMessageId: '1300000000000000020', messageIds: ['1300000000000000020'], follows: '1300000000000000020' });
    assert.equal(await store.isFollowed('1300000000000000020'), false);
    assert.equal(await store.isFollowed('1300000000000000099'), false);
  });

  test('GIVEN answers of different days WHEN those before a time are deleted THEN only they go, with their messages', async () => {
    const store = await open();
    await store.saveAnswer(answer);
    await store.saveAnswer(followUp);
    assert.equal(await store.deleteAnswersBefore(answer.createdAt), 0, 'an answer written at the time itself stays');
    assert.equal(await store.deleteAnswersBefore(followUp.createdAt), 1);
    assert.equal(await store.getAnswer(answer.firstMessageId), undefined);
    for (const messageId of answer.messageIds) assert.equal(await store.answerContaining(messageId), undefined, messageId);
    assert.deepEqual(await store.answerContaining(followUp.firstMessageId), followUp);
    assert.equal(await store.isFollowed(answer.firstMessageId), true, 'follows is kept as written: the later answer still built on it');
    assert.equal(await store.deleteAnswersBefore(followUp.createdAt), 0);
  });
});

forEachBackend("a thread's opening answer regenerated", (open) => {
  const thread = {
    threadId: '1200000000000000001',
    guildId: '1100000000000000100',
    channelId: '1100000000000000201',
    modelId: 'openai/gpt-4o',
    prompt: 'Explain WAL',
    createdBy: '800000000000000001',
    createdByName: 'Ann',
    firstAnswer: 'The first try.',
    createdAt: 7,
  };

  test('WHEN its first answer is replaced THEN the text and model change, the rest and its prompts stay; an unknown thread is false', async () => {
    const store = await open();
    await store.saveThread(thread);
    await store.saveThreadPrompt({ messageId: '1200000000000000030', threadId: thread.threadId, authorId: 'u1', authorName: 'Ann', prompt: 'Why?', createdAt: 8 });
    assert.equal(await store.updateThreadFirstAnswer(thread.threadId, { firstAnswer: 'The second try.', modelId: 'ollama/llama3.2:3b' }), true);
    assert.deepEqual(await store.getThread(thread.threadId), { ...thread, firstAnswer: 'The second try.', modelId: 'ollama/llama3.2:3b' });
    assert.deepEqual((await store.getThreadPrompts(thread.threadId)).map((prompt) => prompt.prompt), ['Why?']);
    assert.equal(await store.updateThreadFirstAnswer('1200000000000000099', { firstAnswer: 'x', modelId: 'openai/gpt-4o' }), false);
    assert.equal(await store.getThread('1200000000000000099'), undefined);
  });
});
