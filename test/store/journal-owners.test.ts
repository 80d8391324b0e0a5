/**
 * Schema 4 from a database of schema 3: journal entries written before owners were recorded
 * are kept, with no owner. Owners and process runs are the contract suite's
 * (`contract/unfinished-replies.test.ts`).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { openSqliteStore, type ProcessInstance } from '../../src/store/index.ts';
import { withDatabaseAtSchema } from './support/old-database.ts';

const runA: ProcessInstance = { id: 'a1b2c3d4-0000-4000-8000-00000000000a', pid: 4101, host: 'bot-1', startedAt: 1_700_000_000_000, shard: { id: 0, count: 1 } };

describe('schema 4 from a database of schema 3', () => {
  test('GIVEN a file made by migrations 1–3 with rows in every table WHEN opened THEN it is at 4 (and on), every row is kept, and old journal entries have no owner', () => {
    withDatabaseAtSchema(3, `
        INSERT INTO guild_settings VALUES ('g1', 'openai/gpt-4o-mini', 'u1', 10);
        INSERT INTO threads (thread_id, guild_id, channel_id, model_id, prompt, system_prompt, created_by, created_at, created_by_name, first_answer)
          VALUES ('t1', 'g1', 'c1', 'h2o/falcon-40b', 'Why?', NULL, 'u1', 20, 'Ann', 'Because.');
        INSERT INTO thread_prompts VALUES ('p1', 't1', 'u2', 'Bob', 'And then?', 30);
        INSERT INTO unfinished_replies VALUES ('m1', 'c1', 'ru', 40);
      `, (path) => {
      const lines: string[] = [];
      const store = openSqliteStore({ path, logger: { info: (_fields, message) => lines.push(message) } });
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.equal(lines[0], 'database migrated: owners of the replies being written, so a start repairs only those whose process is gone');
      assert.equal(store.getGuildDefaultModel('g1'), 'openai/gpt-4o-mini');
      assert.equal(store.getThread('t1')?.firstAnswer, 'Because.');
      assert.deepEqual(store.getThreadPrompts('t1').map((prompt) => prompt.prompt), ['And then?']);
      assert.deepEqual(store.unfinishedReplies(), [{ messageId: 'm1', channelId: 'c1', locale: 'ru', startedAt: 40, ownerId: null, ownerShard: null }]);
      // and the new journal works beside the old entry
      store.registerInstance(runA);
      store.recordUnfinishedReply({ messageId: 'm2', channelId: 'c1', locale: 'en-US', ownerId: runA.id, startedAt: 50 });
      assert.deepEqual(store.unfinishedReplies().map((reply) => reply.ownerId), [null, runA.id]);
      store.close();
    });
  });
});
