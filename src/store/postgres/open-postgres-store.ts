/**
 * Cordial's state in PostgreSQL, shared by every process and host of a sharded bot, behind the
 * same `Store` port as SQLite (one contract suite holds them together). Each method is one
 * statement on a pooled connection, or one transaction on a checked-out one where SQLite wrote
 * several rows together (a setting and its log entry, an answer and its messages).
 */
import type pg from 'pg';
import type { Store } from '../store-port.ts';
import type { StoreLogger } from '../store.ts';
import { poolDatabase, type PostgresDatabase } from './database.ts';
import { postgresAddress, postgresLocation } from './location.ts';
import { createPool } from './postgres-pool.ts';
import { runPostgresMigrations } from './postgres-migrate.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { toPostgresOpenError } from './postgres-open-error.ts';
import { postgresGuildSettings } from './guild-settings.ts';
import { postgresChannelSettings } from './channel-settings.ts';
import { postgresAccessRules } from './access-rules.ts';
import { postgresSettingsLog } from './settings-log.ts';
import { postgresAnswerRecords } from './answer-records.ts';
import { postgresSavedAnswers } from './saved-answers.ts';
import { postgresUsageReports } from './usage-report.ts';
import { postgresGuildQuotas } from './quotas.ts';
import { postgresThreads } from './threads.ts';
import { postgresReplyJournal } from './reply-journal.ts';
import { postgresAnswerPlaces } from './answer-places.ts';

/** The schema a store uses when it is given none. */
export const DEFAULT_POSTGRES_SCHEMA = 'public';

/** Connections a store's pool opens at most, by default: a shard's calls are short and few at once. */
export const DEFAULT_POOL_SIZE = 10;

/** How long a connection attempt may take, in ms: an address that drops packets fails instead of hanging the start. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Settings of `openPostgresStore`. */
export interface OpenPostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (DATABASE_URL). Never logged: `location` names the server instead. */
  url: string;
  /** The schema holding the tables, created when missing. Default `public`; tests use one each. */
  schema?: string;
  /** Where migrations (and connections lost while idle) are reported; silent when absent. */
  logger?: StoreLogger & { warn?(fields: object, message: string): void };
  /** The clock for settings' `updated_at`, default `createdAt`s, usage times and reasoning expiry, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Most connections open at once. Default 10. */
  poolSize?: number;
}

/**
 * Connects to PostgreSQL, creates the schema when missing, applies pending migrations (once,
 * however many processes start together), and returns the store.
 *
 * @throws StoreOpenError `unreachable` when the server cannot be reached or refuses the
 *   credentials or the database; `newer-schema` when a newer Cordial wrote the schema;
 *   `migration-failed` otherwise. Its message names `host:port/database`, never the password.
 */
export async function openPostgresStore(options: OpenPostgresStoreOptions): Promise<Store> {
  const schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  const now = options.now ?? Date.now;
  const address = postgresAddress(options.url);
  const location = postgresLocation(address, schema);
  const pool = createPool({ url: options.url, schema, poolSize: options.poolSize ?? DEFAULT_POOL_SIZE, connectTimeoutMs: CONNECT_TIMEOUT_MS });
  // a pooled connection the server drops while idle is an 'error' event, which would end the process unheard
  pool.on('error', (error) => (options.logger?.warn ?? options.logger?.info)?.call(options.logger, { location, error: error.message }, 'PostgreSQL connection lost'));
  const database = poolDatabase(pool);
  let schemaVersion: number;
  try {
    const outcome = await runPostgresMigrations(database, schema, POSTGRES_MIGRATIONS, now);
    for (const migration of outcome.applied) {
      options.logger?.info({ location, version: migration.version }, `database migrated: ${migration.name}`);
    }
    schemaVersion = outcome.toVersion;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw toPostgresOpenError(error, address, location);
  }
  return createPostgresStore(pool, database, location, schemaVersion, now);
}

function createPostgresStore(pool: pg.Pool, database: PostgresDatabase, location: string, schemaVersion: number, now: () => number): Store {
  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    location,
    schemaVersion,
    ...postgresGuildSettings(database, now),
    ...postgresChannelSettings(database, now),
    ...postgresAccessRules(database, now),
    ...postgresSettingsLog(database),
    ...postgresAnswerRecords(database, now),
    ...postgresSavedAnswers(database, now),
    ...postgresUsageReports(database),
    ...postgresGuildQuotas(database, now),
    ...postgresThreads(database, now),
    ...postgresReplyJournal(database, now),
    ...postgresAnswerPlaces(database, now),
    close() {
      // every call waits for the same end: the pool's connections closed
      closing ??= pool.end();
      return closing;
    },
  };
}
