/**
 * Answer usage in the SQLite file (its indexes), the daily purge's schedule, and schema 5 from
 * a database of schema 4. Usage and reasoning round trips are the contract suite's
 * (`contract/answer-records.test.ts`).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { runMigrations } from '../../src/store/migrate.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/migrations.ts';
import { openSqliteStore, IN_MEMORY_PATH } from '../../src/store/index.ts';
import { purgeDaily, DAILY_PURGE_INTERVAL_MS } from '../../src/store/daily-purge.ts';
import { ManualClock, settlePromises } from '../../src/model/manual-clock.ts';
import { withDatabaseAtSchema } from './support/old-database.ts';

const DAY = 24 * 60 * 60_000;
const guild = '900000000000000001';
const answer = { guildId: guild, channelId: '900000000000000002', userId: '800000000000000001', modelId: 'openai/gpt-4o-mini', outcome: 'complete' };

describe('answer usage in the SQLite file', () => {
  test('GIVEN the schema THEN usage is indexed by server and by person, each with the time', () => {
    const store = openSqliteStore({ path: IN_MEMORY_PATH });
    store.close();
    const database = new DatabaseSync(':memory:');
    runMigrations(database, MIGRATIONS);
    const indexes = database
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'answer_usage' ORDER BY name")
      .all()
      .map((row) => String(row['name']));
    assert.deepEqual(indexes, ['answer_usage_by_guild_time', 'answer_usage_by_user_time']);
    const columns = (name: string) => database.prepare(`PRAGMA index_info(${name})`).all().map((row) => String(row['name']));
    assert.deepEqual(columns('answer_usage_by_guild_time'), ['guild_id', 'answered_at']);
    assert.deepEqual(columns('answer_usage_by_user_time'), ['user_id', 'answered_at']);
    database.close();
  });
});

describe('the daily purge', () => {
  test('GIVEN the daily purge THEN it purges at once, then once a day, until stopped; a failure does not end it', async () => {
    const clock = new ManualClock();
    const purged: number[] = [];
    const failures: string[] = [];
    let calls = 0;
    const schedule = purgeDaily({
      purge: () => {
        calls += 1;
        if (calls === 2) throw new Error('disk I/O error');
        return calls;
      },
      clock,
      onPurged: (deleted) => purged.push(deleted),
      onFailed: (error) => failures.push((error as Error).message),
    });
    // the first purge runs at once; its count is reported once its promise settles
    await settlePromises();
    assert.deepEqual(purged, [1], 'at start-up');
    await clock.advance(DAILY_PURGE_INTERVAL_MS - 1);
    assert.equal(calls, 1);
    await clock.advance(1);
    assert.deepEqual(failures, ['disk I/O error']);
    await clock.advance(DAILY_PURGE_INTERVAL_MS);
    assert.deepEqual(purged, [1, 3]);
    schedule.stop();
    await clock.advance(10 * DAILY_PURGE_INTERVAL_MS);
    assert.equal(calls, 3);
  });
});

describe('schema 5 from a database of schema 4', () => {
  test('GIVEN a file made by migrations 1–4 with rows WHEN opened THEN it is at 5, the rows are kept, and usage and reasoning work', () => {
    withDatabaseAtSchema(4, `
        INSERT INTO guild_settings VALUES ('g1', 'openai/gpt-4o-mini', 'u1', 10);
        INSERT INTO process_instances VALUES ('run-a', 41, 'bot-1', 15);
        INSERT INTO unfinished_replies VALUES ('m1', 'c1', 'ru', 40, 'run-a');
      `, (path) => {
      const lines: string[] = [];
      const store = openSqliteStore({ path, logger: { info: (_fields, message) => lines.push(message) } });
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.deepEqual(lines.slice(0, 1), ['database migrated: token usage of each answer, and the reasoning behind answers while it is kept']);
      assert.equal(store.getGuildDefaultModel('g1'), 'openai/gpt-4o-mini');
      assert.deepEqual(store.unfinishedReplies().map((reply) => reply.ownerId), ['run-a']);
      store.recordUsage({ ...answer, messageId: 'm2', promptTokens: 1, completionTokens: 2 });
      store.keepReasoning('m2', 'because', DAY);
      assert.equal(store.usageOfGuild(guild).length, 1);
      assert.equal(store.keptReasoning('m2')?.reasoning, 'because');
      store.close();
    });
  });
});
