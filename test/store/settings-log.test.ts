/**
 * The settings log in the SQLite file, and schema 9: a database of today's release (schema 7)
 * gains the server's system prompt, channel settings, access rules and the log with its rows
 * kept; every server setting's change is logged in its own transaction, and `lastChange` reads
 * the newest entry of a setting in a place through one index. What the log records is the
 * contract suite's (`contract/settings-log.test.ts`).
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { openSqliteStore, LATEST_SCHEMA_VERSION } from '../../src/store/index.ts';
import { withDatabaseAtSchema, withDatabasePath } from './support/old-database.ts';

const guild = '1100000000000000100';
const other = '1100000000000000200';
const channel = '1100000000000000301';
const ada = { userId: '800000000000000001', name: 'Ada Admin' };
const bo = { userId: '800000000000000002', name: 'Bo' };

const schema7Rows = `
  INSERT INTO guild_settings (guild_id, default_model, set_by_user_id, updated_at, thread_replies) VALUES
    ('${guild}', 'openai/gpt-4o-mini', '${ada.userId}', 1700000000000, 'mentions'),
    ('${other}', NULL, '${bo.userId}', 1700000000555, 'every-message');
  INSERT INTO threads (thread_id, guild_id, channel_id, model_id, prompt, system_prompt, created_by, created_at, created_by_name, first_answer)
    VALUES ('1200000000000000001', '${guild}', '${channel}', 'openai/gpt-4o', 'Old prompt', NULL, '${ada.userId}', 10, 'Ada', 'Old answer');
`;

function withRaw<T>(path: string, read: (raw: DatabaseSync) => T): T {
  const raw = new DatabaseSync(path);
  try {
    return read(raw);
  } finally {
    raw.close();
  }
}

describe('schema 9 from a database of today’s release (schema 7)', () => {
  test('GIVEN servers with settings WHEN opened THEN each keeps its model, mode, setter and time, has no system prompt, and nothing is logged', () => {
    withDatabaseAtSchema(7, schema7Rows, (path) => {
      const lines: string[] = [];
      const store = openSqliteStore({ path, logger: { info: (_fields, message) => lines.push(message) } });
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.ok(lines.includes('database migrated: system prompts per server and channel, channel default models, who may use the bot, and the settings log'));
      assert.equal(store.getGuildDefaultModel(guild), 'openai/gpt-4o-mini');
      assert.equal(store.getThreadReplies(guild), 'mentions');
      assert.equal(store.getGuildSystemPrompt(guild), undefined);
      assert.equal(store.getGuildSystemPrompt(other), undefined);
      assert.equal(store.lastChange(guild, 'default-model'), undefined, 'a setting made before the log has no entry');
      assert.deepEqual(store.listAccessRules(guild), []);
      assert.deepEqual(store.channelOverrides(guild), []);
      assert.equal(store.getThread('1200000000000000001')?.system, undefined);
      store.close();
      const rows = withRaw(path, (raw) =>
        raw.prepare('SELECT guild_id, default_model, set_by_user_id, updated_at, thread_replies, system_prompt FROM guild_settings ORDER BY guild_id').all().map((row) => ({ ...row })),
      );
      assert.deepEqual(rows, [
        { guild_id: guild, default_model: 'openai/gpt-4o-mini', set_by_user_id: ada.userId, updated_at: 1700000000000, thread_replies: 'mentions', system_prompt: null },
        { guild_id: other, default_model: null, set_by_user_id: bo.userId, updated_at: 1700000000555, thread_replies: 'every-message', system_prompt: null },
      ]);
    });
  });

  test('GIVEN the migrated file THEN a channel setting needs its server, an access rule a known kind, and a log entry its setting and time', () => {
    withDatabaseAtSchema(7, schema7Rows, (path) => {
      openSqliteStore({ path }).close();
      withRaw(path, (raw) => {
        assert.throws(() => raw.exec(`INSERT INTO channel_settings (channel_id, guild_id, updated_at) VALUES ('${channel}', NULL, 1)`), /NOT NULL constraint failed/);
        assert.throws(
          () => raw.exec(`INSERT INTO access_rules (guild_id, kind, target_id, set_by_user_id, at) VALUES ('${guild}', 'allow-user', '1', '${ada.userId}', 1)`),
          /CHECK constraint failed/,
        );
        assert.throws(() => raw.exec(`INSERT INTO settings_log (guild_id, setting, at) VALUES ('${guild}', NULL, 1)`), /NOT NULL constraint failed/);
        assert.throws(() => raw.exec(`INSERT INTO settings_log (guild_id, setting) VALUES ('${guild}', 'quota')`), /NOT NULL constraint failed/);
      });
    });
  });
});

describe('the settings log in the SQLite file', () => {
  test('GIVEN the log cannot be written WHEN a setting changes THEN the change is refused whole: the setting keeps its value', () => {
    withDatabasePath((path) => {
      const store = openSqliteStore({ path });
      store.setGuildSystemPrompt(guild, 'Kept.', ada);
      withRaw(path, (raw) => raw.exec(`CREATE TRIGGER settings_log_down BEFORE INSERT ON settings_log BEGIN SELECT RAISE(ABORT, 'log down'); END;`));
      assert.throws(() => store.setGuildSystemPrompt(guild, 'Lost.', bo), /log down/);
      assert.throws(() => store.clearGuildSystemPrompt(guild, bo), /log down/);
      assert.throws(() => store.setGuildDefaultModel(guild, 'openai/gpt-4o', bo), /log down/);
      assert.throws(() => store.setThreadReplies(guild, 'mentions', bo), /log down/);
      assert.equal(store.getGuildSystemPrompt(guild), 'Kept.');
      assert.equal(store.getGuildDefaultModel(guild), undefined);
      assert.equal(store.getThreadReplies(guild), 'every-message');
      assert.equal(store.lastChange(guild, 'system-prompt')?.value, 'Kept.');
      store.close();
    });
  });

  test('WHEN the store is reopened (a restart) THEN the server’s prompt and its log are there', () => {
    withDatabasePath((path) => {
      const first = openSqliteStore({ path, now: () => 42 });
      first.setGuildSystemPrompt(guild, 'Answer like a librarian.\nCite sources.', ada);
      first.close();
      const second = openSqliteStore({ path });
      assert.equal(second.getGuildSystemPrompt(guild), 'Answer like a librarian.\nCite sources.');
      assert.deepEqual(second.lastChange(guild, 'system-prompt'), { value: 'Answer like a librarian.\nCite sources.', setByUserId: ada.userId, setByName: 'Ada Admin', at: 42 });
      second.close();
    });
  });

  test('the newest entry of a setting in a place is one search of the log’s index, with no sort', () => {
    withDatabasePath((path) => {
      openSqliteStore({ path }).close();
      const plan = withRaw(path, (raw) =>
        raw
          .prepare('EXPLAIN QUERY PLAN SELECT value FROM settings_log WHERE guild_id = ? AND setting = ? AND channel_id IS ? ORDER BY id DESC LIMIT 1')
          .all(guild, 'system-prompt', null)
          .map((row) => String(row['detail'])),
      );
      assert.deepEqual(plan, ['SEARCH settings_log USING INDEX settings_log_newest (guild_id=? AND setting=? AND channel_id=?)']);
    });
  });
});
