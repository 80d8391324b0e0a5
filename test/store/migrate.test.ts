import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { runMigrations, readSchemaVersion, NewerSchemaError } from '../../src/store/migrate.ts';
import { MIGRATIONS, LATEST_SCHEMA_VERSION, type Migration } from '../../src/store/migrations.ts';

const first: Migration = { version: 1, name: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)' };
const second: Migration = { version: 2, name: 'note authors', sql: "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT ''" };

function tableNames(database: DatabaseSync): string[] {
  return database
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => String(row['name']));
}

test('the shipped migrations are numbered 1, 2, 3 … without gaps', () => {
  assert.deepEqual(
    MIGRATIONS.map((migration) => migration.version),
    MIGRATIONS.map((_migration, index) => index + 1),
  );
  assert.equal(LATEST_SCHEMA_VERSION, MIGRATIONS.length);
});

test('GIVEN a new database WHEN migrated twice THEN every migration ran exactly once', () => {
  const database = new DatabaseSync(':memory:');
  const once = runMigrations(database, [first, second]);
  assert.deepEqual(once.applied.map((migration) => migration.version), [1, 2]);
  assert.equal(once.fromVersion, 0);
  assert.equal(once.toVersion, 2);
  const twice = runMigrations(database, [first, second]);
  assert.deepEqual(twice.applied, []);
  assert.equal(twice.toVersion, 2);
  database.close();
});

test('GIVEN a database at version 1 WHEN a version-2 list runs THEN only migration 2 applies and data stays', () => {
  const database = new DatabaseSync(':memory:');
  runMigrations(database, [first]);
  database.prepare('INSERT INTO notes (text) VALUES (?)').run('kept');
  const outcome = runMigrations(database, [first, second]);
  assert.deepEqual(outcome.applied.map((migration) => migration.version), [2]);
  assert.deepEqual(
    database.prepare('SELECT text, author FROM notes').all().map((row) => ({ ...row })),
    [{ text: 'kept', author: '' }],
  );
  database.close();
});

test('GIVEN a failing migration THEN it rolls back whole and the version stays at the last good one', () => {
  const database = new DatabaseSync(':memory:');
  const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE half (x); CREATE TABLE notes (y)' };
  assert.throws(() => runMigrations(database, [first, broken]), /already exists/);
  assert.equal(readSchemaVersion(database), 1);
  assert.deepEqual(tableNames(database), ['notes'], 'the half-made table was rolled back');
  assert.equal(database.isTransaction, false);
  database.close();
});

test('GIVEN a database from a newer schema THEN NewerSchemaError and nothing is written', () => {
  const database = new DatabaseSync(':memory:');
  database.exec('PRAGMA user_version = 7');
  assert.throws(
    () => runMigrations(database, [first, second]),
    (error: unknown) => error instanceof NewerSchemaError && error.fileVersion === 7 && error.knownVersion === 2,
  );
  assert.deepEqual(tableNames(database), []);
  database.close();
});
