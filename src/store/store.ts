/**
 * Cordial's persistent state in one SQLite file through `node:sqlite`: each server's default
 * model and each bot thread's model and original prompt. Synchronous on purpose: every call is
 * a single indexed row, far below a millisecond, and the bot has one writer.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { runMigrations } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';
import { configureDatabase, openDatabase, toStoreOpenError } from './open-database.ts';

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
  /** The clock for `updatedAt` and default `createdAt`, in ms since the epoch. Default `Date.now`. */
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
  /** A system prompt for the conversation, when one was given. */
  system?: string;
  /** The user who asked. */
  createdBy: string;
  /** When the thread was opened, in ms since the epoch. */
  createdAt: number;
}

/** What `saveThread` takes: a thread record whose `createdAt` defaults to now. */
export type ThreadRecordInput = Omit<ThreadRecord, 'createdAt'> & { createdAt?: number };

/** The state store. Every method is synchronous and throws only on I/O failure. */
export interface Store {
  /** The configured path. */
  readonly path: string;
  /** The schema version of the open file. */
  readonly schemaVersion: number;
  /** The server's default model id, or `undefined` when it has none (the global default applies). */
  getGuildDefaultModel(guildId: string): string | undefined;
  /** Sets the server's default model; `setByUserId` is kept for the record. */
  setGuildDefaultModel(guildId: string, modelId: string, setByUserId: string): void;
  /** Clears the server's default; `true` when there was one. */
  clearGuildDefaultModel(guildId: string): boolean;
  /** The bot thread with this id, or `undefined` when it is not one of ours. */
  getThread(threadId: string): ThreadRecord | undefined;
  /** Records a bot thread, replacing any record with the same id. */
  saveThread(thread: ThreadRecordInput): void;
  /** Forgets a thread (it was deleted); `true` when it was known. */
  deleteThread(threadId: string): boolean;
  /** Closes the database. Later calls to `close` do nothing; other methods then throw. */
  close(): void;
}

/**
 * Opens (creating when needed) the database at `options.path`, sets WAL, the busy timeout and
 * foreign keys, checks the file, and applies pending migrations.
 *
 * @throws StoreOpenError when the file is corrupt or not a database, cannot be created or
 *   written, comes from a newer Cordial, stays locked, or a migration fails. Its message names
 *   the path and what to do.
 */
export function openStore(options: OpenStoreOptions): Store {
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

function createStore(database: DatabaseSync, path: string, schemaVersion: number, now: () => number): Store {
  const statements = prepareStatements(database);
  let isClosed = false;
  return {
    path,
    schemaVersion,
    getGuildDefaultModel(guildId) {
      const row = statements.getGuildDefault.get(guildId);
      return row === undefined ? undefined : String(row['default_model']);
    },
    setGuildDefaultModel(guildId, modelId, setByUserId) {
      statements.setGuildDefault.run(guildId, modelId, setByUserId, now());
    },
    clearGuildDefaultModel(guildId) {
      return Number(statements.clearGuildDefault.run(guildId).changes) > 0;
    },
    getThread(threadId) {
      const row = statements.getThread.get(threadId);
      return row === undefined ? undefined : toThreadRecord(row);
    },
    saveThread(thread) {
      statements.saveThread.run(
        thread.threadId,
        thread.guildId,
        thread.channelId,
        thread.modelId,
        thread.prompt,
        thread.system ?? null,
        thread.createdBy,
        thread.createdAt ?? now(),
      );
    },
    deleteThread(threadId) {
      return Number(statements.deleteThread.run(threadId).changes) > 0;
    },
    close() {
      if (isClosed) return;
      isClosed = true;
      database.close();
    },
  };
}

function prepareStatements(database: DatabaseSync): Record<
  'getGuildDefault' | 'setGuildDefault' | 'clearGuildDefault' | 'getThread' | 'saveThread' | 'deleteThread',
  StatementSync
> {
  return {
    getGuildDefault: database.prepare('SELECT default_model FROM guild_settings WHERE guild_id = ?'),
    setGuildDefault: database.prepare(
      `INSERT INTO guild_settings (guild_id, default_model, set_by_user_id, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (guild_id) DO UPDATE SET default_model = excluded.default_model,
         set_by_user_id = excluded.set_by_user_id, updated_at = excluded.updated_at`,
    ),
    clearGuildDefault: database.prepare('DELETE FROM guild_settings WHERE guild_id = ?'),
    getThread: database.prepare(
      `SELECT thread_id, guild_id, channel_id, model_id, prompt, system_prompt, created_by, created_at
       FROM threads WHERE thread_id = ?`,
    ),
    saveThread: database.prepare(
      `INSERT OR REPLACE INTO threads
       (thread_id, guild_id, channel_id, model_id, prompt, system_prompt, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteThread: database.prepare('DELETE FROM threads WHERE thread_id = ?'),
  };
}

function toThreadRecord(row: Record<string, unknown>): ThreadRecord {
  const record: ThreadRecord = {
    threadId: String(row['thread_id']),
    guildId: row['guild_id'] === null ? null : String(row['guild_id']),
    channelId: String(row['channel_id']),
    modelId: String(row['model_id']),
    prompt: String(row['prompt']),
    createdBy: String(row['created_by']),
    createdAt: Number(row['created_at']),
  };
  if (row['system_prompt'] !== null) record.system = String(row['system_prompt']);
  return record;
}
