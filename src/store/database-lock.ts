/**
 * One bot process per database: a lock on a small side file, `<database>.lock`, held for the
 * process's whole life. Two processes on one SQLite file would both answer the same thread turn
 * and each take the other's answers for a crash's leftovers.
 *
 * The lock is a SQLite connection in `locking_mode = EXCLUSIVE` that has written once: SQLite
 * then keeps its exclusive file lock until the connection closes, and the operating system drops
 * it when the process ends in any way (SIGKILL, out of memory), so a crash never leaves a stale
 * lock behind. It is a side file, not the database itself, so tools can still read the database
 * while the bot runs.
 */
import type { DatabaseSync } from 'node:sqlite';
import { openDatabase, toStoreOpenError, IN_MEMORY_PATH } from './open-database.ts';
import { StoreOpenError } from './store-open-error.ts';

/** The lock a process holds on its database. */
export interface DatabaseLock {
  /** The side file holding the lock, or `undefined` for an in-memory database (nothing to share). */
  readonly lockPath: string | undefined;
  /** Lets the next process in; later calls do nothing. The lock also goes when the process ends. */
  release(): void;
}

/** Settings of `lockDatabase`. */
export interface LockDatabaseOptions {
  /** The database path as configured; the lock is `<path>.lock` beside it. */
  path: string;
  /**
   * How long to wait, in ms, for another process to let go (an overlapping restart or a rolling
   * deploy, whose old process is still shutting down). 0 refuses at once.
   */
  waitMs: number;
  /** Called once before waiting, when another process holds the lock. */
  onWait?: (lockPath: string) => void;
}

const SQLITE_BUSY = 5;

/**
 * The connections holding locks. A connection nothing refers to is closed by the garbage
 * collector, and its lock with it: held here, a lock lasts until `release` or the process's end
 * even when the caller keeps no handle.
 */
const heldConnections = new Set<DatabaseSync>();

/** The side file that `lockDatabase` locks for a database at `path`. */
export function lockPathFor(path: string): string {
  return `${path}.lock`;
}

/**
 * Takes the database's lock for this process, waiting up to `waitMs` while another holds it.
 * Synchronous: start-up has nothing else to do meanwhile.
 *
 * @throws StoreOpenError `in-use` when another process still holds it after the wait; other
 *   reasons when the side file cannot be created or is not a lock file.
 */
export function lockDatabase(options: LockDatabaseOptions): DatabaseLock {
  const { path } = options;
  if (path === IN_MEMORY_PATH) return { lockPath: undefined, release: () => undefined };
  const lockPath = lockPathFor(path);
  // a first try without waiting, so that the wait can be announced
  const connection = openDatabase(lockPath, 0);
  try {
    try {
      holdExclusively(connection);
    } catch (error) {
      if (!isBusy(error) || options.waitMs === 0) throw error;
      options.onWait?.(lockPath);
      // SQLite's busy handler retries within a few ms of the other process letting go
      connection.exec(`PRAGMA busy_timeout = ${Math.trunc(options.waitMs)}`);
      holdExclusively(connection);
    }
  } catch (error) {
    connection.close();
    if (isBusy(error)) {
      throw new StoreOpenError({
        path,
        reason: 'in-use',
        message:
          `Cannot open the database at ${path}: another Cordial process is using it (it holds ${lockPath}` +
          `${options.waitMs > 0 ? `, still after ${options.waitMs} ms` : ''}). ` +
          `Stop the other process, or give each bot its own DATABASE_PATH.`,
        cause: error,
      });
    }
    throw toStoreOpenError(lockPath, error);
  }
  heldConnections.add(connection);
  return {
    lockPath,
    release() {
      if (!heldConnections.delete(connection)) return;
      connection.close();
    },
  };
}

/**
 * Takes the exclusive lock and keeps it: in EXCLUSIVE locking mode, a connection that has
 * written never lets its lock go. The write is the file's version number, one page; the journal
 * stays in memory so that no `-journal` file is left beside the lock.
 */
function holdExclusively(connection: DatabaseSync): void {
  connection.exec('PRAGMA locking_mode = EXCLUSIVE');
  connection.exec('PRAGMA journal_mode = MEMORY');
  connection.exec('BEGIN EXCLUSIVE');
  try {
    // the holder's pid, for whoever looks at the file after it was let go
    connection.exec(`PRAGMA user_version = ${process.pid}`);
    connection.exec('COMMIT');
  } catch (error) {
    if (connection.isTransaction) connection.exec('ROLLBACK');
    throw error;
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' && (code & 0xff) === SQLITE_BUSY;
}
