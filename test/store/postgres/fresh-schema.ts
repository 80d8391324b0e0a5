/**
 * A PostgreSQL store on a schema of its own, for tests: the real server at DATABASE_URL
 * (default the local test database), a random schema name no other test uses, and a `close`
 * that closes the store and drops the schema with everything in it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore, type OpenPostgresStoreOptions } from '../../../src/store/postgres/index.ts';
import type { Store } from '../../../src/store/store-port.ts';

/** The server the tests use. */
export const DATABASE_URL = process.env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other test picks: `cordial_test_` and 12 random hex digits. */
export function randomSchemaName(): string {
  return `cordial_test_${randomBytes(6).toString('hex')}`;
}

/** A store on a fresh schema and what throws it away. */
export interface FreshPostgresStore {
  store: Store;
  schema: string;
  /** Closes the store (again is fine) and drops its schema. */
  close(): Promise<void>;
}

/** Opens a store on a new random schema (or `options.schema`, dropped all the same by `close`). */
export async function openFreshPostgresStore(options: Partial<OpenPostgresStoreOptions> = {}): Promise<FreshPostgresStore> {
  const schema = options.schema ?? randomSchemaName();
  let store: Store;
  try {
    store = await openPostgresStore({ url: DATABASE_URL, ...options, schema });
  } catch (error) {
    await dropSchema(schema);
    throw error;
  }
  return {
    store,
    schema,
    async close() {
      await store.close();
      await dropSchema(schema);
    },
  };
}

/** Runs `work` on a connection of its own (outside any store), closed afterwards. */
export async function withConnection<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `DROP SCHEMA … CASCADE`, when it exists. */
export async function dropSchema(schema: string): Promise<void> {
  await withConnection((client) => client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`));
}
