/**
 * The answers kept for Regenerate, in PostgreSQL (see `../saved-answers.ts`): an answer and the
 * index of its messages are written in one transaction (a save is one statement, a Regenerate's
 * replacement a transaction of three); deleting an answer takes its messages' rows with it
 * (ON DELETE CASCADE).
 */
import type { Asynchronous } from '../store-port.ts';
import type { SavedAnswers } from '../saved-answers.ts';
import type { PostgresDatabase, Queryable } from './database.ts';
import { answerValues, messagesOf, toAnswerRecord } from '../answer-rows.ts';

const COLUMNS = 'a.first_message_id, a.channel_id, a.guild_id, a.message_ids, a.model_id, a.asked_by, a.trigger_kind, a.turn, a.locale, a.follows, a.created_at';

// one statement, so one transaction and one round trip: the answer upserted (never deleted and
// inserted, which would take its messages' index rows by cascade), its messages that the new
// list leaves out forgotten, and each listed message pointed at it. The three touch different
// rows, and the foreign key is checked at the statement's end, when the answer's row is there.
// $12: the messages, first included, distinct (one INSERT … ON CONFLICT may touch a row once).
const SAVE = `WITH answer AS (
    INSERT INTO answers (first_message_id, channel_id, guild_id, message_ids, model_id, asked_by, trigger_kind, turn, locale, follows, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
    ON CONFLICT (first_message_id) DO UPDATE SET channel_id = EXCLUDED.channel_id, guild_id = EXCLUDED.guild_id,
      message_ids = EXCLUDED.message_ids, model_id = EXCLUDED.model_id, asked_by = EXCLUDED.asked_by,
      trigger_kind = EXCLUDED.trigger_kind, turn = EXCLUDED.turn, locale = EXCLUDED.locale,
      follows = EXCLUDED.follows, created_at = EXCLUDED.created_at
  ), left_out AS (
    DELETE FROM answer_messages WHERE first_message_id = $1 AND message_id <> ALL ($12::text[])
  )
  INSERT INTO answer_messages (message_id, first_message_id) SELECT unnest($12::text[]), $1
  ON CONFLICT (message_id) DO UPDATE SET first_message_id = EXCLUDED.first_message_id`;
const REPLACE = 'UPDATE answers SET message_ids = $1, model_id = $2 WHERE first_message_id = $3';
const FORGET_MESSAGES = 'DELETE FROM answer_messages WHERE first_message_id = $1';
// every message in one statement; the ids are distinct, as one INSERT … ON CONFLICT may touch a row once
const INDEX_MESSAGES = `INSERT INTO answer_messages (message_id, first_message_id) SELECT unnest($1::text[]), $2
  ON CONFLICT (message_id) DO UPDATE SET first_message_id = EXCLUDED.first_message_id`;
const GET = `SELECT ${COLUMNS} FROM answers a WHERE a.first_message_id = $1`;
const CONTAINING = `SELECT ${COLUMNS} FROM answer_messages m JOIN answers a ON a.first_message_id = m.first_message_id WHERE m.message_id = $1`;
const FOLLOWED = 'SELECT 1 FROM answers WHERE follows = $1 AND first_message_id <> $1 LIMIT 1';
const DELETE_BEFORE = 'DELETE FROM answers WHERE created_at < $1';

/** The saved answers; `now` is the store's clock. */
export function postgresSavedAnswers(database: PostgresDatabase, now: () => number): Asynchronous<SavedAnswers> {
  return {
    async saveAnswer(record) {
      // before the statement: a turn JSON cannot hold (a cycle, a BigInt) fails with nothing written
      const values = answerValues(record, now);
      await database.query(SAVE, [...values, messagesOf(record.firstMessageId, record.messageIds)]);
    },
    async getAnswer(firstMessageId) {
      const row = (await database.query(GET, [firstMessageId])).rows[0];
      return row === undefined ? undefined : toAnswerRecord(row);
    },
    async answerContaining(messageId) {
      const row = (await database.query(CONTAINING, [messageId])).rows[0];
      return row === undefined ? undefined : toAnswerRecord(row);
    },
    replaceAnswer: (firstMessageId, change) =>
      database.transaction(async (connection) => {
        if ((await connection.query(REPLACE, [JSON.stringify(change.messageIds), change.modelId, firstMessageId])).rowCount === 0) return false;
        await indexMessages(connection, firstMessageId, change.messageIds);
        return true;
      }),
    async isFollowed(firstMessageId) {
      return (await database.query(FOLLOWED, [firstMessageId])).rows.length > 0;
    },
    async deleteAnswersBefore(time) {
      // rowCount counts the answers alone: their answer_messages rows go by cascade
      return (await database.query(DELETE_BEFORE, [time])).rowCount;
    },
  };
}

/** The answer's messages, first included, each pointing at it (taken from any answer that named it before). */
async function indexMessages(connection: Queryable, firstMessageId: string, messageIds: readonly string[]): Promise<void> {
  await connection.query(FORGET_MESSAGES, [firstMessageId]);
  await connection.query(INDEX_MESSAGES, [messagesOf(firstMessageId, messageIds), firstMessageId]);
}
