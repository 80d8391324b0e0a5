/**
 * Cordial's persistent state in one SQLite file through `node:sqlite`: each server's default
 * model, system prompt and thread reply mode (`guild-settings.ts`), each channel's prompt and
 * model (`channel-settings.ts`), who may use the bot in a server (`access-rules.ts`), who changed
 * which setting when (`settings-log.ts`), each bot thread's model, original prompt and
 * first answer, the replies being written with the process writing each (so that those a crash
 * cut off can be marked after a restart), each answer's token usage and, while it is kept, its
 * reasoning (`answer-records.ts`), rolled up per day for reports and quotas (`usage-report.ts`),
 * each server's token quotas (`quotas.ts`), the places of answers being written (`answer-places.ts`), and the answers kept for Regenerate, indexed by each of their
 * messages (`saved-answers.ts`).
 * Synchronous on purpose: every call reads or writes a few indexed rows (an answer and its
 * messages in one transaction; retention a range of the time index), far below a millisecond,
 * and the bot has one writer (`lockDatabase` admits one bot process per file).
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { runMigrations } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';
import { answerRecords, type AnswerRecords } from './answer-records.ts';
import { guildSettings, type GuildSettings } from './guild-settings.ts';
import { channelSettings, type ChannelSettings } from './channel-settings.ts';
import { accessRules, type AccessRules } from './access-rules.ts';
import { settingsLog, settingsLogWriter, type SettingsLog } from './settings-log.ts';
import { savedAnswers, type SavedAnswers } from './saved-answers.ts';
import { usageReports, type UsageReports } from './usage-report.ts';
import { guildQuotas, type GuildQuotas } from './quotas.ts';
import { answerPlaceLedger, type AnswerPlaceLedger } from './answer-places.ts';
import { configureDatabase, openDatabase, toStoreOpenError } from './open-database.ts';
import { asynchronous, type Store } from './store-port.ts';
import { threadPromptValues, threadValues, toThreadPrompt, toThreadRecord } from './thread-rows.ts';
import { toProcessInstance, toUnfinishedReply } from './journal-rows.ts';

/** How long a statement waits for another connection's lock before failing, in ms. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** The logging the store does: one line per migration applied. Pino's logger fits. */
export interface StoreLogger {
  info(fields: object, message: string): void;
}

