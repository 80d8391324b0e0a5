/**
 * Schema 7 from a database as the release before it leaves one (schema 6): guild_settings is
 * rebuilt with an optional default model and a checked thread mode, its rows kept whole, and the
 * answers tables are there and empty.
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { openSqliteStore, LATEST_SCHEMA_VERSION } from '../../src/store/index.ts';
import { withDatabaseAtSchema } from './support/old-database.ts';

const schema6Rows = `
  INSERT INTO guild_settings (guild_id, default_model, set_by_user_id, updated_at) VALUES
    ('1100000000000000100', 'openai/gpt-4o-mini', '800000000000000001', 1700000000000),
    ('1100000000000000200', 'ollama/llama3.2:3b', '800000000000000002', 1700000000555);
  INSERT INTO threads (thread_id, guild_id, channel_id, model_id, prompt, created_by, created_at, created_by_name, first_answer)
    VALUES ('1200000000000000001', '1100000000000000100', '1100000000000000201', 'openai/gpt-4o', 'Old prompt', '800000000000000001', 10, 'Ann', 'Old answer');
  INSERT INTO thread_prompts (message_id, thread_id, author_id, author_name, prompt, created_at)
    VALUES ('1200000000000000030', '1200000000000000001', '800000000000000002', 'Bo', 'Old ask', 11);
`;

function rawRows(path: string, sql: string): Record<string, unknown>[] {
  const raw = new DatabaseSync(path);
  try {
    return raw.prepare(sql).all().map((row) => ({ ...row }));
  } finally {
    raw.close();
  }
}

describe('schema 7 from a database of schema 6', () => {
  test('the newest schema is 7 or later', () => {
    assert.ok(LATEST_SCHEMA_VERSION >= 7);
  });

  test('GIVEN servers with default models WHEN opened THEN each keeps its model, setter and time, and replies to every thread message', () => {
    withDatabaseAtSchema(6, schema6Rows, (path) => {
      const lines: string[] = [];
      const store = openSqliteStore({ path, logger: { info: (_fields, message) => lines.push(message) } });
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.deepEqual(lines.slice(0, 1), ['database migrated: how each server wants thread replies, and the answers a Regenerate re-runs']);
      assert.equal(store.getGuildDefaultModel('1100000000000000100'), 'openai/gpt-4o-mini');
      assert.equal(store.getThreadReplies('1100000000000000100'), 'every-message');
      store.close();
      assert.deepEqual(rawRows(path, 'SELECT guild_id, default_model, set_by_user_id, updated_at, thread_replies FROM guild_settings ORDER BY guild_id'), [
        { guild_id: '1100000000000000100', default_model: 'openai/gpt-4o-mini', set_by_user_id: '800000000000000001', updated_at: 1700000000000, thread_replies: 'every-message' },
        { guild_id: '1100000000000000200', default_model: 'ollama/llama3.2:3b', set_by_user_id: '800000000000000002', updated_at: 1700000000555, thread_replies: 'every-message' },
      ]);
    });
  });

  test('GIVEN the migrated file THEN the default model may be missing, the thread mode may not, and a mode other than the two is refused', () => {
    withDatabaseAtSchema(6, schema6Rows, (path) => {
      openSqliteStore({ path }).close();
      const raw = new DatabaseSync(path);
      try {
        const columns = Object.fromEntries(raw.prepare('PRAGMA table_info(guild_settings)').all().map((row) => [String(row['name']), Number(row['notnull'])]));
        // schema 9 adds an optional system_prompt; the columns schema 7 made are checked
        const { system_prompt: addedBySchema9, ...schema7Columns } = columns;
        assert.equal(addedBySchema9, 0);
        assert.deepEqual(schema7Columns, { guild_id: 1, default_model: 0, set_by_user_id: 1, updated_at: 1, thread_replies: 1 });
        assert.throws(() => raw.exec("UPDATE guild_settings SET thread_replies = 'sometimes' WHERE guild_id = '1100000000000000100'"), /CHECK constraint failed/);
        assert.throws(
          () => raw.exec("INSERT INTO guild_settings (guild_id, set_by_user_id, updated_at, thread_replies) VALUES ('1100000000000000300', 'u', 1, 'Mentions')"),
          /CHECK constraint failed/,
        );
        assert.throws(() => raw.exec("UPDATE guild_settings SET thread_replies = NULL WHERE guild_id = '1100000000000000100'"), /NOT NULL constraint failed/);
        raw.exec("INSERT INTO guild_settings (guild_id, set_by_user_id, updated_at, thread_replies) VALUES ('1100000000000000300', 'u', 1, 'mentions')");
        assert.equal(raw.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'guild_settings_new'").get()?.['n'], 0, 'the rebuild left no table behind');
      } finally {
        raw.close();
      }
      const store = openSqliteStore({ path });
      assert.equal(store.getThreadReplies('1100000000000000300'), 'mentions');
      assert.equal(store.getGuildDefaultModel('1100000000000000300'), undefined);
      store.close();
    });
  });

  test('GIVEN a migrated server WHEN its default is cleared, its mode set and its model set again THEN each setting keeps to itself', () => {
    withDatabaseAtSchema(6, schema6Rows, (path) => {
      const store = openSqliteStore({ path, now: () => 1700000009999 });
      assert.equal(store.clearGuildDefaultModel('1100000000000000200'), true);
      assert.equal(store.getGuildDefaultModel('1100000000000000200'), undefined);
      store.setThreadReplies('1100000000000000200', 'mentions', '800000000000000003');
      store.setGuildDefaultModel('1100000000000000200', 'openai/gpt-4o', '800000000000000003');
      assert.equal(store.getThreadReplies('1100000000000000200'), 'mentions');
      assert.equal(store.getGuildDefaultModel('1100000000000000200'), 'openai/gpt-4o');
      assert.equal(store.getGuildDefaultModel('1100000000000000100'), 'openai/gpt-4o-mini', 'the other server is untouched');
      store.close();
    });
  });

  test('GIVEN threads from schema 6 WHEN opened THEN they and their prompts stay, answers are kept from now on, and a thread’s first answer can be replaced', () => {
    withDatabaseAtSchema(6, schema6Rows, (path) => {
      const store = openSqliteStore({ path });
      assert.equal(store.getThread('1200000000000000001')?.firstAnswer, 'Old answer');
      assert.deepEqual(store.getThreadPrompts('1200000000000000001').map((prompt) => prompt.prompt), ['Old ask']);
      assert.equal(store.answerContaining('1200000000000000001'), undefined, 'answers before schema 7 were never kept');
      store.saveAnswer({
        firstMessageId: '1200000000000000001',
        channelId: '1100000000000000201',
        guildId: '1100000000000000100',
        messageIds: ['1200000000000000001'],
        modelId: 'openai/gpt-4o',
        askedBy: ['800000000000000001'],
        trigger: 'ask',
        turn: { prompt: 'Old prompt' },
        locale: 'en-US',
        follows: null,
      });
      assert.equal(store.answerContaining('1200000000000000001')?.trigger, 'ask');
      assert.equal(store.updateThreadFirstAnswer('1200000000000000001', { firstAnswer: 'New answer', modelId: 'ollama/llama3.2:3b' }), true);
      assert.equal(store.getThread('1200000000000000001')?.firstAnswer, 'New answer');
      store.close();
    });
  });
});
