import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` in one `BEGIN IMMEDIATE` transaction: committed when it returns, rolled back when
 * it throws. IMMEDIATE takes the write lock at once, so a second connection waits on the busy
 * timeout at the start instead of failing halfway. Not reentrant: `work` must not open another.
 */
export function inTransaction<T>(database: DatabaseSync, work: () => T): T {
  database.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    database.exec('COMMIT');
    return result;
  } catch (error) {
    if (database.isTransaction) database.exec('ROLLBACK');
    throw error;
  }
}
