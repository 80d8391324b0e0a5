/**
 * Opening the PostgreSQL store: what it says about itself, the schema it creates and uses, the
 * version it records, and closing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { LATEST_POSTGRES_SCHEMA_VERSION, openPostgresStore, POSTGRES_MIGRATIONS, VERSION_TABLE } from '../../../src/store/postgres/index.ts';
import { DATABASE_URL, dropSchema, openFreshPostgresStore, randomSchemaName, withConnection } from './fresh-schema.ts';

const guild = '1100000000000000100';
const admin = '800000000000000001';

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

test('GIVEN a fresh schema WHEN the store opens THEN it is postgres, names host:port/database and the schema, and is at the latest version', async () => {
  const messages: string[] = [];
  const fresh = await openFreshPostgresStore({ logger: { info: (_fields, message) => messages.push(message) } });
  try {
    const url = new URL(DATABASE_URL);
    assert.equal(fresh.store.kind, 'postgres');
    assert.equal(fresh.store.location, `${url.hostname}:${url.port || 5432}${url.pathname} (schema ${fresh.schema})`);
    assert.equal(fresh.store.schemaVersion, LATEST_POSTGRES_SCHEMA_VERSION);
    assert.deepEqual(messages, POSTGRES_MIGRATIONS.map((migration) => `database migrated: ${migration.name}`));
  } finally {
    await fresh.close();
  }
});

test('GIVEN a URL with a password WHEN the store opens THEN its location shows neither the password nor the user', async () => {
  // trust authentication accepts any password, so the store opens
  const password = 's3cret-Pa55word';
  const fresh = await openFreshPostgresStore({ url: withPassword(DATABASE_URL, password) });
  try {
    assert.ok(!fresh.store.location.includes(password), fresh.store.location);
    assert.ok(!fresh.store.location.includes('postgres@'), fresh.store.location);
  } finally {
    await fresh.close();
  }
});

test('WHEN the store opens on a schema THEN the tables are created in it, its version rows say what was applied, and another schema sees nothing', async () => {
  const fresh = await openFreshPostgresStore();
  try {
    await fresh.store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', admin);
    await withConnection(async (client) => {
      const tables = await client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [fresh.schema]);
      assert.ok(tables.rows.some((row) => row.table_name === 'guild_settings'));
      assert.ok(tables.rows.some((row) => row.table_name === VERSION_TABLE));
      const versions = await client.query(`SELECT version, name FROM ${client.escapeIdentifier(fresh.schema)}.${VERSION_TABLE} ORDER BY version`);
      assert.deepEqual(versions.rows, POSTGRES_MIGRATIONS.map((migration) => ({ version: migration.version, name: migration.name })));
      const rows = await client.query(`SELECT default_model FROM ${client.escapeIdentifier(fresh.schema)}.guild_settings`);
      assert.deepEqual(rows.rows, [{ default_model: 'openai/gpt-4o-mini' }]);
    });
    const other = await openFreshPostgresStore();
    try {
      assert.equal(await other.store.getGuildDefaultModel(guild), undefined);
    } finally {
      await other.close();
    }
  } finally {
    await fresh.close();
  }
});

test('GIVEN a migrated schema WHEN the store opens again THEN nothing is applied and the state is there', async () => {
  const fresh = await openFreshPostgresStore();
  try {
    await fresh.store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', admin);
    const messages: string[] = [];
    const again = await openPostgresStore({ url: DATABASE_URL, schema: fresh.schema, logger: { info: (_fields, message) => messages.push(message) } });
    try {
      assert.deepEqual(messages, []);
      assert.equal(again.schemaVersion, LATEST_POSTGRES_SCHEMA_VERSION);
      assert.equal(await again.getGuildDefaultModel(guild), 'openai/gpt-4o-mini');
    } finally {
      await again.close();
    }
  } finally {
    await fresh.close();
  }
});

test('GIVEN a schema name with a space, a quote and capitals WHEN the store opens THEN that exact schema holds the tables', async () => {
  const schema = `${randomSchemaName()} Odd "name"`;
  const fresh = await openFreshPostgresStore({ schema });
  try {
    await fresh.store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', admin);
    assert.equal(await fresh.store.getGuildDefaultModel(guild), 'openai/gpt-4o-mini');
    const found = await withConnection((client) => client.query('SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = $1', [schema]));
    assert.ok(found.rows[0].tables > 1);
  } finally {
    await fresh.close();
  }
});

test('WHEN the store is closed twice THEN both resolve, and a later call rejects', async () => {
  const schema = randomSchemaName();
  const store = await openPostgresStore({ url: DATABASE_URL, schema });
  try {
    await Promise.all([store.close(), store.close()]);
    await store.close();
    await assert.rejects(store.getGuildDefaultModel(guild));
  } finally {
    await dropSchema(schema);
  }
});

test('WHEN the store reads int8 columns as numbers THEN pg elsewhere in the process still reads them as strings', async () => {
  const fresh = await openFreshPostgresStore({ now: () => 1_700_000_000_123 });
  try {
    await fresh.store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', admin);
    assert.equal((await fresh.store.lastChange(guild, 'default-model'))?.at, 1_700_000_000_123);
    assert.equal(pg.types.getTypeParser(20, 'text')('5'), '5');
    const row = await withConnection((client) => client.query('SELECT 5::bigint AS five'));
    assert.equal(row.rows[0].five, '5');
  } finally {
    await fresh.close();
  }
});

test('GIVEN a migrated schema WHEN a user with data rights only (no CREATE) opens it THEN the store opens and works', async () => {
  const fresh = await openFreshPostgresStore();
  const role = `${fresh.schema}_user`;
  try {
    await withConnection(async (client) => {
      const schema = client.escapeIdentifier(fresh.schema);
      await client.query(`CREATE ROLE ${client.escapeIdentifier(role)} LOGIN`);
      await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${client.escapeIdentifier(role)}`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${client.escapeIdentifier(role)}`);
    });
    const url = new URL(DATABASE_URL);
    url.username = role;
    const store = await openPostgresStore({ url: url.toString(), schema: fresh.schema });
    try {
      await store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', admin);
      assert.equal(await fresh.store.getGuildDefaultModel(guild), 'openai/gpt-4o-mini');
    } finally {
      await store.close();
    }
  } finally {
    await fresh.close();
    await withConnection(async (client) => {
      await client.query(`DROP OWNED BY ${client.escapeIdentifier(role)}`).catch(() => undefined);
      await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`);
    });
  }
});
