/**
 * Opening a SQLite file safely: its directory created, WAL and foreign keys set, its pages
 * checked, and every way this can fail turned into one `StoreOpenError` an operator can act on.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { NewerSchemaError } from './migrate.ts';
import { StoreOpenError } from './store-open-error.ts';

/** The path that keeps the database in memory (tests). */
export const IN_MEMORY_PATH = ':memory:';

/** Creates the file's directory and opens the file; throws `StoreOpenError`. */
export function openDatabase(path: string, busyTimeoutMs: number): DatabaseSync {
  if (path !== IN_MEMORY_PATH) {
    const absolutePath = resolve(path);
    try {
      mkdirSync(dirname(absolutePath), { recursive: true });
    } catch (error) {
      throw new StoreOpenError({
        path,
        reason: 'unwritable',
        message:
          `Cannot open the database at ${path}: its directory ${dirname(absolutePath)} cannot be ` +
          `created (${describe(error)}). Set DATABASE_PATH to a writable location.`,
        cause: error,
      });
    }
    if (isDirectory(absolutePath)) {
      throw new StoreOpenError({
        path,
        reason: 'unwritable',
        message: `Cannot open the database at ${path}: it is a directory. Set DATABASE_PATH to a file path.`,
      });
    }
  }
  try {
    return new DatabaseSync(path, { timeout: busyTimeoutMs, enableForeignKeyConstraints: true });
  } catch (error) {
    throw toStoreOpenError(path, error);
  }
}

/** Sets WAL and synchronous NORMAL (foreign keys are on from `openDatabase`), and runs `quick_check`; throws SQLite errors. */
export function configureDatabase(database: DatabaseSync, path: string): void {
  // WAL lets readers go on while one writer commits; NORMAL sync is durable enough with WAL
  const journal = database.prepare('PRAGMA journal_mode = WAL').get()?.['journal_mode'];
  if (path !== IN_MEMORY_PATH && journal !== 'wal') {
    throw new Error(`journal_mode is ${String(journal)} after asking for WAL`);
  }
  database.exec('PRAGMA synchronous = NORMAL;');
  // the state is small (servers and threads), so a full check at start costs little
  const check = database.prepare('PRAGMA quick_check').all();
  const firstResult = check[0]?.['quick_check'];
  if (check.length !== 1 || firstResult !== 'ok') {
    throw Object.assign(new Error(`quick_check: ${check.map((row) => row['quick_check']).join('; ')}`), {
      errcode: SQLITE_CORRUPT,
    });
  }
}

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

/** Turns any failure while opening into a `StoreOpenError` naming the path and what to do. */
export function toStoreOpenError(path: string, error: unknown): StoreOpenError {
  if (error instanceof StoreOpenError) return error;
  const opening = `Cannot open the database at ${path}`;
  if (error instanceof NewerSchemaError) {
    return new StoreOpenError({
      path,
      reason: 'newer-schema',
      message:
        `${opening}: it has schema version ${error.fileVersion}, written by a newer Cordial ` +
        `(this one knows up to ${error.knownVersion}). Upgrade Cordial, or set DATABASE_PATH to another file.`,
      cause: error,
    });
  }
  // extended result codes keep the primary code in the low byte
  const primaryCode = sqliteErrorCode(error) & 0xff;
  if (primaryCode === SQLITE_NOTADB || primaryCode === SQLITE_CORRUPT) {
    return new StoreOpenError({
      path,
      reason: 'corrupt',
      message:
        `${opening}: the file is not a SQLite database or is damaged (${describe(error)}). ` +
        `Stop the bot, move the file (and any -wal/-shm beside it) aside or restore a backup, and start again; a new database is created.`,
      cause: error,
    });
  }
  if (primaryCode === SQLITE_BUSY || primaryCode === SQLITE_LOCKED) {
    return new StoreOpenError({
      path,
      reason: 'busy',
      message: `${opening}: another process keeps it locked (${describe(error)}). Stop the other process, or give each bot its own DATABASE_PATH.`,
      cause: error,
    });
  }
  if ([SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN].includes(primaryCode)) {
    return new StoreOpenError({
      path,
      reason: 'unwritable',
      message:
        `${opening}: the file or its directory cannot be written (${describe(error)}). ` +
        `Give the bot's user write access to both, or set DATABASE_PATH to a writable location.`,
      cause: error,
    });
  }
  return new StoreOpenError({
    path,
    reason: 'migration-failed',
    message: `${opening}: preparing its schema failed (${describe(error)}). Restore a backup or set DATABASE_PATH to a new file.`,
    cause: error,
  });
}

function sqliteErrorCode(error: unknown): number {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code : 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
