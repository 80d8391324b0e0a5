/** The state store in PostgreSQL, shared by every process and host of a sharded bot. */
export { openPostgresStore, DEFAULT_POOL_SIZE, DEFAULT_POSTGRES_SCHEMA, type OpenPostgresStoreOptions } from './open-postgres-store.ts';
export { POSTGRES_MIGRATIONS, LATEST_POSTGRES_SCHEMA_VERSION } from './postgres-migrations.ts';
export { MIGRATION_LOCK_KEY, VERSION_TABLE } from './postgres-migrate.ts';
