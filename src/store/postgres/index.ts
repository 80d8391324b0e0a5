/** The state store in PostgreSQL, shared by every process and host of a sharded bot. */
export { openPostgresStore, type OpenPostgresStoreOptions } from './open-postgres-store.ts';
export { POSTGRES_MIGRATIONS, LATEST_POSTGRES_SCHEMA_VERSION } from './postgres-migrations.ts';
export { VERSION_TABLE } from './postgres-migrate.ts';
