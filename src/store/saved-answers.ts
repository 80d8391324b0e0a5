/**
 * The answers the bot wrote, kept so that a Regenerate button can re-run one even after a
 * restart: where its messages are, who may act on it, and the turn that produced it. Each
 * message of an answer is also indexed in `answer_messages`, so a button on any of them finds
 * the answer with one indexed row.
 */
import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from './in-transaction.ts';
import { answerValues, messagesOf, toAnswerRecord } from './answer-rows.ts';

/** How an answer was asked for. */
export type AnswerTrigger = 'ask' | 'thread' | 'dm' | 'mention' | 'reply' | 'message-command';

/** An answer the bot wrote, as kept for Regenerate. */
export interface AnswerRecord {
  /** The answer's first message: its key (a Regenerate keeps it and edits it). */
  firstMessageId: string;
  /** The channel, thread or DM holding its messages. */
  channelId: string;
  /** The server, null in DMs and private channels. */
  guildId: string | null;
  /** Every message of the answer, in order (first included). */
  messageIds: string[];
  /** The model that wrote it, provider/model. */
  modelId: string;
  /** Who asked: these may Stop and Regenerate it (first = the person it answers). */
  askedBy: string[];
  /** How it was asked. */
  trigger: AnswerTrigger;
  /**
   * What the answers layer needs to rebuild the same turn; opaque to the store, which keeps it
   * as JSON (so it must survive `JSON.stringify`; `undefined` comes back as `null`).
   */
  turn: unknown;
  /** The Discord locale of its own words. */
  locale: string;
  /** The answer this one follows in its conversation (its first message id), if any. */
  follows: string | null;
  /** When it was written, ms since the epoch. */
  createdAt: number;
}

/** What `saveAnswer` takes: an answer record whose `createdAt` defaults to now. */
export type AnswerRecordInput = Omit<AnswerRecord, 'createdAt'> & { createdAt?: number };

/** The store's methods about the answers kept for Regenerate (part of `Store`). */
export interface SavedAnswers {
  /**
   * Keeps an answer, replacing in place one with the same first message. A message belongs to
   * one answer: the last saved that names it. The first message always finds its answer, even
   * when `messageIds` leaves it out.
   *
   * @throws TypeError when `turn` cannot be turned into JSON (a cycle, a BigInt).
   */
  saveAnswer(record: AnswerRecordInput): void;
  /** The answer whose first message is `firstMessageId`, or `undefined`. */
  getAnswer(firstMessageId: string): AnswerRecord | undefined;
  /** The answer one of whose messages is `messageId`, or `undefined`. */
  answerContaining(messageId: string): AnswerRecord | undefined;
  /**
   * After a Regenerate: the answer's new messages and model; how it was asked, its turn, what it
   * follows and its time stay. `false` when no such answer is kept.
   */
  replaceAnswer(firstMessageId: string, change: { messageIds: string[]; modelId: string }): boolean;
  /** Whether another kept answer follows this one in its conversation (a later turn built on it). */
  isFollowed(firstMessageId: string): boolean;
  /** Forgets the answers written before `time` (ms since the epoch), with their messages; returns how many. */
  deleteAnswersBefore(time: number): number;
}

const COLUMNS = 'a.first_message_id, a.channel_id, a.guild_id, a.message_ids, a.model_id, a.asked_by, a.trigger_kind, a.turn, a.locale, a.follows, a.created_at';

/** The saved answers of an open, migrated database; `now` is the store's clock. */
export function savedAnswers(database: DatabaseSync, now: () => number): SavedAnswers {
  // an upsert, never INSERT OR REPLACE: a replace deletes the row first, and its messages'
  // index rows go with it (ON DELETE CASCADE)
  const upsert = database.prepare(
    `INSERT INTO answers (first_message_id, channel_id, guild_id, message_ids, model_id, asked_by, trigger_kind, turn, locale, follows, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (first_message_id) DO UPDATE SET channel_id = excluded.channel_id, guild_id = excluded.guild_id,
       message_ids = excluded.message_ids, model_id = excluded.model_id, asked_by = excluded.asked_by,
       trigger_kind = excluded.trigger_kind, turn = excluded.turn, locale = excluded.locale,
       follows = excluded.follows, created_at = excluded.created_at`,
  );
  const replace = database.prepare('UPDATE answers SET message_ids = ?, model_id = ? WHERE first_message_id = ?');
  const forgetMessages = database.prepare('DELETE FROM answer_messages WHERE first_message_id = ?');
  const indexMessage = database.prepare(
    `INSERT INTO answer_messages (message_id, first_message_id) VALUES (?, ?)
     ON CONFLICT (message_id) DO UPDATE SET first_message_id = excluded.first_message_id`,
  );
  const get = database.prepare(`SELECT ${COLUMNS} FROM answers a WHERE a.first_message_id = ?`);
  const containing = database.prepare(
    `SELECT ${COLUMNS} FROM answer_messages m JOIN answers a ON a.first_message_id = m.first_message_id WHERE m.message_id = ?`,
  );
  const followed = database.prepare('SELECT 1 FROM answers WHERE follows = ? AND first_message_id <> ? LIMIT 1');
  const deleteBefore = database.prepare('DELETE FROM answers WHERE created_at < ?');

  function indexMessages(firstMessageId: string, messageIds: readonly string[]): void {
    forgetMessages.run(firstMessageId);
    for (const messageId of messagesOf(firstMessageId, messageIds)) indexMessage.run(messageId, firstMessageId);
  }

  return {
    saveAnswer(record) {
      const values = answerValues(record, now);
      inTransaction(database, () => {
        upsert.run(...values);
        indexMessages(record.firstMessageId, record.messageIds);
      });
    },
    getAnswer(firstMessageId) {
      const row = get.get(firstMessageId);
      return row === undefined ? undefined : toAnswerRecord(row);
    },
    answerContaining(messageId) {
      const row = containing.get(messageId);
      return row === undefined ? undefined : toAnswerRecord(row);
    },
    replaceAnswer(firstMessageId, change) {
      return inTransaction(database, () => {
        if (Number(replace.run(JSON.stringify(change.messageIds), change.modelId, firstMessageId).changes) === 0) return false;
        indexMessages(firstMessageId, change.messageIds);
        return true;
      });
    },
    isFollowed(firstMessageId) {
      return followed.get(firstMessageId, firstMessageId) !== undefined;
    },
    deleteAnswersBefore(time) {
      // changes counts the answers alone: their answer_messages rows go by cascade
      return Number(deleteBefore.run(time).changes);
    },
  };
}
