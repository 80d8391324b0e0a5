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
