/**
 * Server settings in the SQLite file: the default model and the thread reply mode live in one
 * row per server, with who changed it last and when, and they outlast a restart. What the store
 * does with them is the contract suite's (`contract/guild-settings.test.ts`).
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { openSqliteStore } from '../../src/store/index.ts';
import { withDatabasePath } from './support/old-database.ts';

const guild = '1100000000000000100';
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

describe('server settings in the SQLite file', () => {
  test('WHEN either setting changes THEN the row records who made the last change and when; a clear names no one and leaves them', () => {
    withDatabasePath((path) => {
      let clock = 10;
      const store = openSqliteStore({ path, now: () => clock });
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
      const first = openSqliteStore({ path });
      first.setThreadReplies(guild, 'mentions', admin);
      first.close();
      const second = openSqliteStore({ path });
      assert.equal(second.getThreadReplies(guild), 'mentions');
      second.close();
    });
  });
});
