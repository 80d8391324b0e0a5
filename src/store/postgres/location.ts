/**
 * Where a PostgreSQL store is, said for logs and error messages: `host:port/database`, and the
 * schema. Built from the parts of the URL that are not secret, so neither the password nor the
 * whole URL (whose query may carry one too) ever reaches a log.
 */

/** The default PostgreSQL port, as libpq and pg assume it. */
const DEFAULT_PORT = 5432;

/** The parts of a PostgreSQL URL a message may name. */
export interface PostgresAddress {
  /** `host:port/database`. */
  server: string;
  /** The password in the URL, decoded, to be scrubbed from any server message; `''` when none. */
  password: string;
}

/**
 * The address of `url`. A URL that does not parse still gets an address (`an unparsable
 * DATABASE_URL`), never an echo of the text.
 */
export function postgresAddress(url: string): PostgresAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { server: 'an unparsable DATABASE_URL', password: '' };
  }
  // a socket directory or several hosts may come as ?host=…, as libpq allows
  const host = decode(parsed.hostname) || parsed.searchParams.get('host') || 'localhost';
  const port = parsed.port || parsed.searchParams.get('port') || String(DEFAULT_PORT);
  const user = decode(parsed.username);
  const database = decode(parsed.pathname.replace(/^\//, '')) || parsed.searchParams.get('dbname') || user || 'postgres';
  return { server: `${host}:${port}/${database}`, password: decode(parsed.password) || parsed.searchParams.get('password') || '' };
}

/** The store's `location`: the server and the schema. */
export function postgresLocation(address: PostgresAddress, schema: string): string {
  return `${address.server} (schema ${schema})`;
}

/** `text` with every occurrence of the password replaced, for server and driver messages. */
export function withoutPassword(text: string, password: string): string {
  return password === '' ? text : text.split(password).join('***');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
