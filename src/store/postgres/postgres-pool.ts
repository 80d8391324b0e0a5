/**
 * The connection pool of a PostgreSQL store: every connection starts with the store's schema as
 * its search path, and reads int8 (BIGINT: times in ms, token counts) as numbers. The parser is
 * the pool's own, so other pg users in the process keep pg's default (strings).
 */
import pg from 'pg';

/** What `createPool` takes. */
export interface PoolSettings {
  url: string;
  schema: string;
  /** Most connections open at once. */
  poolSize: number;
  /** How long a connection attempt may take before it fails, in ms. */
  connectTimeoutMs: number;
}

const INT8_OID = 20;

/** The longest a statement may run, in ms (the server's `statement_timeout`). */
const STATEMENT_TIMEOUT_MS = 30_000;

/** Milliseconds since the epoch and token counts stay far below 2^53, so a number is exact. */
const parseInt8 = (text: string): number => Number(text);

const storeTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** A new pool for `settings` (it connects lazily: the first query opens a connection). */
export function createPool(settings: PoolSettings): pg.Pool {
  return new pg.Pool({
    connectionString: settings.url,
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    options: `-c search_path=${optionValue(quoteIdentifier(settings.schema))}`,
    types: storeTypes,
    application_name: 'cordial',
    // every call is a few indexed rows: one that hangs (a lock, a lost server) must fail rather
    // than hold up the journal writes and the channel it serves for good
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: STATEMENT_TIMEOUT_MS + 5_000,
    // a server gone without a word (a lost host) is noticed, not waited on until the OS gives up
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
}

/** `name` as a PostgreSQL identifier in double quotes, inner quotes doubled: safe for any name. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * `value` as one word of the startup `options` string, which the server splits at spaces unless
 * a backslash escapes them (a backslash itself is escaped the same way).
 */
function optionValue(value: string): string {
  return value.replace(/[\\\s]/g, (character) => `\\${character}`);
}
