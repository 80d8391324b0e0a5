/**
 * Why the PostgreSQL store could not open, in classes an operator can act on: a server that is
 * not there, a database that does not exist, a schema a newer Cordial wrote. Messages name
 * host:port/database and never the password.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { LATEST_POSTGRES_SCHEMA_VERSION, openPostgresStore, VERSION_TABLE } from '../../../src/store/postgres/index.ts';
import { StoreOpenError } from '../../../src/store/store-open-error.ts';
import { DATABASE_URL, openFreshPostgresStore, withConnection } from './fresh-schema.ts';

const password = 'Sup3r-s3cret-pw';

/** A loopback port nothing listens on: one the system just gave out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(typeof address === 'object' && address !== null);
  return address.port;
}

function assertNoSecret(error: StoreOpenError, url: string): void {
  for (const text of [error.message, error.path, String(error.cause instanceof Error ? error.cause.message : error.cause)]) {
    assert.ok(!text.includes(password), text);
    assert.ok(!text.includes(url), text);
  }
}

test('GIVEN a port nothing listens on WHEN the store opens THEN it fails as unreachable, naming host:port/database and what to check, without the password', async () => {
  const port = await closedPort();
  const url = `postgres://cordial:${password}@127.0.0.1:${port}/cordial_state`;
  await assert.rejects(openPostgresStore({ url }), (error: unknown) => {
    assert.ok(error instanceof StoreOpenError);
    assert.equal(error.reason, 'unreachable');
    assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}/cordial_state`));
    assert.match(error.message, /running/);
    assert.match(error.message, /DATABASE_URL/);
    assert.equal(error.path, `127.0.0.1:${port}/cordial_state (schema public)`);
    assertNoSecret(error, url);
    return true;
  });
});

test('GIVEN a database that does not exist WHEN the store opens THEN it fails as unreachable and says to create it, without the password', async () => {
  const url = new URL(DATABASE_URL);
  url.pathname = '/cordial_no_such_database';
  url.password = password;
  await assert.rejects(openPostgresStore({ url: url.toString() }), (error: unknown) => {
    assert.ok(error instanceof StoreOpenError);
    assert.equal(error.reason, 'unreachable');
    assert.match(error.message, /cordial_no_such_database/);
    assert.match(error.message, /does not exist/);
    assertNoSecret(error, url.toString());
    return true;
  });
});

test('GIVEN a schema whose version is newer than this code knows WHEN the store opens THEN it fails as newer-schema and changes nothing', async () => {
  const fresh = await openFreshPostgresStore();
  try {
    await fresh.store.close();
    const newer = LATEST_POSTGRES_SCHEMA_VERSION + 1;
    const versionTable = `"${fresh.schema}".${VERSION_TABLE}`;
    await withConnection((client) => client.query(`INSERT INTO ${versionTable} (version, name, applied_at) VALUES ($1, 'from the future', 0)`, [newer]));
    await assert.rejects(openPostgresStore({ url: DATABASE_URL, schema: fresh.schema }), (error: unknown) => {
      assert.ok(error instanceof StoreOpenError);
      assert.equal(error.reason, 'newer-schema');
      assert.match(error.message, new RegExp(`schema version ${newer}`));
      assert.match(error.message, new RegExp(`up to ${LATEST_POSTGRES_SCHEMA_VERSION}\\b`));
      assert.match(error.message, /Upgrade Cordial/);
      return true;
    });
    const versions = await withConnection((client) => client.query(`SELECT max(version) AS version FROM ${versionTable}`));
    assert.equal(versions.rows[0].version, newer);
  } finally {
    await fresh.close();
  }
});
