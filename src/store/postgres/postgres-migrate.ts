/**
 * Bringing a PostgreSQL schema up to date when many processes, on many hosts, may start at
 * once. Every step runs in a transaction that first takes one transaction-scoped advisory lock,
 * the same fixed key for every Cordial: the first process to take it creates the schema and the
 * version table, or applies a migration, and commits; each other waits at the lock, then reads
 * the version again and skips what was done. A crash mid-migration rolls back the migration and
 * its version row together (PostgreSQL's DDL is transactional), and the lock goes with the
 * transaction, so nothing is left to clean up.
 */
import { NewerSchemaError } from '../migrate.ts';
import type { Migration } from '../migrations.ts';
import type { PostgresDatabase, Queryable } from './database.ts';
import { quoteIdentifier } from './postgres-pool.ts';

/**
 * The advisory lock's key: the bytes of "Cordial\0" read as a 64-bit integer. Fixed, so that
 * every process of every version agrees on it; shared by all schemas of a database, which only
 * makes two schemas' migrations wait for each other.
 */
const MIGRATION_LOCK_KEY = 0x436f726469616c00n;

/** The table holding one row per migration applied: the schema's version is the highest. */
export const VERSION_TABLE = 'cordial_schema_version';

/** What `runPostgresMigrations` did. */
export interface PostgresMigrationOutcome {
  /** The version found before. */
  fromVersion: number;
  /** The version now. */
  toVersion: number;
  /** The migrations this call applied (not those another process applied meanwhile), oldest first. */
  applied: Migration[];
}

/**
 * Creates `schema` and its version table when missing, then applies each pending migration of
 * `migrations` in its own transaction with its version row.
 *
 * @throws NewerSchemaError when the schema's version is above the newest migration.
 */
export async function runPostgresMigrations(
  database: PostgresDatabase,
  schema: string,
  migrations: readonly Migration[],
  now: () => number,
): Promise<PostgresMigrationOutcome> {
  const versionTable = `${quoteIdentifier(schema)}.${VERSION_TABLE}`;
  const knownVersion = migrations.at(-1)?.version ?? 0;
  const fromVersion = await underLock(database, async (connection) => {
    // looked up first: CREATE … IF NOT EXISTS asks for the CREATE privilege even when there is
    // nothing to create, which a deployment's user with data rights alone lacks
    const { rows } = await connection.query('SELECT to_regnamespace($1) IS NOT NULL AS has_schema, to_regclass($2) IS NOT NULL AS has_table', [
      quoteIdentifier(schema),
      versionTable,
    ]);
    if (rows[0]?.['has_schema'] !== true) await connection.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
    if (rows[0]?.['has_table'] !== true) {
      await connection.query(`CREATE TABLE ${versionTable} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
    }
    return readVersion(connection, versionTable);
  });
  if (fromVersion > knownVersion) throw new NewerSchemaError(fromVersion, knownVersion);

  const applied: Migration[] = [];
  for (const migration of migrations) {
    if (migration.version <= fromVersion) continue;
    const didApply = await underLock(database, async (connection) => {
      const version = await readVersion(connection, versionTable);
      if (version > knownVersion) throw new NewerSchemaError(version, knownVersion);
      if (version >= migration.version) return false;
      await connection.query(migration.sql);
      await connection.query(`INSERT INTO ${versionTable} (version, name, applied_at) VALUES ($1, $2, $3)`, [migration.version, migration.name, now()]);
      return true;
    });
    if (didApply) applied.push(migration);
  }
  return { fromVersion, toVersion: await readVersion(database, versionTable), applied };
}

/** The highest version applied to the schema, 0 for a new one. */
async function readVersion(connection: Queryable, versionTable: string): Promise<number> {
  const { rows } = await connection.query(`SELECT coalesce(max(version), 0) AS version FROM ${versionTable}`);
  return Number(rows[0]?.['version'] ?? 0);
}

function underLock<T>(database: PostgresDatabase, work: (connection: Queryable) => Promise<T>): Promise<T> {
  return database.transaction(async (connection) => {
    await connection.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    return work(connection);
  });
}
