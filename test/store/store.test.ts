/**
 * The SQLite file: state kept across a restart, WAL, migrations logged once, two connections on
 * one file, and what opening a bad path or file reports. What the store does is the contract
 * suite's (`contract/`).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { openSqliteStore, StoreOpenError, LATEST_SCHEMA_VERSION } from '../../src/store/index.ts';
import { botThread as thread } from './support/fixtures.ts';

function withTempDir(run: (directory: string) => void): void {
  const directory = mkdtempSync(join(tmpdir(), 'cordial-store-'));
  try {
    run(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function assertOpenFails(path: string, reason: StoreOpenError['reason']): StoreOpenError {
  let caught: unknown;
  try {
    openSqliteStore({ path }).close();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof StoreOpenError, `expected StoreOpenError, got ${String(caught)}`);
  assert.equal(caught.reason, reason);
  assert.equal(caught.path, path);
  assert.ok(caught.message.includes(path), 'the message names the path');
  return caught;
}

describe('store on disk', () => {
  test('GIVEN state written WHEN the store is closed and reopened (a restart) THEN the state is there', () => {
    withTempDir((directory) => {
      const path = join(directory, 'nested', 'deeper', 'cordial.db');
      const first = openSqliteStore({ path });
      first.setGuildDefaultModel('g1', 'aivvm/gpt-4', 'u1');
      first.saveThread(thread);
      first.close();

      const second = openSqliteStore({ path });
      assert.equal(second.getGuildDefaultModel('g1'), 'aivvm/gpt-4');
      assert.deepEqual(second.getThread(thread.threadId), thread);
      assert.equal(second.schemaVersion, LATEST_SCHEMA_VERSION);
      second.close();
    });
  });

  test('the file is in WAL mode and migrations are logged once', () => {
    withTempDir((directory) => {
      const path = join(directory, 'cordial.db');
      const lines: string[] = [];
      const logger = { info: (_fields: object, message: string) => lines.push(message) };
      openSqliteStore({ path, logger }).close();
      assert.equal(lines.length, LATEST_SCHEMA_VERSION);
      openSqliteStore({ path, logger }).close();
      assert.equal(lines.length, LATEST_SCHEMA_VERSION, 'reopening applies nothing');

      const raw = new DatabaseSync(path);
      assert.equal(raw.prepare('PRAGMA journal_mode').get()?.['journal_mode'], 'wal');
      assert.equal(raw.prepare('PRAGMA user_version').get()?.['user_version'], LATEST_SCHEMA_VERSION);
      raw.close();
    });
  });

  test('two stores on one file see each other’s writes (the bot and a tool)', () => {
    withTempDir((directory) => {
      const path = join(directory, 'cordial.db');
      const writer = openSqliteStore({ path });
      const reader = openSqliteStore({ path });
      writer.setGuildDefaultModel('g1', 'openai/gpt-4o', 'u1');
      assert.equal(reader.getGuildDefaultModel('g1'), 'openai/gpt-4o');
      writer.close();
      reader.close();
    });
  });
});

describe('store open failures', () => {
  test('GIVEN a file of random bytes THEN StoreOpenError corrupt, and the file is left as it was', () => {
    withTempDir((directory) => {
      const path = join(directory, 'cordial.db');
      const bytes = randomBytes(16_384);
      writeFileSync(path, bytes);
      const error = assertOpenFails(path, 'corrupt');
      assert.match(error.message, /not a SQLite database or is damaged/);
      assert.match(error.message, /move the file/i);
      assert.deepEqual(readFileSync(path), bytes);
    });
  });

  test('GIVEN a database whose pages were overwritten THEN StoreOpenError corrupt', () => {
    withTempDir((directory) => {
      const path = join(directory, 'cordial.db');
      const store = openSqliteStore({ path });
      for (let index = 0; index < 200; index += 1) {
        store.saveThread({ ...thread, threadId: `t${index}`, prompt: 'x'.repeat(500) });
      }
      store.close();
      const bytes = readFileSync(path);
      // keep the 100-byte header valid; damage the b-tree pages after the first
      randomBytes(bytes.length - 4096).copy(bytes, 4096);
      writeFileSync(path, bytes);
      assertOpenFails(path, 'corrupt');
    });
  });

  test('GIVEN a database from a newer schema THEN StoreOpenError newer-schema, and the file is untouched', () => {
    withTempDir((directory) => {
      const path = join(directory, 'cordial.db');
      const raw = new DatabaseSync(path);
      raw.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 1}`);
      raw.close();
      const error = assertOpenFails(path, 'newer-schema');
      assert.match(error.message, new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 1}`));
      assert.match(error.message, /Upgrade Cordial/);
      const after = new DatabaseSync(path);
      assert.equal(after.prepare('PRAGMA user_version').get()?.['user_version'], LATEST_SCHEMA_VERSION + 1);
      after.close();
    });
  });

  test('GIVEN another connection holding an exclusive lock past the busy timeout THEN StoreOpenError busy', () => {
    withTempDir((directory) => {
      const path = join(directory, 'cordial.db');
      openSqliteStore({ path }).close();
      const holder = new DatabaseSync(path);
      holder.exec('BEGIN EXCLUSIVE');
      try {
        let caught: unknown;
        try {
          openSqliteStore({ path, busyTimeoutMs: 20 }).close();
        } catch (error) {
          caught = error;
        }
        assert.ok(caught instanceof StoreOpenError);
        assert.equal(caught.reason, 'busy');
        assert.match(caught.message, /another process/);
      } finally {
        holder.exec('ROLLBACK');
        holder.close();
      }
    });
  });

  test('GIVEN a path under a regular file THEN StoreOpenError unwritable', () => {
    withTempDir((directory) => {
      const blocker = join(directory, 'not-a-directory');
      writeFileSync(blocker, 'x');
      const error = assertOpenFails(join(blocker, 'cordial.db'), 'unwritable');
      assert.match(error.message, /DATABASE_PATH/);
    });
  });

  test('GIVEN a path that is a directory THEN StoreOpenError unwritable', () => {
    withTempDir((directory) => {
      const path = join(directory, 'cordial.db');
      mkdirSync(path);
      assertOpenFails(path, 'unwritable');
    });
  });

  test(
    'GIVEN a read-only directory THEN StoreOpenError unwritable',
    { skip: process.getuid?.() === 0 ? 'root ignores file permissions' : false },
    () => {
      withTempDir((directory) => {
        const locked = join(directory, 'locked');
        mkdirSync(locked);
        chmodSync(locked, 0o500);
        try {
          assertOpenFails(join(locked, 'cordial.db'), 'unwritable');
        } finally {
          chmodSync(locked, 0o700);
        }
      });
    },
  );

  test(
    'GIVEN a read-only database file THEN StoreOpenError unwritable at open, not at the first write',
    { skip: process.getuid?.() === 0 ? 'root ignores file permissions' : false },
    () => {
      withTempDir((directory) => {
        const path = join(directory, 'cordial.db');
        openSqliteStore({ path }).close();
        chmodSync(path, 0o400);
        assertOpenFails(path, 'unwritable');
      });
    },
  );
});

