/**
 * Schema 10 from a database as the release before it leaves one (schema 9): the process runs it
 * recorded served every guild, so each becomes shard 0 of 1, and the journal entries they own
 * carry that shard.
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { openSqliteStore, LATEST_SCHEMA_VERSION } from '../../src/store/index.ts';
import { withDatabaseAtSchema } from './support/old-database.ts';

const schema9Rows = `
  INSERT INTO process_instances (instance_id, pid, host, started_at) VALUES
    ('run-a', 41, 'bot-1', 15),
    ('run-b', 42, 'bot-2', 16);
  INSERT INTO unfinished_replies (message_id, channel_id, locale, started_at, owner_id) VALUES
    ('m0', 'c1', 'ru', 30, NULL),
    ('m1', 'c1', 'en-US', 40, 'run-a');
`;

describe('schema 10 from a database of schema 9', () => {
  test('GIVEN runs recorded at schema 9 WHEN opened THEN each serves shard 0 of 1, and its entries carry that shard', () => {
    withDatabaseAtSchema(9, schema9Rows, (path) => {
      const lines: string[] = [];
      const store = openSqliteStore({ path, logger: { info: (_fields, message) => lines.push(message) } });
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.equal(lines[0], 'database migrated: the shard each process run serves');
      assert.deepEqual(store.getInstance('run-a'), { id: 'run-a', pid: 41, host: 'bot-1', startedAt: 15, shard: { id: 0, count: 1 } });
      assert.deepEqual(store.getInstance('run-b')?.shard, { id: 0, count: 1 });
      assert.deepEqual(store.unfinishedReplies().map((reply) => [reply.messageId, reply.ownerId, reply.ownerShard]), [
        ['m0', null, null],
        ['m1', 'run-a', { id: 0, count: 1 }],
      ]);
      store.close();
    });
  });

  test('GIVEN the migrated file WHEN shard 0 of 1 forgets its idle runs THEN the old idle run goes, the one owning an entry and another shard’s run stay', () => {
    withDatabaseAtSchema(9, schema9Rows, (path) => {
      const store = openSqliteStore({ path });
      store.registerInstance({ id: 'run-c', pid: 43, host: 'bot-3', startedAt: 17, shard: { id: 1, count: 2 } });
      assert.equal(store.forgetIdleInstances([], { id: 0, count: 1 }), 1);
      assert.equal(store.getInstance('run-b'), undefined);
      assert.ok(store.getInstance('run-a'));
      assert.ok(store.getInstance('run-c'));
      store.close();
    });
  });

  test('GIVEN the migrated file THEN a run’s shard may not be missing', () => {
    withDatabaseAtSchema(9, schema9Rows, (path) => {
      openSqliteStore({ path }).close();
      const raw = new DatabaseSync(path);
      try {
        assert.throws(() => raw.exec("UPDATE process_instances SET shard_id = NULL WHERE instance_id = 'run-a'"), /NOT NULL constraint failed/);
        assert.throws(() => raw.exec("UPDATE process_instances SET shard_count = NULL WHERE instance_id = 'run-a'"), /NOT NULL constraint failed/);
      } finally {
        raw.close();
      }
    });
  });
});
