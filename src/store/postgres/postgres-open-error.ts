/**
 * Every way opening the PostgreSQL store can fail, as one `StoreOpenError` an operator can act
 * on. Messages name the server as `host:port/database` (and the schema), never the URL, and any
 * driver or server text they quote has the password taken out.
 */
import { NewerSchemaError } from '../migrate.ts';
import { StoreOpenError } from '../store-open-error.ts';
import { withoutPassword, type PostgresAddress } from './location.ts';

/** Network failures of the driver's socket: the server is down, not listening, or unknown. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** SQLSTATEs refusing the credentials (28…: invalid authorization) or the database (3D000). */
const REFUSED_LOGIN = /^28/;
const UNKNOWN_DATABASE = '3D000';

/** SQLSTATE classes of a connection that failed or a server that cannot take one now. */
const CONNECTION_STATES = /^(08|57P0)/;

/** Turns a failure while opening into a `StoreOpenError` naming where and what to do. */
export function toPostgresOpenError(error: unknown, address: PostgresAddress, location: string): StoreOpenError {
  if (error instanceof StoreOpenError) return error;
  const detail = withoutPassword(describe(error), address.password);
  const fail = (reason: StoreOpenError['reason'], message: string): StoreOpenError =>
    new StoreOpenError({ path: location, reason, message, cause: scrubbed(error, address.password) });
  if (error instanceof NewerSchemaError) {
    return fail(
      'newer-schema',
      `Cannot open the PostgreSQL store at ${location}: it has schema version ${error.fileVersion}, written by a newer Cordial ` +
        `(this one knows up to ${error.knownVersion}). Upgrade Cordial, or point DATABASE_URL at another database or schema.`,
    );
  }
  const code = errorCode(error);
  if (REFUSED_LOGIN.test(code)) {
    return fail('unreachable', `Cannot log in to PostgreSQL at ${address.server}: the server refused the credentials (${detail}). Check the user and password in DATABASE_URL.`);
  }
  if (code === UNKNOWN_DATABASE) {
    return fail('unreachable', `Cannot open PostgreSQL at ${address.server}: the database does not exist (${detail}). Create it (createdb), or fix the database name in DATABASE_URL.`);
  }
  if (NETWORK_CODES.has(code) || CONNECTION_STATES.test(code) || isConnectTimeout(error)) {
    return fail(
      'unreachable',
      `Cannot reach PostgreSQL at ${address.server} (${detail}). Check that the server is running and accepts connections there, ` +
        `and that DATABASE_URL names the right host and port.`,
    );
  }
  return fail('migration-failed', `Cannot open the PostgreSQL store at ${location}: preparing its schema failed (${detail}). Fix the database, or point DATABASE_URL at a new one.`);
}

/** The error's code: a SQLSTATE, a Node socket code, or that of the first of an AggregateError's errors. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // a host with IPv4 and IPv6 addresses fails with one error per address tried
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  return '';
}

function isConnectTimeout(error: unknown): boolean {
  return error instanceof Error && /timeout.*connect|connection terminated/i.test(error.message);
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') return error.errors.map(describe).join('; ');
  if (error instanceof Error) return error.message || errorCode(error) || error.name;
  return String(error);
}

/** The cause kept on the error, its message without the password (a logger may print causes). */
function scrubbed(error: unknown, password: string): unknown {
  if (password === '' || !(error instanceof Error) || !error.message.includes(password)) return error;
  const copy = new Error(withoutPassword(error.message, password));
  copy.name = error.name;
  return copy;
}
