/**
 * Many processes starting at once on one fresh schema: the advisory lock lets exactly one apply
 * each migration, and every other opens on the result.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LATEST_POSTGRES_SCHEMA_VERSION, openPostgresStore, POSTGRES_MIGRATIONS, VERSION_TABLE } from '../../../src/store/postgres/index.ts';
import type { Store } from '../../../src/store/store-port.ts';
import { DATABASE_URL, dropSchema, randomSchemaName, withConnection } from './fresh-schema.ts';

const STARTS = 6;

test(`GIVEN a fresh schema WHEN ${STARTS} stores open on it at once THEN all open, each migration was applied once, and there is one set of tables`, async () => {
  const schema = randomSchemaName();
  const applied: number[] = [];
  const logger = { info: (fields: object) => applied.push(Number((fields as { version: number }).version)) };
  const results = await Promise.allSettled(Array.from({ length: STARTS }, () => openPostgresStore({ url: DATABASE_URL, schema, logger, poolSize: 2 })));
  const stores = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  try {
    assert.deepEqual(
      results.filter((result) => result.status === 'rejected'),
      [],
    );
    for (const store of stores) assert.equal(store.schemaVersion, LATEST_POSTGRES_SCHEMA_VERSION);
    assert.deepEqual(applied, POSTGRES_MIGRATIONS.map((migration) => migration.version));

    await withConnection(async (client) => {
      const versions = await client.query(`SELECT version FROM ${client.escapeIdentifier(schema)}.${VERSION_TABLE} ORDER BY version`);
      assert.deepEqual(versions.rows.map((row) => row.version), POSTGRES_MIGRATIONS.map((migration) => migration.version));
      const tables = await client.query('SELECT table_name, count(*)::int AS copies FROM information_schema.tables WHERE table_schema = $1 GROUP BY table_name', [schema]);
      assert.ok(tables.rows.length > 10, `tables: ${tables.rows.map((row) => row.table_name).join(', ')}`);
      assert.ok(tables.rows.every((row) => row.copies === 1));
    });

    // each one works on the shared state
    await stores[0]?.setGuildDefaultModel('1100000000000000100', 'openai/gpt-4o-mini', '800000000000000001');
    for (const store of stores) assert.equal(await store.getGuildDefaultModel('1100000000000000100'), 'openai/gpt-4o-mini');
  } finally {
    await Promise.all(stores.map((store: Store) => store.close()));
    await dropSchema(schema);
  }
});
