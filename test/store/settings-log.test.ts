/**
 * The settings log and schema 9: a database of today's release (schema 7) gains the server's
 * system prompt, channel settings, access rules and the log with its rows kept; every server
 * setting's change is logged in its own transaction, and `lastChange` reads the newest entry of
 * a setting in a place through one index.
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { openStore, IN_MEMORY_PATH, LATEST_SCHEMA_VERSION } from '../../src/store/index.ts';
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
      const store = openStore({ path, logger: { info: (_fields, message) => lines.push(message) } });
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
      openStore({ path }).close();
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

describe('the settings log of server settings', () => {
  test('WHEN a server’s prompt, model and thread mode are set and cleared THEN each change is logged with who, the value and when; the newest of each setting is read', () => {
    let clock = 1000;
    const store = openStore({ path: IN_MEMORY_PATH, now: () => clock });
    store.setGuildSystemPrompt(guild, 'You are a pirate.', ada);
    clock = 2000;
    store.setGuildDefaultModel(guild, 'openai/gpt-4o', bo);
    clock = 3000;
    store.setThreadReplies(guild, 'mentions', ada);
    clock = 4000;
    assert.equal(store.clearGuildSystemPrompt(guild, bo), true);
    assert.deepEqual(store.lastChange(guild, 'system-prompt'), { value: null, setByUserId: bo.userId, setByName: 'Bo', at: 4000 }, 'a reset is logged as null');
    assert.deepEqual(store.lastChange(guild, 'default-model'), { value: 'openai/gpt-4o', setByUserId: bo.userId, setByName: 'Bo', at: 2000 });
    assert.deepEqual(store.lastChange(guild, 'thread-replies'), { value: 'mentions', setByUserId: ada.userId, setByName: 'Ada Admin', at: 3000 });
    assert.equal(store.lastChange(other, 'default-model'), undefined, 'another server');
    assert.equal(store.lastChange(guild, 'default-model', channel), undefined, 'a channel’s entries are apart from its server’s');
    assert.deepEqual(
      store.settingChanges(guild).map((entry) => [entry.setting, entry.value, entry.channelId, entry.at]),
      [
        ['system-prompt', null, null, 4000],
        ['thread-replies', 'mentions', null, 3000],
        ['default-model', 'openai/gpt-4o', null, 2000],
        ['system-prompt', 'You are a pirate.', null, 1000],
      ],
    );
    assert.equal(store.settingChanges(guild, 1).length, 1);
    store.close();
  });

  test('WHEN a caller passes only a user id (as before the log), or clears without saying who THEN the entry has no name, or no one', () => {
    const store = openStore({ path: IN_MEMORY_PATH, now: () => 5 });
    store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', ada.userId);
    assert.deepEqual(store.lastChange(guild, 'default-model'), { value: 'openai/gpt-4o-mini', setByUserId: ada.userId, setByName: null, at: 5 });
    assert.equal(store.clearGuildDefaultModel(guild), true);
    assert.deepEqual(store.lastChange(guild, 'default-model'), { value: null, setByUserId: null, setByName: null, at: 5 });
    store.close();
  });

  test('WHEN a clear finds nothing to clear THEN nothing is logged', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    assert.equal(store.clearGuildSystemPrompt(guild, ada), false);
    assert.equal(store.clearGuildDefaultModel(guild, ada), false);
    assert.deepEqual(store.settingChanges(guild), []);
    store.close();
  });

  test('WHEN the same setting changes twice at the same instant THEN the later change is the newest (the clock does not decide)', () => {
    let clock = 7000;
    const store = openStore({ path: IN_MEMORY_PATH, now: () => clock });
    store.setGuildSystemPrompt(guild, 'First.', ada);
    store.setGuildSystemPrompt(guild, 'Second.', bo);
    assert.equal(store.lastChange(guild, 'system-prompt')?.value, 'Second.');
    clock = 10;
    store.setGuildSystemPrompt(guild, 'After the clock was set back.', ada);
    assert.deepEqual(store.lastChange(guild, 'system-prompt'), { value: 'After the clock was set back.', setByUserId: ada.userId, setByName: 'Ada Admin', at: 10 });
    store.close();
  });

  test('GIVEN the log cannot be written WHEN a setting changes THEN the change is refused whole: the setting keeps its value', () => {
    withDatabasePath((path) => {
      const store = openStore({ path });
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
      const first = openStore({ path, now: () => 42 });
      first.setGuildSystemPrompt(guild, 'Answer like a librarian.\nCite sources.', ada);
      first.close();
      const second = openStore({ path });
      assert.equal(second.getGuildSystemPrompt(guild), 'Answer like a librarian.\nCite sources.');
      assert.deepEqual(second.lastChange(guild, 'system-prompt'), { value: 'Answer like a librarian.\nCite sources.', setByUserId: ada.userId, setByName: 'Ada Admin', at: 42 });
      second.close();
    });
  });

  test('GIVEN a server’s prompt THEN its model and thread mode are untouched, and clearing the prompt leaves them', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', ada);
    store.setThreadReplies(guild, 'mentions', ada);
    store.setGuildSystemPrompt(guild, 'Be brief.', bo);
    assert.equal(store.getGuildDefaultModel(guild), 'openai/gpt-4o-mini');
    assert.equal(store.getThreadReplies(guild), 'mentions');
    store.clearGuildSystemPrompt(guild, bo);
    assert.equal(store.getGuildSystemPrompt(guild), undefined);
    assert.equal(store.getGuildDefaultModel(guild), 'openai/gpt-4o-mini');
    assert.equal(store.getThreadReplies(guild), 'mentions');
    store.close();
  });

  test('the newest entry of a setting in a place is one search of the log’s index, with no sort', () => {
    withDatabasePath((path) => {
      openStore({ path }).close();
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
