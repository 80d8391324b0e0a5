/**
 * Server settings: the default model and the thread reply mode of a server, each set, read and
 * cleared without touching the other.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachBackend } from '../support/store-backends.ts';

const guild = '1100000000000000100';
const other = '1100000000000000200';
const admin = '800000000000000001';
const moderator = '800000000000000002';

forEachBackend('thread reply mode', (open) => {
  test('WHEN a server never chose THEN it is every-message', async () => {
    const store = await open();
    assert.equal(await store.getThreadReplies(guild), 'every-message');
  });

  test('WHEN a server sets mentions and then every-message THEN each read sees the last, and other servers keep the default', async () => {
    const store = await open();
    await store.setThreadReplies(guild, 'mentions', admin);
    assert.equal(await store.getThreadReplies(guild), 'mentions');
    assert.equal(await store.getThreadReplies(other), 'every-message');
    await store.setThreadReplies(guild, 'every-message', moderator);
    assert.equal(await store.getThreadReplies(guild), 'every-message');
  });

  test('WHEN a server sets only a thread mode THEN it has no default model, and clearing one reports there was none', async () => {
    const store = await open();
    await store.setThreadReplies(guild, 'mentions', admin);
    assert.equal(await store.getGuildDefaultModel(guild), undefined);
    assert.equal(await store.clearGuildDefaultModel(guild), false);
    assert.equal(await store.getThreadReplies(guild), 'mentions');
  });

  test('WHEN a server with a default model sets a thread mode THEN its default stays; WHEN it then sets a model THEN its mode stays', async () => {
    const store = await open();
    await store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', admin);
    await store.setThreadReplies(guild, 'mentions', moderator);
    assert.equal(await store.getGuildDefaultModel(guild), 'openai/gpt-4o-mini');
    await store.setGuildDefaultModel(guild, 'ollama/llama3.2:3b', admin);
    assert.equal(await store.getThreadReplies(guild), 'mentions');
    assert.equal(await store.getGuildDefaultModel(guild), 'ollama/llama3.2:3b');
  });

  test('WHEN the default model is cleared THEN the thread mode stays, and a second clear reports nothing was there', async () => {
    const store = await open();
    await store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', admin);
    await store.setThreadReplies(guild, 'mentions', admin);
    assert.equal(await store.clearGuildDefaultModel(guild), true);
    assert.equal(await store.getGuildDefaultModel(guild), undefined);
    assert.equal(await store.getThreadReplies(guild), 'mentions');
    assert.equal(await store.clearGuildDefaultModel(guild), false);
  });
});

forEachBackend('server default model', (open) => {
  test('GIVEN no default WHEN a server default is set, read, replaced and cleared THEN each read sees the last write', async () => {
    const store = await open();
    assert.equal(await store.getGuildDefaultModel('g1'), undefined);
    await store.setGuildDefaultModel('g1', 'openai/gpt-4o-mini', 'u1');
    assert.equal(await store.getGuildDefaultModel('g1'), 'openai/gpt-4o-mini');
    await store.setGuildDefaultModel('g1', 'ollama/llama3.2:3b', 'u2');
    assert.equal(await store.getGuildDefaultModel('g1'), 'ollama/llama3.2:3b');
    assert.equal(await store.getGuildDefaultModel('g2'), undefined);
    assert.equal(await store.clearGuildDefaultModel('g1'), true);
    assert.equal(await store.clearGuildDefaultModel('g1'), false);
    assert.equal(await store.getGuildDefaultModel('g1'), undefined);
  });
});
