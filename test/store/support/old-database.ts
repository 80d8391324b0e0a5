/**
 * Databases as an earlier release left them, for migration tests: a file in a fresh temporary
 * folder, migrated only up to `version`, seeded with rows by the test's SQL, then closed — so the
 * test opens it as the current release would after an upgrade.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { readSchemaVersion, runMigrations } from '../../../src/store/migrate.ts';
import { MIGRATIONS } from '../../../src/store/migrations.ts';

/**
 * Runs `check` on the path of a database at schema `version` holding `rows` (SQL), and removes
 * the folder afterwards, however `check` ended.
 */
export function withDatabaseAtSchema(version: number, rows: string, check: (path: string) => void): void {
  const directory = mkdtempSync(join(tmpdir(), 'cordial-schema-'));
  try {
    const path = join(directory, 'cordial.sqlite');
    const old = new DatabaseSync(path, { enableForeignKeyConstraints: true });
    runMigrations(old, MIGRATIONS.filter((migration) => migration.version <= version));
    if (readSchemaVersion(old) !== version) throw new Error(`the file is at schema ${readSchemaVersion(old)}, not ${version}`);
    old.exec(rows);
    old.close();
    check(path);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Runs `check` on a path in a fresh temporary folder, removed afterwards. */
export function withDatabasePath(check: (path: string) => void): void {
  const directory = mkdtempSync(join(tmpdir(), 'cordial-store-'));
  try {
    check(join(directory, 'cordial.sqlite'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
