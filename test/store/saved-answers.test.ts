/**
 * Answers kept for Regenerate in the SQLite file: one row per message in answer_messages, the
 * upsert in place, retention's cascade, rows this code did not write, and the indexes. What the
 * store does with answers is the contract suite's (`contract/saved-answers.test.ts`).
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { openSqliteStore } from '../../src/store/index.ts';
import { runMigrations } from '../../src/store/migrate.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { DAY, followUpAnswer as followUp, savedAnswer as answer } from './support/fixtures.ts';
import { withDatabasePath } from './support/old-database.ts';

function rowCount(path: string, table: string): number {
  const raw = new DatabaseSync(path);
  try {
    return Number(raw.prepare(`SELECT count(*) AS n FROM ${table}`).get()?.['n']);
  } finally {
    raw.close();
  }
}

describe('answers kept for Regenerate in the SQLite file', () => {
  test('GIVEN answers saved, saved again, regenerated unknown and deleted THEN each message is one row of answer_messages, and a re-save updates the answer in place', () => {
    withDatabasePath((path) => {
      const store = openSqliteStore({ path });
      store.saveAnswer(answer);
      // a later row, so that a delete and insert would give the answer a new rowid
      store.saveAnswer(followUp);
      assert.equal(rowCount(path, 'answer_messages'), 4);
      const rowid = () => {
        const raw = new DatabaseSync(path);
        const id = raw.prepare('SELECT rowid FROM answers WHERE first_message_id = ?').get(answer.firstMessageId)?.['rowid'];
        raw.close();
        return id;
      };
      const before = rowid();
      store.saveAnswer({ ...answer, messageIds: [answer.firstMessageId, '1300000000000000004'], modelId: 'ollama/llama3.2:3b' });
      assert.equal(rowid(), before, 'updated in place, not deleted and inserted');
      assert.equal(rowCount(path, 'answer_messages'), 3);
      assert.equal(store.replaceAnswer('1300000000000000099', { messageIds: ['1300000000000000005'], modelId: 'openai/gpt-4o' }), false);
      assert.equal(rowCount(path, 'answer_messages'), 3, 'an unknown answer regenerated indexes nothing');
      assert.equal(store.deleteAnswersBefore(followUp.createdAt), 1);
      assert.equal(rowCount(path, 'answer_messages'), 1, 'the side table cascades');
      store.close();
    });
  });

  test('GIVEN rows whose JSON or trigger this code did not write THEN they read as absent, and other answers still read', () => {
    withDatabasePath((path) => {
      const first = openSqliteStore({ path });
      const broken = ['1300000000000000031', '1300000000000000032', '1300000000000000033', '1300000000000000034'];
      for (const id of broken) first.saveAnswer({ ...answer, firstMessageId: id, messageIds: [id] });
      first.saveAnswer(followUp);
      first.close();
      const raw = new DatabaseSync(path);
      raw.prepare('UPDATE answers SET message_ids = ? WHERE first_message_id = ?').run('not json', broken[0]!);
      raw.prepare('UPDATE answers SET asked_by = ? WHERE first_message_id = ?').run('[1, 2]', broken[1]!);
      raw.prepare('UPDATE answers SET turn = ? WHERE first_message_id = ?').run('{"cut', broken[2]!);
      raw.prepare('UPDATE answers SET trigger_kind = ? WHERE first_message_id = ?').run('slash-mystery', broken[3]!);
      raw.close();
      const store = openSqliteStore({ path });
      for (const id of broken) {
        assert.equal(store.getAnswer(id), undefined, id);
        assert.equal(store.answerContaining(id), undefined, id);
      }
      assert.deepEqual(store.getAnswer(followUp.firstMessageId), followUp);
      store.close();
    });
  });

  test('GIVEN the schema THEN answers are indexed by what they follow and by time, and each message of an answer is one keyed row that cascades', () => {
    const database = new DatabaseSync(':memory:');
    runMigrations(database, MIGRATIONS);
    const indexColumns = (name: string) => database.prepare(`PRAGMA index_info(${name})`).all().map((row) => String(row['name']));
    assert.deepEqual(indexColumns('answers_by_follows'), ['follows']);
    assert.deepEqual(indexColumns('answers_by_time'), ['created_at']);
    assert.deepEqual(indexColumns('answer_messages_by_answer'), ['first_message_id']);
    const keys = database.prepare('PRAGMA table_info(answer_messages)').all().filter((row) => Number(row['pk']) > 0).map((row) => String(row['name']));
    assert.deepEqual(keys, ['message_id']);
    const [foreignKey] = database.prepare('PRAGMA foreign_key_list(answer_messages)').all();
    assert.deepEqual({ table: foreignKey?.['table'], from: foreignKey?.['from'], onDelete: foreignKey?.['on_delete'] }, { table: 'answers', from: 'first_message_id', onDelete: 'CASCADE' });
    const plan = database
      .prepare('EXPLAIN QUERY PLAN SELECT a.first_message_id FROM answer_messages m JOIN answers a ON a.first_message_id = m.first_message_id WHERE m.message_id = ?')
      .all()
      .map((row) => String(row['detail']));
    assert.ok(plan.every((step) => /USING (PRIMARY KEY|INDEX|COVERING INDEX)/.test(step) && !/^SCAN/.test(step)), plan.join('; '));
    database.close();
  });
});
