/**
 * The files given to `/ask` prompts in the SQLite file: a database of schema 5 gains them empty,
 * and a row of another shape is read without them. Their round trips are the contract suite's
 * (`contract/threads.test.ts`).
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { LATEST_SCHEMA_VERSION, openSqliteStore } from '../../src/store/index.ts';
import { withDatabaseAtSchema, withDatabasePath } from './support/old-database.ts';

const image = { id: '1300000000000000001', name: 'cat.png', byteSize: 13, url: 'https://cdn.discordapp.com/attachments/1/2/cat.png?ex=1', contentType: 'image/png' };
const thread = {
  threadId: '1200000000000000010',
  guildId: '1100000000000000100',
  channelId: '1100000000000000201',
  modelId: 'openai/gpt-4o',
  prompt: 'Look at my cat',
  createdBy: 'u1',
  createdByName: 'Ann',
  firstAnswer: 'A cat.',
};

describe('the files given to /ask prompts in the SQLite file (schema 6)', () => {
  test('GIVEN a file at schema 5 with a thread and a prompt WHEN opened THEN they are kept, with no files', () => {
    withDatabaseAtSchema(5, `
        INSERT INTO threads (thread_id, guild_id, channel_id, model_id, prompt, created_by, created_at, created_by_name, first_answer)
          VALUES ('t1', 'g1', 'c1', 'openai/gpt-4o', 'Old prompt', 'u1', 10, 'Ann', 'Old answer');
        INSERT INTO thread_prompts (message_id, thread_id, author_id, author_name, prompt, created_at) VALUES ('m1', 't1', 'u2', 'Bo', 'Old ask', 11);
      `, (path) => {
      const store = openSqliteStore({ path });
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.equal(store.getThread('t1')?.prompt, 'Old prompt');
      assert.equal(store.getThread('t1')?.promptAttachments, undefined);
      assert.deepEqual(store.getThreadPrompts('t1').map((prompt) => [prompt.prompt, prompt.attachments]), [['Old ask', undefined]]);
      store.close();
    });
  });

  test('GIVEN a row whose files are not the shape written THEN they are left out, not a crash', () => {
    withDatabasePath((path) => {
      const first = openSqliteStore({ path });
      first.saveThread(thread);
      first.close();
      const raw = new DatabaseSync(path);
      raw.prepare('UPDATE threads SET prompt_attachments = ?').run(JSON.stringify([{ id: 1 }, 'x', image]));
      raw.close();
      const reopened = openSqliteStore({ path });
      assert.deepEqual(reopened.getThread(thread.threadId)?.promptAttachments, [image]);
      reopened.close();
    });
  });
});
