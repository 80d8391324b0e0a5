import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { lockDatabase, lockPathFor, openSqliteStore, StoreOpenError } from '../../src/store/index.ts';

const holderScript = fileURLToPath(new URL('./hold-database-lock.ts', import.meta.url));

async function withTempDir(run: (directory: string) => Promise<void> | void): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'cordial-lock-'));
  try {
    await run(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Another process holding the lock on `path`; resolves once it says it holds it. */
async function startHolder(path: string, releaseWhenExists?: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [holderScript, path, ...(releaseWhenExists === undefined ? [] : [releaseWhenExists])], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('held\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code} before holding the lock`)));
  });
  return child;
}

function lockFailure(run: () => unknown): StoreOpenError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof StoreOpenError, `expected StoreOpenError, got ${String(error)}`);
    return error;
  }
  assert.fail('the lock was taken');
}

describe('one bot process per database', () => {
  test('GIVEN the lock held WHEN another takes it without waiting THEN StoreOpenError in-use, one line naming the database and the lock file', async () => {
    await withTempDir((directory) => {
      const path = join(directory, 'cordial.sqlite');
      const first = lockDatabase({ path, waitMs: 0 });
      assert.equal(first.lockPath, `${path}.lock`);
      assert.equal(lockPathFor(path), `${path}.lock`);
      const error = lockFailure(() => lockDatabase({ path, waitMs: 0 }));
      assert.equal(error.reason, 'in-use');
      assert.equal(error.path, path);
      assert.equal(
        error.message,
        `Cannot open the database at ${path}: another Cordial process is using it (it holds ${path}.lock). ` +
          'Stop the other process, or give each bot its own DATABASE_PATH.',
      );
      first.release();
      first.release();
      const second = lockDatabase({ path, waitMs: 0 });
      second.release();
      assert.deepEqual(readdirSync(directory).sort(), ['cordial.sqlite.lock'], 'no journal or WAL file beside the lock');
    });
  });

  test('GIVEN the lock held WHEN another waits a bounded time THEN it is told once that it waits, and the message says how long', async () => {
    await withTempDir((directory) => {
      const path = join(directory, 'cordial.sqlite');
      const first = lockDatabase({ path, waitMs: 0 });
      const waited: string[] = [];
      const error = lockFailure(() => lockDatabase({ path, waitMs: 30, onWait: (lockPath) => waited.push(lockPath) }));
      assert.equal(error.reason, 'in-use');
      assert.match(error.message, /\(it holds .*cordial\.sqlite\.lock, still after 30 ms\)\. /);
      assert.deepEqual(waited, [`${path}.lock`]);
      first.release();
    });
  });

  test('GIVEN a lock whose handle nobody keeps WHEN the garbage collector runs THEN the lock is still held', async () => {
    await withTempDir(async (directory) => {
      const path = join(directory, 'cordial.sqlite');
      lockDatabase({ path, waitMs: 0 });
      setFlagsFromString('--expose-gc');
      const collectGarbage = runInNewContext('gc') as () => void;
      for (let round = 0; round < 3; round += 1) {
        collectGarbage();
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.equal(lockFailure(() => lockDatabase({ path, waitMs: 0 })).reason, 'in-use');
    });
  });

  test('GIVEN the lock held WHEN a store is opened on the database THEN it opens: tools may still read it', async () => {
    await withTempDir((directory) => {
      const path = join(directory, 'cordial.sqlite');
      const lock = lockDatabase({ path, waitMs: 0 });
      const store = openSqliteStore({ path });
      store.setGuildDefaultModel('g1', 'openai/gpt-4o', 'u1');
      store.close();
      lock.release();
    });
  });

  test('GIVEN another process holding the lock WHEN it is killed with SIGKILL THEN the lock is free at once: no stale lock', async () => {
    await withTempDir(async (directory) => {
      const path = join(directory, 'nested', 'cordial.sqlite');
      const holder = await startHolder(path);
      const exited = once(holder, 'exit');
      try {
        assert.equal(lockFailure(() => lockDatabase({ path, waitMs: 0 })).reason, 'in-use');
      } finally {
        holder.kill('SIGKILL');
        await exited;
      }
      lockDatabase({ path, waitMs: 0 }).release();
    });
  });

  test('GIVEN another process holding the lock WHEN it stops while this one waits (an overlapping restart) THEN this one takes the lock', async () => {
    await withTempDir(async (directory) => {
      const path = join(directory, 'cordial.sqlite');
      const releaseSignal = join(directory, 'release');
      const holder = await startHolder(path, releaseSignal);
      const exited = once(holder, 'exit');
      try {
        // the holder lets go only once this process has begun to wait
        const lock = lockDatabase({ path, waitMs: 60_000, onWait: () => writeFileSync(releaseSignal, '') });
        assert.ok(existsSync(releaseSignal), 'it waited');
        lock.release();
      } finally {
        holder.kill('SIGKILL');
        await exited;
      }
    });
  });

  test('GIVEN a lock file that is not a SQLite file THEN StoreOpenError corrupt naming the lock file', async () => {
    await withTempDir((directory) => {
      const path = join(directory, 'cordial.sqlite');
      writeFileSync(`${path}.lock`, Buffer.alloc(8192, 0x5a));
      const error = lockFailure(() => lockDatabase({ path, waitMs: 0 }));
      assert.equal(error.reason, 'corrupt');
      assert.ok(error.message.includes(`${path}.lock`), error.message);
    });
  });

  test('an in-memory database has no lock', () => {
    const lock = lockDatabase({ path: ':memory:', waitMs: 0 });
    assert.equal(lock.lockPath, undefined);
    lockDatabase({ path: ':memory:', waitMs: 0 }).release();
    lock.release();
  });
});
