import type { DatabaseSync } from 'node:sqlite';
import type { Migration } from './migrations.ts';
import { inTransaction } from './in-transaction.ts';

/** What `runMigrations` did. */
export interface MigrationOutcome {
  /** The schema version found before. */
  fromVersion: number;
  /** The schema version now. */
  toVersion: number;
  /** The migrations applied by this call, oldest first. */
  applied: Migration[];
}

/** The file's schema is newer than the newest migration this code knows. */
export class NewerSchemaError extends Error {
  /** The version recorded in the file. */
  readonly fileVersion: number;
  /** The newest version this code knows. */
  readonly knownVersion: number;

  constructor(fileVersion: number, knownVersion: number) {
    super(`schema version ${fileVersion} is newer than the newest known (${knownVersion})`);
    this.name = 'NewerSchemaError';
    this.fileVersion = fileVersion;
    this.knownVersion = knownVersion;
  }
}

/** Reads `PRAGMA user_version`, where the number of the last applied migration is kept. */
export function readSchemaVersion(database: DatabaseSync): number {
  const row = database.prepare('PRAGMA user_version').get();
  return Number(row?.['user_version'] ?? 0);
}

/**
 * Brings the schema up to the newest of `migrations`, each pending one in its own
 * `BEGIN IMMEDIATE` transaction together with the version bump, so a crash leaves the file at a
 * whole version. The version is read again inside each transaction: when two processes open the
 * same file at once, the second waits for the lock and then skips what the first applied.
 *
 * Even with nothing to apply it writes the version back once, so a read-only file fails here,
 * at start-up, rather than at the first `/model set`.
 *
 * @throws NewerSchemaError when the file's version is above the newest migration.
 */
export function runMigrations(database: DatabaseSync, migrations: readonly Migration[]): MigrationOutcome {
  const knownVersion = migrations.at(-1)?.version ?? 0;
  const fromVersion = readSchemaVersion(database);
  if (fromVersion > knownVersion) throw new NewerSchemaError(fromVersion, knownVersion);

  const applied: Migration[] = [];
  for (const migration of migrations) {
    if (migration.version <= fromVersion) continue;
    inTransaction(database, () => {
      if (readSchemaVersion(database) >= migration.version) return;
      database.exec(migration.sql);
      database.exec(`PRAGMA user_version = ${migration.version}`);
      applied.push(migration);
    });
  }
  if (applied.length === 0) {
    // the write probe: fails with SQLITE_READONLY on a file we may read but not write
    inTransaction(database, () => database.exec(`PRAGMA user_version = ${readSchemaVersion(database)}`));
  }
  return { fromVersion, toVersion: readSchemaVersion(database), applied };
}
