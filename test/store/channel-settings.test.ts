/**
 * Channel settings in the SQLite file: one row per channel holding both settings, gone once
 * both are cleared, and kept across a restart. What the store does with them is the contract
 * suite's (`contract/channel-settings.test.ts`).
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { openSqliteStore } from '../../src/store/index.ts';
import { withDatabasePath } from './support/old-database.ts';

const guild = '1100000000000000100';
const general = '1100000000000000301';
const ada = { userId: '800000000000000001', name: 'Ada Admin' };
const bo = { userId: '800000000000000002', name: 'Bo' };

function channelRows(path: string): Record<string, unknown>[] {
  const raw = new DatabaseSync(path);
  try {
    return raw.prepare('SELECT channel_id, guild_id, system_prompt, default_model, updated_at FROM channel_settings ORDER BY channel_id').all().map((row) => ({ ...row }));
  } finally {
    raw.close();
  }
}

describe('channel settings in the SQLite file', () => {
  test('WHEN one of the two is cleared THEN the row keeps the other; WHEN both are THEN the row is gone', () => {
    withDatabasePath((path) => {
      let clock = 10;
      const store = openSqliteStore({ path, now: () => clock });
      store.setChannelSystemPrompt(guild, general, 'Be kind.', ada);
      clock = 20;
      store.setChannelDefaultModel(guild, general, 'openai/gpt-4o-mini', ada);
      assert.deepEqual(channelRows(path), [{ channel_id: general, guild_id: guild, system_prompt: 'Be kind.', default_model: 'openai/gpt-4o-mini', updated_at: 20 }]);
      assert.equal(store.clearChannelSystemPrompt(guild, general, bo), true);
      assert.deepEqual(channelRows(path), [{ channel_id: general, guild_id: guild, system_prompt: null, default_model: 'openai/gpt-4o-mini', updated_at: 20 }]);
      assert.equal(store.clearChannelDefaultModel(guild, general, bo), true);
      assert.deepEqual(channelRows(path), []);
      store.close();
    });
  });

  test('WHEN the store is reopened (a restart) THEN a channel’s prompt and model are there', () => {
    withDatabasePath((path) => {
      const first = openSqliteStore({ path });
      first.setChannelSystemPrompt(guild, general, 'Persisted.', ada);
      first.setChannelDefaultModel(guild, general, 'ollama/llama3.2:3b', ada);
      first.close();
      const second = openSqliteStore({ path });
      assert.equal(second.getChannelSystemPrompt(general), 'Persisted.');
      assert.equal(second.getChannelDefaultModel(general), 'ollama/llama3.2:3b');
      second.close();
    });
  });
});
