/**
 * Schema 11 from a database as the release before it leaves one (schema 10): it gains the table
 * of answer places, empty, and its recorded runs and journal are untouched.
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { openSqliteStore, LATEST_SCHEMA_VERSION } from '../../src/store/index.ts';
import { withDatabaseAtSchema } from './support/old-database.ts';

const schema10Rows = `
  INSERT INTO process_instances (instance_id, pid, host, started_at, shard_id, shard_count) VALUES ('run-a', 41, 'bot-1', 15, 1, 2);
  INSERT INTO unfinished_replies (message_id, channel_id, locale, started_at, owner_id) VALUES ('m1', 'c1', 'en-US', 40, 'run-a');
`;

describe('schema 11 from a database of schema 10', () => {
  test('GIVEN a file at schema 10 WHEN opened THEN it gains the answer places, and a place of the old run is forgotten by its successor', () => {
    withDatabaseAtSchema(10, schema10Rows, (path) => {
      const lines: string[] = [];
      const store = openSqliteStore({ path, now: () => 100, logger: { info: (_fields, message) => lines.push(message) } });
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.deepEqual(lines, ['database migrated: the places of answers being written, bot-wide']);
      assert.deepEqual(store.getInstance('run-a')?.shard, { id: 1, count: 2 });
      assert.deepEqual(store.unfinishedReplies().map((reply) => reply.messageId), ['m1']);
      assert.equal(store.claimAnswerPlace({ claimId: 'p1', userId: 'ada', ownerId: 'run-a', limit: 1, expiresAt: 1_000 }), true);
      assert.equal(store.claimAnswerPlace({ claimId: 'p2', userId: 'ada', ownerId: 'run-b', limit: 1, expiresAt: 1_000 }), false);
      assert.equal(store.forgetAnswerPlaces(['run-b'], { id: 1, count: 2 }), 1);
      assert.equal(store.claimAnswerPlace({ claimId: 'p2', userId: 'ada', ownerId: 'run-b', limit: 1, expiresAt: 1_000 }), true);
      store.close();
    });
  });

  test('GIVEN the migrated file THEN a place must name its person, owner and expiry, and a claim id is taken once', () => {
    withDatabaseAtSchema(10, schema10Rows, (path) => {
      openSqliteStore({ path }).close();
      const raw = new DatabaseSync(path);
      try {
        raw.exec("INSERT INTO answer_places (claim_id, user_id, owner_id, expires_at) VALUES ('p1', 'ada', 'run-a', 5)");
        assert.throws(() => raw.exec("INSERT INTO answer_places (claim_id, user_id, owner_id, expires_at) VALUES ('p1', 'bo', 'run-a', 5)"), /UNIQUE constraint failed/);
        assert.throws(() => raw.exec("INSERT INTO answer_places (claim_id, user_id, owner_id, expires_at) VALUES ('p2', NULL, 'run-a', 5)"), /NOT NULL constraint failed/);
        assert.throws(() => raw.exec("INSERT INTO answer_places (claim_id, user_id, owner_id, expires_at) VALUES ('p3', 'ada', NULL, 5)"), /NOT NULL constraint failed/);
        assert.throws(() => raw.exec("INSERT INTO answer_places (claim_id, user_id, owner_id, expires_at) VALUES ('p4', 'ada', 'run-a', 'soon')"), /cannot store TEXT value in INTEGER column/);
      } finally {
        raw.close();
      }
    });
  });
});
