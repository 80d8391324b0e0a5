/**
 * The SQLite daily rollup stays equal to a GROUP BY over `answer_usage`, whatever the answers
 * recorded (properties on the fixed seed of test/property-seed.ts), and a batch of answers
 * written in the caller's transaction rolls back with it, rollup included. That the reports read
 * from it equal the answers' sums is the contract suite's (`contract/usage-rollup.test.ts`).
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { runMigrations } from '../../src/store/migrate.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { answerRecords } from '../../src/store/answer-records.ts';
import { utcDay } from '../../src/store/usage-day.ts';
import { firstMidnight, recordedUsage as usage } from './support/fixtures.ts';


function migratedDatabase(): DatabaseSync {
  const database = new DatabaseSync(':memory:');
  runMigrations(database, MIGRATIONS);
  return database;
}

function rows(database: DatabaseSync, sql: string): Record<string, unknown>[] {
  return database.prepare(sql).all().map((row) => ({ ...row }));
}

const ROLLUP = 'SELECT guild_id, day, user_id, model_id, answers, prompt_tokens, completion_tokens, estimated_answers FROM usage_daily ORDER BY guild_id, day, user_id, model_id';
// the migration's own formula for a day, so JavaScript's and SQLite's days are held together too
const GROUPED = `
  SELECT coalesce(guild_id, '') AS guild_id, strftime('%Y-%m-%d', answered_at / 1000, 'unixepoch') AS day, user_id, model_id,
         count(*) AS answers, coalesce(sum(prompt_tokens), 0) AS prompt_tokens, coalesce(sum(completion_tokens), 0) AS completion_tokens,
         sum(estimated) AS estimated_answers
  FROM answer_usage GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;

describe('the daily usage rollup', () => {
  test('GIVEN any answers recorded THEN the rollup equals a GROUP BY over their rows by UTC day, server, person and model', () => {
    fc.assert(
      fc.property(fc.array(usage, { maxLength: 60 }), (answers) => {
        const database = migratedDatabase();
        try {
          const records = answerRecords(database, () => 0);
          for (const answer of answers) records.recordUsage(answer);
          assert.deepEqual(rows(database, ROLLUP), rows(database, GROUPED));
          assert.equal(rows(database, 'SELECT * FROM answer_usage').length, answers.length);
        } finally {
          database.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  test('GIVEN any instant THEN the day in JavaScript is the day SQLite gives it', () => {
    const database = new DatabaseSync(':memory:');
    const sqlDay = database.prepare("SELECT strftime('%Y-%m-%d', ? / 1000, 'unixepoch') AS day");
    try {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) }), (epochMs) => {
          // bound as an integer, as the INTEGER column answered_at holds it
          assert.equal(sqlDay.get(BigInt(epochMs))?.['day'], utcDay(epochMs));
        }),
      );
    } finally {
      database.close();
    }
  });

  test('GIVEN answers recorded inside the caller’s transaction WHEN it rolls back THEN neither their rows nor their rollup stay', () => {
    const database = migratedDatabase();
    const records = answerRecords(database, () => firstMidnight);
    const answer = { guildId: null, channelId: 'dm', userId: '800000000000000001', modelId: 'openai/gpt-4o', messageId: null, outcome: 'complete', promptTokens: 3, completionTokens: 4 };
    records.recordUsage(answer);
    database.exec('BEGIN');
    records.recordUsage(answer);
    records.recordUsage(answer);
    assert.equal(rows(database, 'SELECT answers FROM usage_daily')[0]?.['answers'], 3, 'the batch joined the open transaction');
    database.exec('ROLLBACK');
    assert.deepEqual(rows(database, ROLLUP), [
      { guild_id: '', day: '2026-03-01', user_id: '800000000000000001', model_id: 'openai/gpt-4o', answers: 1, prompt_tokens: 3, completion_tokens: 4, estimated_answers: 0 },
    ]);
    assert.equal(rows(database, 'SELECT * FROM answer_usage').length, 1);
    database.close();
  });

  test('GIVEN the rollup cannot be written WHEN an answer is recorded THEN its usage row is not written either', () => {
    const database = migratedDatabase();
    const records = answerRecords(database, () => firstMidnight);
    // a trigger standing in for a failing write of the rollup (a full disk, a corrupt page)
    database.exec("CREATE TRIGGER refuse BEFORE INSERT ON usage_daily BEGIN SELECT raise(ABORT, 'disk full'); END");
    assert.throws(
      () => records.recordUsage({ guildId: null, channelId: 'dm', userId: 'u', modelId: 'm', messageId: null, outcome: 'complete', promptTokens: 1, completionTokens: 1 }),
      /disk full/,
    );
    assert.equal(rows(database, 'SELECT * FROM answer_usage').length, 0);
    assert.equal(database.isTransaction, false);
    database.close();
  });
});
