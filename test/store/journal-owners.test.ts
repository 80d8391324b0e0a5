import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { openStore, type ProcessInstance } from '../../src/store/index.ts';
import { withDatabaseAtSchema } from './support/old-database.ts';

const runA: ProcessInstance = { id: 'a1b2c3d4-0000-4000-8000-00000000000a', pid: 4101, host: 'bot-1', startedAt: 1_700_000_000_000 };
const runB: ProcessInstance = { id: 'a1b2c3d4-0000-4000-8000-00000000000b', pid: 4102, host: 'bot-2', startedAt: 1_700_000_100_000 };

describe('owners of the replies being written', () => {
  test('GIVEN two process runs WHEN each journals a reply THEN each entry names its owner, and a run is found by its id', () => {
    const store = openStore({ path: ':memory:', now: () => 5 });
    store.registerInstance(runA);
    store.registerInstance(runB);
    store.registerInstance({ ...runB, pid: 4103 });
    store.recordUnfinishedReply({ messageId: 'm1', channelId: 'c1', locale: 'en-US', ownerId: runA.id });
    store.recordUnfinishedReply({ messageId: 'm2', channelId: 'c1', locale: 'ru', ownerId: runB.id });
    assert.deepEqual(store.unfinishedReplies().map((reply) => [reply.messageId, reply.ownerId]), [['m1', runA.id], ['m2', runB.id]]);
    assert.deepEqual(store.getInstance(runA.id), runA);
    assert.deepEqual(store.getInstance(runB.id), { ...runB, pid: 4103 }, 'registering again updates the run');
    assert.equal(store.getInstance('unknown'), undefined);
    store.close();
  });

  test('GIVEN runs that own entries, a live run and an idle gone run THEN only the idle gone run is forgotten', () => {
    const store = openStore({ path: ':memory:' });
    const idle: ProcessInstance = { ...runB, id: 'idle-run' };
    for (const instance of [runA, runB, idle]) store.registerInstance(instance);
    store.recordUnfinishedReply({ messageId: 'm1', channelId: 'c1', locale: 'en-US', ownerId: runA.id });
    // runB is live and owns nothing right now; runA is gone but still owns an entry
    assert.equal(store.forgetIdleInstances([runB.id]), 1);
    assert.equal(store.getInstance(idle.id), undefined);
    assert.ok(store.getInstance(runA.id));
    assert.ok(store.getInstance(runB.id));
    store.forgetUnfinishedReply('m1');
    assert.equal(store.forgetIdleInstances([runB.id]), 1, 'once its entry is repaired, the gone run goes too');
    assert.equal(store.forgetIdleInstances([]), 1);
    store.close();
  });
});

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
      const store = openStore({ path, logger: { info: (_fields, message) => lines.push(message) } });
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.equal(lines[0], 'database migrated: owners of the replies being written, so a start repairs only those whose process is gone');
      assert.equal(store.getGuildDefaultModel('g1'), 'openai/gpt-4o-mini');
      assert.equal(store.getThread('t1')?.firstAnswer, 'Because.');
      assert.deepEqual(store.getThreadPrompts('t1').map((prompt) => prompt.prompt), ['And then?']);
      assert.deepEqual(store.unfinishedReplies(), [{ messageId: 'm1', channelId: 'c1', locale: 'ru', startedAt: 40, ownerId: null }]);
      // and the new journal works beside the old entry
      store.registerInstance(runA);
      store.recordUnfinishedReply({ messageId: 'm2', channelId: 'c1', locale: 'en-US', ownerId: runA.id, startedAt: 50 });
      assert.deepEqual(store.unfinishedReplies().map((reply) => reply.ownerId), [null, runA.id]);
      store.close();
    });
  });
});
