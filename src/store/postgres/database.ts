/**
 * The two ways the PostgreSQL store talks to its pool: one statement on whichever connection is
 * free (a statement alone is its own transaction), or several in one transaction on one
 * checked-out connection, always released, rolled back when the work fails.
 */
import type { Pool, PoolClient } from 'pg';

/** A row as pg returns it: columns by name (int8 already numbers, see `postgres-pool.ts`). */
export type Row = Record<string, unknown>;

/** What a statement did: its rows, and how many rows it inserted, updated or deleted. */
export interface StatementResult {
  rows: Row[];
  rowCount: number;
}

/** Something statements run on: the pool, or the connection of an open transaction. */
export interface Queryable {
  query(text: string, values?: readonly unknown[]): Promise<StatementResult>;
}

/** The store's access to its database. */
export interface PostgresDatabase extends Queryable {
  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back
   * when it rejects (the rejection is passed on). Not reentrant: `work` uses the `Queryable` it
   * is given, never the database, or it would wait for a second connection while holding one.
   * `begin` opens it (default `BEGIN`: READ COMMITTED, as each statement alone would run).
   */
  transaction<T>(work: (connection: Queryable) => Promise<T>, begin?: string): Promise<T>;
}

/** The database of a pool. */
export function poolDatabase(pool: Pool): PostgresDatabase {
  return {
    query: (text, values) => run(pool, text, values),
    async transaction(work, begin = 'BEGIN') {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(begin);
        const connection: Queryable = { query: (text, values) => run(client, text, values) };
        const result = await work(connection);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        broken = await rollBack(client);
        throw error;
      } finally {
        // a connection whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it
        client.release(broken);
      }
    },
  };
}

async function run(target: Pool | PoolClient, text: string, values?: readonly unknown[]): Promise<StatementResult> {
  const result = await target.query(text, values === undefined ? undefined : [...values]);
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
}

/** Rolls back; returns the error when even that failed (the connection is then dropped), else `undefined`. */
async function rollBack(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
