/**
 * Answers kept for Regenerate: round trips, the upsert, the lookup by any message through
 * answer_messages, replacing messages after a Regenerate, conversations that follow an answer,
 * retention with its cascade, and rows this code did not write.
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { openStore, IN_MEMORY_PATH, type AnswerRecord } from '../../src/store/index.ts';
import { runMigrations } from '../../src/store/migrate.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { withDatabasePath } from './support/old-database.ts';

const DAY = 24 * 60 * 60_000;

const answer: AnswerRecord = {
  firstMessageId: '1300000000000000001',
  channelId: '1100000000000000201',
  guildId: '1100000000000000100',
  messageIds: ['1300000000000000001', '1300000000000000002', '1300000000000000003'],
  modelId: 'openai/gpt-4o',
  askedBy: ['800000000000000001', '800000000000000002'],
  trigger: 'ask',
  turn: { prompt: 'Объясни WAL 🤔', system: null, history: [{ role: 'user', text: 'x' }], temperature: 0.5 },
  locale: 'ru',
  follows: null,
  createdAt: 1_700_000_000_000,
};

/** An answer later in the same conversation, following `answer`. */
const followUp: AnswerRecord = {
  ...answer,
  firstMessageId: '1300000000000000010',
  messageIds: ['1300000000000000010'],
  trigger: 'thread',
  follows: answer.firstMessageId,
  createdAt: answer.createdAt + DAY,
};

function rowCount(path: string, table: string): number {
  const raw = new DatabaseSync(path);
  try {
    return Number(raw.prepare(`SELECT count(*) AS n FROM ${table}`).get()?.['n']);
  } finally {
    raw.close();
  }
}

