/**
 * Bot threads: each thread's record round trips exactly, is replaced by a second save without
 * losing its prompts, and goes with its `/ask` prompts; the files given to `/ask` come back with
 * the thread or the prompt they were given to.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { botThread as thread } from '../support/fixtures.ts';
import { forEachBackend } from '../support/store-backends.ts';

const image = { id: '1300000000000000001', name: 'cat.png', byteSize: 13, url: 'https://cdn.discordapp.com/attachments/1/2/cat.png?ex=1', contentType: 'image/png' };

forEachBackend('bot threads', (open) => {
  test('GIVEN a thread with and without a system prompt THEN getThread returns exactly what was saved', async () => {
    const store = await open({ now: () => 42 });
    await store.saveThread(thread);
    assert.deepEqual(await store.getThread(thread.threadId), thread);

    const direct = { ...thread, threadId: 't2', guildId: null, system: 'Answer in Russian.' };
    const { createdAt: _ignored, ...withoutCreatedAt } = direct;
    await store.saveThread(withoutCreatedAt);
    assert.deepEqual(await store.getThread('t2'), { ...direct, createdAt: 42 });

    assert.equal(await store.getThread('unknown'), undefined);
    assert.equal(await store.deleteThread('t2'), true);
    assert.equal(await store.getThread('t2'), undefined);
    assert.equal(await store.deleteThread('t2'), false);
  });

  test('GIVEN /ask prompts used inside a thread THEN they come back oldest first and go with the thread', async () => {
    // a clock that stands still: how often a store reads it is its own affair
    const store = await open({ now: () => 100 });
    await store.saveThread(thread);
    await store.saveThreadPrompt({ messageId: '1200000000000000020', threadId: thread.threadId, authorId: 'u2', authorName: 'Bob', prompt: 'And then?' });
    await store.saveThreadPrompt({ messageId: '1200000000000000010', threadId: thread.threadId, authorId: 'u1', authorName: 'Ann', prompt: 'Why?', createdAt: 50 });
    assert.deepEqual((await store.getThreadPrompts(thread.threadId)).map((prompt) => [prompt.messageId, prompt.authorName, prompt.prompt, prompt.createdAt]), [
      ['1200000000000000010', 'Ann', 'Why?', 50],
      ['1200000000000000020', 'Bob', 'And then?', 100],
    ]);
    assert.equal(await store.deleteThread(thread.threadId), true);
    assert.deepEqual(await store.getThreadPrompts(thread.threadId), []);
  });

  test('GIVEN a saved thread WHEN it is saved again THEN the record is replaced', async () => {
    const store = await open();
    await store.saveThread(thread);
    await store.saveThread({ ...thread, modelId: 'h2o/falcon-40b' });
    assert.equal((await store.getThread(thread.threadId))?.modelId, 'h2o/falcon-40b');
  });

  test('GIVEN a thread with an /ask prompt inside it WHEN the thread is saved again THEN its prompts survive', async () => {
    // a replacing insert deletes the row first, and ON DELETE CASCADE takes its prompts with it
    const store = await open();
    await store.saveThread(thread);
    await store.saveThreadPrompt({ messageId: '1200000000000000030', threadId: thread.threadId, authorId: 'u1', authorName: 'Ann', prompt: 'Why?', createdAt: 7 });
    await store.saveThread({ ...thread, firstAnswer: 'A corrected first answer.' });
    assert.equal((await store.getThread(thread.threadId))?.firstAnswer, 'A corrected first answer.');
    assert.deepEqual((await store.getThreadPrompts(thread.threadId)).map((prompt) => prompt.messageId), ['1200000000000000030']);
    await store.saveThreadPrompt({ messageId: '1200000000000000030', threadId: thread.threadId, authorId: 'u1', authorName: 'Ann', prompt: 'Why, exactly?', createdAt: 7 });
    assert.deepEqual((await store.getThreadPrompts(thread.threadId)).map((prompt) => prompt.prompt), ['Why, exactly?']);
  });

  test('GIVEN a thread and an in-thread prompt saved with files THEN both come back with them; without files, none', async () => {
    const store = await open();
    const withFiles = { ...thread, promptAttachments: [image] };
    await store.saveThread(withFiles);
    await store.saveThreadPrompt({ messageId: '1200000000000000030', threadId: thread.threadId, authorId: 'u2', authorName: 'Bo', prompt: 'And this?', attachments: [{ ...image, id: '1300000000000000002' }], createdAt: 5 });
    await store.saveThreadPrompt({ messageId: '1200000000000000031', threadId: thread.threadId, authorId: 'u2', authorName: 'Bo', prompt: 'Plain', createdAt: 6 });
    assert.deepEqual((await store.getThread(thread.threadId))?.promptAttachments, [image]);
    const prompts = await store.getThreadPrompts(thread.threadId);
    assert.deepEqual(prompts.map((prompt) => prompt.attachments?.map((file) => file.id)), [['1300000000000000002'], undefined]);
    // a re-save without files clears them, as any field
    await store.saveThread(thread);
    assert.equal((await store.getThread(thread.threadId))?.promptAttachments, undefined);
  });
});

forEachBackend('closing the store', (open) => {
  test('close is idempotent and later calls fail', async () => {
    const store = await open();
    await store.close();
    await store.close();
    await assert.rejects(() => store.getGuildDefaultModel('g1'));
  });
});