/** Settings of `openStore`. */
export interface OpenStoreOptions {
  /** The database file (its directory is created), or `:memory:`. */
  path: string;
  /** Where migrations are reported; silent when absent. */
  logger?: StoreLogger;
  /** Milliseconds to wait for a lock held by another connection. Default 5,000. */
  busyTimeoutMs?: number;
  /** The clock for settings' `updated_at`, default `createdAt`s, usage times and reasoning expiry, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** A thread the bot opened (or continues), with what its conversation started from. */
export interface ThreadRecord {
  /** The thread's channel id. */
  threadId: string;
  /** The server, or `null` outside servers. */
  guildId: string | null;
  /** The channel the thread was opened in. */
  channelId: string;
  /** The model the conversation started with, `provider/model`; kept even if the server default changes. */
  modelId: string;
  /** The `/ask` prompt that started the thread: the first user turn of its history. */
  prompt: string;
  /**
   * The system prompt the conversation started with, when one was recorded: the thread keeps it
   * even if its channel's or server's prompt changes later (as it keeps its model).
   */
  system?: string;
  /** The user who asked. */
  createdBy: string;
  /** The asker's display name when they asked (the history names speakers). */
  createdByName: string;
  /**
   * The model's answer to the prompt, exactly. It lives in the parent channel (the thread's
   * starter message and its continuations), so it is kept here rather than re-read.
   */
  firstAnswer: string;
  /** The files given to that `/ask` (its `image` option), when there were any: later turns read them again. */
  promptAttachments?: StoredAttachment[];
  /** When the thread was opened, in ms since the epoch. */
  createdAt: number;
}

/**
 * An `/ask` used inside a bot thread: Discord shows no user message for it, so the prompt is
 * kept here, keyed by the first message of the bot's answer, to take its place in the history.
 */
export interface ThreadPrompt {
  /** The first message of the answer to this prompt. */
  messageId: string;
  /** The thread. */
  threadId: string;
  /** Who asked. */
  authorId: string;
  /** Their display name. */
  authorName: string;
  /** The prompt. */
  prompt: string;
  /** The files given with it, when there were any. */
  attachments?: StoredAttachment[];
  /** When, in ms since the epoch. */
  createdAt: number;
}

/**
 * A file attached to an `/ask`, as Discord described it: enough to fetch it again from the CDN
 * while its URL lasts (Discord signs attachment URLs for about a day; after that a turn names
 * the file as not fetched). The bytes are never stored.
 */
export interface StoredAttachment {
  /** The attachment's snowflake id (caches key on it). */
  id: string;
  /** The file name. */
  name: string;
  /** Its size in bytes, as Discord stated it. */
  byteSize: number;
  /** Its CDN URL. */
  url: string;
  /** The content type Discord stated, when it did. */
  contentType?: string;
}

/**
 * A message of a reply that is still being written. Recorded when its first streaming write
 * lands and forgotten once the message shows its final content, so an entry whose owner is gone
 * was cut off by a crash (or by Discord staying down to the end).
 */
export interface UnfinishedReply {
  /** The message. */
  messageId: string;
  /** Its channel or thread (the bot edits it there with its token). */
  channelId: string;
  /** The Discord locale its words were written in. */
  locale: string;
  /** When the reply started, in ms since the epoch. */
  startedAt: number;
  /**
   * The `ProcessInstance` writing it; `null` for entries journaled before owners were recorded
   * (schema 3), whose process is gone.
   */
  ownerId: string | null;
  /** The shard its owner served, when the owner is recorded (`null`: no owner, or a run forgotten since). */
  ownerShard: Shard | null;
}

/** One shard of the bot: a guild's events reach the shard `(guild_id >> 22) % count`; DMs shard 0. */
export interface Shard {
  /** This shard's number, from 0. */
  id: number;
  /** How many shards the bot runs in all. */
  count: number;
}

/**
 * One run of a bot process: the owner of the replies it journals. Its id is new at every start
 * (a pid alone is reused after a restart or in another container); the rest is for the operator.
 */
export interface ProcessInstance {
  /** A random id, unique to this run. */
  id: string;
  /** The operating system's process id. */
  pid: number;
  /** The host it runs on. */
  host: string;
  /** When it started, in ms since the epoch. */
  startedAt: number;
  /** The shard it serves (one process per shard; `npm start` is shard 0 of 1). */
  shard: Shard;
}

/** What `saveThread` takes: a thread record whose `createdAt` defaults to now. */
export type ThreadRecordInput = Omit<ThreadRecord, 'createdAt'> & { createdAt?: number };

/**
 * The SQLite store's synchronous methods. Every method throws only on I/O failure. The bot uses
 * it through the asynchronous `Store` port (`openStore`); SQLite-only tests call it directly.
 */
export interface SqliteStore extends GuildSettings, ChannelSettings, AccessRules, SettingsLog, AnswerRecords, SavedAnswers, UsageReports, GuildQuotas, AnswerPlaceLedger {
  /** The configured path. */
  readonly path: string;
  /** The schema version of the open file. */
  readonly schemaVersion: number;
  /** The bot thread with this id, or `undefined` when it is not one of ours. */
  getThread(threadId: string): ThreadRecord | undefined;
  /** Records a bot thread, updating any record with the same id in place (its prompts stay). */
  saveThread(thread: ThreadRecordInput): void;
  /**
   * After a Regenerate of the thread's opening answer: its new text and model (later turns
   * continue from them). `false` when the thread is not one of ours.
   */
  updateThreadFirstAnswer(threadId: string, change: { firstAnswer: string; modelId: string }): boolean;
  /** Records an `/ask` prompt used inside a bot thread (the thread must be recorded). */
  saveThreadPrompt(prompt: Omit<ThreadPrompt, 'createdAt'> & { createdAt?: number }): void;
  /** The `/ask` prompts used inside a thread, oldest first. */
  getThreadPrompts(threadId: string): ThreadPrompt[];
  /** Forgets a thread (it was deleted); `true` when it was known. */
  deleteThread(threadId: string): boolean;
  /** Records this process run, the owner of the replies it journals (again: updated). */
  registerInstance(instance: ProcessInstance): void;
  /** The recorded process run with this id, or `undefined`. */
  getInstance(instanceId: string): ProcessInstance | undefined;
  /**
   * Forgets every recorded process run that owns no journaled reply and is not one of
   * `liveInstanceIds` — of `shard` only, when given (other shards' runs may be alive); returns how many.
   */
  forgetIdleInstances(liveInstanceIds: readonly string[], shard?: Shard): number;
  /** Records a message of a reply being written by `ownerId` (again: nothing changes). */
  recordUnfinishedReply(reply: Omit<UnfinishedReply, 'startedAt' | 'ownerId' | 'ownerShard'> & { ownerId: string; startedAt?: number }): void;
  /** Forgets a reply's message once it is final; `true` when it was recorded. */
  forgetUnfinishedReply(messageId: string): boolean;
  /** Every recorded message, whoever owns it, with its owner's shard, oldest first. */
  unfinishedReplies(): UnfinishedReply[];
  /** Closes the database. Later calls to `close` do nothing; other methods then throw. */
  close(): void;
}

/**
 * Opens the SQLite database at `options.path` as `openSqliteStore` does, behind the asynchronous
 * `Store` port the bot uses.
 *
 * @throws StoreOpenError as `openSqliteStore` does.
 */
export function openStore(options: OpenStoreOptions): Store {
  return sqlitePort(openSqliteStore(options));
}

/** The asynchronous `Store` port over an open SQLite store (both then use the same connection). */
export function sqlitePort(store: SqliteStore): Store {
  const { path, schemaVersion, ...methods } = store;
  return { ...asynchronous(methods), kind: 'sqlite', location: path, schemaVersion };
}

/**
 * Opens (creating when needed) the database at `options.path`, sets WAL, the busy timeout and
 * foreign keys, checks the file, and applies pending migrations.
 *
 * @throws StoreOpenError when the file is corrupt or not a database, cannot be created or
 *   written, comes from a newer Cordial, stays locked, or a migration fails. Its message names
 *   the path and what to do.
 */
export function openSqliteStore(options: OpenStoreOptions): SqliteStore {
  const { path, logger } = options;
  const now = options.now ?? Date.now;
  const database = openDatabase(path, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  let schemaVersion: number;
  try {
    configureDatabase(database, path);
    const outcome = runMigrations(database, MIGRATIONS);
    for (const migration of outcome.applied) {
      logger?.info({ path, version: migration.version }, `database migrated: ${migration.name}`);
    }
    schemaVersion = outcome.toVersion;
  } catch (error) {
    database.close();
    throw toStoreOpenError(path, error);
  }
  return createStore(database, path, schemaVersion, now);
}

function createStore(database: DatabaseSync, path: string, schemaVersion: number, now: () => number): SqliteStore {
  const statements = prepareStatements(database);
  const logSettingChange = settingsLogWriter(database, now);
  let isClosed = false;
  return {
    path,
    schemaVersion,
    ...guildSettings(database, now, logSettingChange),
    ...channelSettings(database, now, logSettingChange),
    ...accessRules(database, now, logSettingChange),
    ...settingsLog(database),
    ...answerRecords(database, now),
    ...savedAnswers(database, now),
    ...usageReports(database),
    ...guildQuotas(database, now),
    ...answerPlaceLedger(database, now),
    getThread(threadId) {
      const row = statements.getThread.get(threadId);
      return row === undefined ? undefined : toThreadRecord(row);
    },
    saveThread(thread) {
      statements.saveThread.run(...threadValues(thread, now));
    },
    updateThreadFirstAnswer(threadId, change) {
      return Number(statements.updateThreadFirstAnswer.run(change.firstAnswer, change.modelId, threadId).changes) > 0;
    },
    saveThreadPrompt(prompt) {
      statements.saveThreadPrompt.run(...threadPromptValues(prompt, now));
    },
    getThreadPrompts(threadId) {
      return statements.getThreadPrompts.all(threadId).map(toThreadPrompt);
    },
    deleteThread(threadId) {
      return Number(statements.deleteThread.run(threadId).changes) > 0;
    },
    registerInstance(instance) {
      statements.registerInstance.run(instance.id, instance.pid, instance.host, instance.startedAt, instance.shard.id, instance.shard.count);
    },
    getInstance(instanceId) {
      const row = statements.getInstance.get(instanceId);
      return row === undefined ? undefined : toProcessInstance(row);
    },
    forgetIdleInstances(liveInstanceIds, shard) {
      return Number(statements.forgetIdleInstances.run(JSON.stringify(liveInstanceIds), shard?.id ?? null, shard?.count ?? null).changes);
    },
    recordUnfinishedReply(reply) {
      statements.recordUnfinishedReply.run(reply.messageId, reply.channelId, reply.locale, reply.startedAt ?? now(), reply.ownerId);
    },
    forgetUnfinishedReply(messageId) {
      return Number(statements.forgetUnfinishedReply.run(messageId).changes) > 0;
    },
    unfinishedReplies() {
      return statements.unfinishedReplies.all().map(toUnfinishedReply);
    },
    close() {
      if (isClosed) return;
      isClosed = true;
      database.close();
    },
  };
}

function prepareStatements(database: DatabaseSync): Record<
  | 'getThread'
  | 'saveThread'
  | 'updateThreadFirstAnswer'
  | 'deleteThread'
  | 'saveThreadPrompt'
  | 'getThreadPrompts'
  | 'registerInstance'
  | 'getInstance'
  | 'forgetIdleInstances'
  | 'recordUnfinishedReply'
  | 'forgetUnfinishedReply'
  | 'unfinishedReplies',
  StatementSync
> {
  return {
    getThread: database.prepare(
      `SELECT thread_id, guild_id, channel_id, model_id, prompt, system_prompt, created_by, created_at, created_by_name, first_answer, prompt_attachments
       FROM threads WHERE thread_id = ?`,
    ),
    // an upsert, never INSERT OR REPLACE: a replace deletes the row first, and the thread's
    // prompts go with it (ON DELETE CASCADE)
    saveThread: database.prepare(
      `INSERT INTO threads
       (thread_id, guild_id, channel_id, model_id, prompt, system_prompt, created_by, created_at, created_by_name, first_answer, prompt_attachments)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (thread_id) DO UPDATE SET guild_id = excluded.guild_id, channel_id = excluded.channel_id,
         model_id = excluded.model_id, prompt = excluded.prompt, system_prompt = excluded.system_prompt,
         created_by = excluded.created_by, created_at = excluded.created_at,
         created_by_name = excluded.created_by_name, first_answer = excluded.first_answer,
         prompt_attachments = excluded.prompt_attachments`,
    ),
    updateThreadFirstAnswer: database.prepare('UPDATE threads SET first_answer = ?, model_id = ? WHERE thread_id = ?'),
    saveThreadPrompt: database.prepare(
      `INSERT INTO thread_prompts (message_id, thread_id, author_id, author_name, prompt, created_at, attachments) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (message_id) DO UPDATE SET thread_id = excluded.thread_id, author_id = excluded.author_id,
         author_name = excluded.author_name, prompt = excluded.prompt, created_at = excluded.created_at,
         attachments = excluded.attachments`,
    ),
    getThreadPrompts: database.prepare(
      `SELECT message_id, thread_id, author_id, author_name, prompt, created_at, attachments FROM thread_prompts WHERE thread_id = ? ORDER BY created_at, message_id`,
    ),
    deleteThread: database.prepare('DELETE FROM threads WHERE thread_id = ?'),
    registerInstance: database.prepare(
      `INSERT INTO process_instances (instance_id, pid, host, started_at, shard_id, shard_count) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (instance_id) DO UPDATE SET pid = excluded.pid, host = excluded.host, started_at = excluded.started_at,
         shard_id = excluded.shard_id, shard_count = excluded.shard_count`,
    ),
    getInstance: database.prepare('SELECT instance_id, pid, host, started_at, shard_id, shard_count FROM process_instances WHERE instance_id = ?'),
    forgetIdleInstances: database.prepare(
      `DELETE FROM process_instances
       WHERE instance_id NOT IN (SELECT value FROM json_each(?1))
         AND (?2 IS NULL OR (shard_id = ?2 AND shard_count = ?3))
         AND NOT EXISTS (SELECT 1 FROM unfinished_replies WHERE owner_id = process_instances.instance_id)`,
    ),
    // DO NOTHING rather than OR IGNORE, which would also swallow a NOT NULL violation
    recordUnfinishedReply: database.prepare(
      `INSERT INTO unfinished_replies (message_id, channel_id, locale, started_at, owner_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (message_id) DO NOTHING`,
    ),
    forgetUnfinishedReply: database.prepare('DELETE FROM unfinished_replies WHERE message_id = ?'),
    unfinishedReplies: database.prepare(
      `SELECT reply.message_id, reply.channel_id, reply.locale, reply.started_at, reply.owner_id, owner.shard_id, owner.shard_count
       FROM unfinished_replies AS reply LEFT JOIN process_instances AS owner ON owner.instance_id = reply.owner_id
       ORDER BY reply.started_at, reply.message_id`,
    ),
  };
}