describe('answers kept for Regenerate', () => {
  test('GIVEN a saved answer THEN getAnswer returns exactly it; WHEN saved without a time THEN it is now; unknown ids are undefined', () => {
    const store = openStore({ path: IN_MEMORY_PATH, now: () => 42 });
    store.saveAnswer(answer);
    assert.deepEqual(store.getAnswer(answer.firstMessageId), answer);
    const { createdAt: _ignored, ...direct } = { ...followUp, guildId: null, trigger: 'dm' as const };
    store.saveAnswer(direct);
    assert.deepEqual(store.getAnswer(followUp.firstMessageId), { ...direct, createdAt: 42 });
    assert.equal(store.getAnswer('1300000000000000099'), undefined);
    store.close();
  });

  test('GIVEN a turn that is null or left undefined THEN it comes back as null', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    store.saveAnswer({ ...answer, turn: undefined });
    assert.equal(store.getAnswer(answer.firstMessageId)?.turn, null);
    store.saveAnswer({ ...followUp, turn: null });
    assert.equal(store.getAnswer(followUp.firstMessageId)?.turn, null);
    store.close();
  });

  test('GIVEN a turn that is not JSON WHEN saved THEN TypeError, and nothing is kept', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    assert.throws(() => store.saveAnswer({ ...answer, turn: { tokens: 1n } }), TypeError);
    assert.equal(store.getAnswer(answer.firstMessageId), undefined);
    assert.equal(store.answerContaining(answer.messageIds[1]!), undefined);
    store.close();
  });

  test('GIVEN a saved answer WHEN looked up by any of its messages THEN it is found; other messages find nothing', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    store.saveAnswer(answer);
    store.saveAnswer(followUp);
    for (const messageId of answer.messageIds) assert.equal(store.answerContaining(messageId)?.firstMessageId, answer.firstMessageId, messageId);
    assert.deepEqual(store.answerContaining(answer.messageIds[2]!), answer);
    assert.equal(store.answerContaining(followUp.firstMessageId)?.firstMessageId, followUp.firstMessageId);
    assert.equal(store.answerContaining('1300000000000000099'), undefined);
    store.close();
  });

  test('GIVEN messageIds that leave out the first message THEN the first message still finds its answer', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    store.saveAnswer({ ...answer, messageIds: ['1300000000000000002'] });
    assert.equal(store.answerContaining(answer.firstMessageId)?.firstMessageId, answer.firstMessageId);
    assert.equal(store.answerContaining('1300000000000000002')?.firstMessageId, answer.firstMessageId);
    assert.deepEqual(store.getAnswer(answer.firstMessageId)?.messageIds, ['1300000000000000002'], 'kept as given');
    store.close();
  });

  test('GIVEN a saved answer WHEN saved again THEN every field is replaced in the same row, and its messages are indexed anew', () => {
    withDatabasePath((path) => {
      const store = openStore({ path });
      store.saveAnswer(answer);
      // a later row, so that a delete and insert would give the answer a new rowid
      store.saveAnswer(followUp);
      const rowid = () => {
        const raw = new DatabaseSync(path);
        const id = raw.prepare('SELECT rowid FROM answers WHERE first_message_id = ?').get(answer.firstMessageId)?.['rowid'];
        raw.close();
        return id;
      };
      const before = rowid();
      const again: AnswerRecord = {
        ...answer,
        channelId: '1100000000000000202',
        messageIds: [answer.firstMessageId, '1300000000000000004'],
        modelId: 'ollama/llama3.2:3b',
        askedBy: ['800000000000000003'],
        trigger: 'mention',
        turn: ['another', 'shape'],
        locale: 'en-US',
        follows: '1300000000000000000',
        createdAt: answer.createdAt + 1,
      };
      store.saveAnswer(again);
      assert.deepEqual(store.getAnswer(answer.firstMessageId), again);
      assert.equal(rowid(), before, 'updated in place, not deleted and inserted');
      assert.equal(store.answerContaining('1300000000000000002'), undefined, 'a message it no longer has');
      assert.equal(store.answerContaining('1300000000000000004')?.modelId, 'ollama/llama3.2:3b');
      assert.equal(rowCount(path, 'answer_messages'), 3);
      store.close();
    });
  });

  test('GIVEN a message named by two answers THEN it belongs to the last saved', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    store.saveAnswer(answer);
    store.saveAnswer({ ...followUp, messageIds: [followUp.firstMessageId, answer.messageIds[2]!] });
    assert.equal(store.answerContaining(answer.messageIds[2]!)?.firstMessageId, followUp.firstMessageId);
    assert.equal(store.answerContaining(answer.messageIds[1]!)?.firstMessageId, answer.firstMessageId);
    store.close();
  });

  test('WHEN an answer is regenerated THEN its messages and model change, all else stays, and only its new messages find it', () => {
    const store = openStore({ path: IN_MEMORY_PATH, now: () => 999 });
    store.saveAnswer({ ...answer, follows: '1300000000000000000' });
    const change = { messageIds: [answer.firstMessageId, '1300000000000000005'], modelId: 'anthropic/claude-3-5-haiku' };
    assert.equal(store.replaceAnswer(answer.firstMessageId, change), true);
    assert.deepEqual(store.getAnswer(answer.firstMessageId), { ...answer, follows: '1300000000000000000', ...change });
    assert.equal(store.answerContaining('1300000000000000002'), undefined);
    assert.equal(store.answerContaining('1300000000000000003'), undefined);
    assert.equal(store.answerContaining('1300000000000000005')?.modelId, 'anthropic/claude-3-5-haiku');
    assert.equal(store.answerContaining(answer.firstMessageId)?.modelId, 'anthropic/claude-3-5-haiku');
    store.close();
  });

  test('WHEN an unknown answer is regenerated THEN false, and nothing is kept', () => {
    withDatabasePath((path) => {
      const store = openStore({ path });
      assert.equal(store.replaceAnswer(answer.firstMessageId, { messageIds: ['1300000000000000005'], modelId: 'openai/gpt-4o' }), false);
      assert.equal(store.getAnswer(answer.firstMessageId), undefined);
      assert.equal(store.answerContaining('1300000000000000005'), undefined);
      assert.equal(rowCount(path, 'answer_messages'), 0);
      store.close();
    });
  });

  test('GIVEN an answer another follows THEN it is followed and the later one is not; an answer naming itself does not count', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    store.saveAnswer(answer);
    assert.equal(store.isFollowed(answer.firstMessageId), false);
    store.saveAnswer(followUp);
    assert.equal(store.isFollowed(answer.firstMessageId), true);
    assert.equal(store.isFollowed(followUp.firstMessageId), false);
    store.saveAnswer({ ...followUp, firstMessageId: '1300000000000000020', messageIds: ['1300000000000000020'], follows: '1300000000000000020' });
    assert.equal(store.isFollowed('1300000000000000020'), false);
    assert.equal(store.isFollowed('1300000000000000099'), false);
    store.close();
  });

  test('GIVEN answers of different days WHEN those before a time are deleted THEN only they go, with their messages', () => {
    withDatabasePath((path) => {
      const store = openStore({ path });
      store.saveAnswer(answer);
      store.saveAnswer(followUp);
      assert.equal(rowCount(path, 'answer_messages'), 4);
      assert.equal(store.deleteAnswersBefore(answer.createdAt), 0, 'an answer written at the time itself stays');
      assert.equal(store.deleteAnswersBefore(followUp.createdAt), 1);
      assert.equal(store.getAnswer(answer.firstMessageId), undefined);
      assert.equal(store.answerContaining(answer.messageIds[1]!), undefined);
      assert.equal(rowCount(path, 'answer_messages'), 1, 'the side table cascades');
      assert.deepEqual(store.answerContaining(followUp.firstMessageId), followUp);
      assert.equal(store.isFollowed(answer.firstMessageId), true, 'follows is kept as written: the later answer still built on it');
      assert.equal(store.deleteAnswersBefore(followUp.createdAt), 0);
      store.close();
    });
  });

  test('GIVEN rows whose JSON or trigger this code did not write THEN they read as absent, and other answers still read', () => {
    withDatabasePath((path) => {
      const first = openStore({ path });
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
      const store = openStore({ path });
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

describe("a thread's opening answer regenerated", () => {
  const thread = {
    threadId: '1200000000000000001',
    guildId: '1100000000000000100',
    channelId: '1100000000000000201',
    modelId: 'openai/gpt-4o',
    prompt: 'Explain WAL',
    createdBy: '800000000000000001',
    createdByName: 'Ann',
    firstAnswer: 'The first try.',
    createdAt: 7,
  };

  test('WHEN its first answer is replaced THEN the text and model change, the rest and its prompts stay; an unknown thread is false', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    store.saveThread(thread);
    store.saveThreadPrompt({ messageId: '1200000000000000030', threadId: thread.threadId, authorId: 'u1', authorName: 'Ann', prompt: 'Why?', createdAt: 8 });
    assert.equal(store.updateThreadFirstAnswer(thread.threadId, { firstAnswer: 'The second try.', modelId: 'ollama/llama3.2:3b' }), true);
    assert.deepEqual(store.getThread(thread.threadId), { ...thread, firstAnswer: 'The second try.', modelId: 'ollama/llama3.2:3b' });
    assert.deepEqual(store.getThreadPrompts(thread.threadId).map((prompt) => prompt.prompt), ['Why?']);
    assert.equal(store.updateThreadFirstAnswer('1200000000000000099', { firstAnswer: 'x', modelId: 'openai/gpt-4o' }), false);
    assert.equal(store.getThread('1200000000000000099'), undefined);
    store.close();
  });
});
