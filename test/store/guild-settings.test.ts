/**
 * Server settings: the default model and the thread reply mode live in one row per server, each
 * set, read and cleared without touching the other.
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { openStore, IN_MEMORY_PATH } from '../../src/store/index.ts';
import { withDatabasePath } from './support/old-database.ts';

const guild = '1100000000000000100';
const other = '1100000000000000200';
const admin = '800000000000000001';
const moderator = '800000000000000002';

function settingsRow(path: string, guildId: string): Record<string, unknown> | undefined {
  const raw = new DatabaseSync(path);
  try {
    const row = raw.prepare('SELECT default_model, thread_replies, set_by_user_id, updated_at FROM guild_settings WHERE guild_id = ?').get(guildId);
    return row === undefined ? undefined : { ...row };
  } finally {
    raw.close();
  }
}

describe('thread reply mode', () => {
  test('WHEN a server never chose THEN it is every-message', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    assert.equal(store.getThreadReplies(guild), 'every-message');
    store.close();
  });

  test('WHEN a server sets mentions and then every-message THEN each read sees the last, and other servers keep the default', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    store.setThreadReplies(guild, 'mentions', admin);
    assert.equal(store.getThreadReplies(guild), 'mentions');
    assert.equal(store.getThreadReplies(other), 'every-message');
    store.setThreadReplies(guild, 'every-message', moderator);
    assert.equal(store.getThreadReplies(guild), 'every-message');
    store.close();
  });

  test('WHEN a server sets only a thread mode THEN it has no default model, and clearing one reports there was none', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    store.setThreadReplies(guild, 'mentions', admin);
    assert.equal(store.getGuildDefaultModel(guild), undefined);
    assert.equal(store.clearGuildDefaultModel(guild), false);
    assert.equal(store.getThreadReplies(guild), 'mentions');
    store.close();
  });

  test('WHEN a server with a default model sets a thread mode THEN its default stays; WHEN it then sets a model THEN its mode stays', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', admin);
    store.setThreadReplies(guild, 'mentions', moderator);
    assert.equal(store.getGuildDefaultModel(guild), 'openai/gpt-4o-mini');
    store.setGuildDefaultModel(guild, 'ollama/llama3.2:3b', admin);
    assert.equal(store.getThreadReplies(guild), 'mentions');
    assert.equal(store.getGuildDefaultModel(guild), 'ollama/llama3.2:3b');
    store.close();
  });

  test('WHEN the default model is cleared THEN the thread mode stays, and a second clear reports nothing was there', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', admin);
    store.setThreadReplies(guild, 'mentions', admin);
    assert.equal(store.clearGuildDefaultModel(guild), true);
    assert.equal(store.getGuildDefaultModel(guild), undefined);
    assert.equal(store.getThreadReplies(guild), 'mentions');
    assert.equal(store.clearGuildDefaultModel(guild), false);
    store.close();
  });

  test('WHEN either setting changes THEN the row records who made the last change and when; a clear names no one and leaves them', () => {
    withDatabasePath((path) => {
      let clock = 10;
      const store = openStore({ path, now: () => clock });
      store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', admin);
      assert.deepEqual(settingsRow(path, guild), { default_model: 'openai/gpt-4o-mini', thread_replies: 'every-message', set_by_user_id: admin, updated_at: 10 });
      clock = 20;
      store.setThreadReplies(guild, 'mentions', moderator);
      assert.deepEqual(settingsRow(path, guild), { default_model: 'openai/gpt-4o-mini', thread_replies: 'mentions', set_by_user_id: moderator, updated_at: 20 });
      clock = 30;
      store.clearGuildDefaultModel(guild);
      assert.deepEqual(settingsRow(path, guild), { default_model: null, thread_replies: 'mentions', set_by_user_id: moderator, updated_at: 20 });
      store.close();
    });
  });

  test('WHEN the store is reopened (a restart) THEN the thread mode is there', () => {
    withDatabasePath((path) => {
      const first = openStore({ path });
      first.setThreadReplies(guild, 'mentions', admin);
      first.close();
      const second = openStore({ path });
      assert.equal(second.getThreadReplies(guild), 'mentions');
      second.close();
    });
  });
});
