/**
 * Schema 8 from a database as the release before it leaves one (schema 7): usage rows keep their
 * values and are marked reported (none is estimated after the fact, NULL counts stay NULL), the
 * daily rollup is backfilled from them by UTC day, and servers have no quotas yet.
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { openSqliteStore, LATEST_SCHEMA_VERSION } from '../../src/store/index.ts';
import { withDatabaseAtSchema } from './support/old-database.ts';

const guild = '1100000000000000100';
const ada = '800000000000000001';
const bo = '800000000000000002';
const lastMsOf1Dec = Date.UTC(2025, 11, 1, 23, 59, 59, 999);
const midnight2Dec = Date.UTC(2025, 11, 2);

const schema7Rows = `
  INSERT INTO answer_usage (guild_id, channel_id, user_id, model_id, message_id, outcome, prompt_tokens, completion_tokens, answered_at) VALUES
    ('${guild}', '1100000000000000201', '${ada}', 'openai/gpt-4o', '1200000000000000001', 'complete', 100, 20, ${lastMsOf1Dec - 3_600_000}),
    ('${guild}', '1100000000000000201', '${ada}', 'openai/gpt-4o', '1200000000000000002', 'complete', 50, 5, ${lastMsOf1Dec}),
    ('${guild}', '1100000000000000201', '${ada}', 'openai/gpt-4o', NULL, 'failed', NULL, NULL, ${midnight2Dec}),
    ('${guild}', '1100000000000000202', '${bo}', 'ollama/llama3.2:3b', '1200000000000000003', 'complete', 7, NULL, ${midnight2Dec + 1}),
    (NULL, '1100000000000000900', '${bo}', 'openai/gpt-4o', '1200000000000000004', 'complete', 9, 3, ${midnight2Dec + 2});
`;

function rawRows(path: string, sql: string): Record<string, unknown>[] {
  const raw = new DatabaseSync(path);
  try {
    return raw.prepare(sql).all().map((row) => ({ ...row }));
  } finally {
    raw.close();
  }
}

describe('schema 8 from a database of schema 7', () => {
  test('the newest schema is 8 or later', () => {
    assert.ok(LATEST_SCHEMA_VERSION >= 8);
  });

  test('GIVEN usage rows of schema 7 WHEN opened THEN each keeps its values, none is marked estimated, and NULL counts stay NULL', () => {
    withDatabaseAtSchema(7, schema7Rows, (path) => {
      const before = rawRows(path, 'SELECT * FROM answer_usage ORDER BY usage_id');
      const lines: string[] = [];
      const store = openSqliteStore({ path, logger: { info: (_fields, message) => lines.push(message) } });
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.equal(lines[0], 'database migrated: estimated token counts marked, a daily usage rollup, and per-server token quotas');
      assert.deepEqual(
        store.usageOfGuild(guild).map((usage) => [usage.promptTokens, usage.completionTokens, usage.estimated]),
        [[100, 20, undefined], [50, 5, undefined], [null, null, undefined], [7, null, undefined]],
      );
      store.close();
      const after = rawRows(path, 'SELECT * FROM answer_usage ORDER BY usage_id');
      assert.deepEqual(after, before.map((row) => ({ ...row, estimated: 0 })));
    });
  });

  test('GIVEN usage rows of schema 7 WHEN opened THEN the rollup holds them by UTC day, server (DMs apart), person and model', () => {
    withDatabaseAtSchema(7, schema7Rows, (path) => {
      openSqliteStore({ path }).close();
      assert.deepEqual(rawRows(path, 'SELECT * FROM usage_daily ORDER BY guild_id, day, user_id, model_id'), [
        { guild_id: '', day: '2025-12-02', user_id: bo, model_id: 'openai/gpt-4o', answers: 1, prompt_tokens: 9, completion_tokens: 3, estimated_answers: 0 },
        { guild_id: guild, day: '2025-12-01', user_id: ada, model_id: 'openai/gpt-4o', answers: 2, prompt_tokens: 150, completion_tokens: 25, estimated_answers: 0 },
        { guild_id: guild, day: '2025-12-02', user_id: ada, model_id: 'openai/gpt-4o', answers: 1, prompt_tokens: 0, completion_tokens: 0, estimated_answers: 0 },
        { guild_id: guild, day: '2025-12-02', user_id: bo, model_id: 'ollama/llama3.2:3b', answers: 1, prompt_tokens: 7, completion_tokens: 0, estimated_answers: 0 },
      ]);
    });
  });

  test('GIVEN the migrated file WHEN answers are added and read THEN the backfilled days and the new rows add up, and quotas start unset', () => {
    withDatabaseAtSchema(7, schema7Rows, (path) => {
      const store = openSqliteStore({ path, now: () => midnight2Dec + 60_000 });
      store.recordUsage({ guildId: guild, channelId: '1100000000000000201', userId: ada, modelId: 'openai/gpt-4o', messageId: '1200000000000000005', outcome: 'complete', promptTokens: 40, completionTokens: 10, estimated: true });
      assert.equal(store.tokensUsedOn('2025-12-01', { guildId: guild }), 175);
      assert.equal(store.tokensUsedOn('2025-12-02', { guildId: guild }), 57);
      assert.equal(store.tokensUsedOn('2025-12-02', { guildId: guild, userId: ada }), 50);
      assert.equal(store.tokensUsedOn('2025-12-02', { guildId: null, userId: bo }), 12);
      const report = store.usageReport(guild, { fromDay: '2025-12-01', toDay: '2025-12-02' });
      assert.deepEqual(report.totals, { answers: 5, promptTokens: 197, completionTokens: 35, tokens: 232, estimatedAnswers: 1 });
      assert.equal(store.usageOfGuild(guild).at(-1)?.estimated, true);
      assert.equal(store.getGuildQuota(guild), undefined);
      store.close();
    });
  });

  test('GIVEN the migrated file THEN the rollup is keyed for reports and quotas, and a quota or the estimated mark out of range is refused', () => {
    withDatabaseAtSchema(7, schema7Rows, (path) => {
      openSqliteStore({ path }).close();
      const raw = new DatabaseSync(path);
      try {
        const keyColumns = raw.prepare("SELECT name FROM pragma_table_info('usage_daily') WHERE pk > 0 ORDER BY pk").all();
        assert.deepEqual(keyColumns.map((row) => row['name']), ['guild_id', 'day', 'user_id', 'model_id']);
        assert.deepEqual(raw.prepare('PRAGMA index_info(usage_daily_by_user_day)').all().map((row) => row['name']), ['user_id', 'day']);
        assert.throws(() => raw.exec('UPDATE answer_usage SET estimated = 2'), /CHECK constraint failed/);
        assert.throws(() => raw.exec(`INSERT INTO guild_quotas VALUES ('${guild}', -1, NULL, '${ada}', 1)`), /CHECK constraint failed/);
        assert.throws(() => raw.exec(`INSERT INTO usage_daily (guild_id, day, user_id, model_id, answers, prompt_tokens, completion_tokens, estimated_answers) VALUES (NULL, '2025-12-01', 'u', 'm', 1, 0, 0, 0)`), /NOT NULL constraint failed/);
      } finally {
        raw.close();
      }
    });
  });
});
