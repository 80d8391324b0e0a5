/** Why the database could not be opened, in classes an operator can act on. */
export type StoreOpenErrorReason =
  /** The file exists but is not a SQLite database, or its pages are damaged. */
  | 'corrupt'
  /** The file or its directory cannot be created, opened or written. */
  | 'unwritable'
  /** The file was written by a newer Cordial whose schema this version does not know. */
  | 'newer-schema'
  /** Another process held a lock on the file longer than the busy timeout. */
  | 'busy'
  /** Another bot process holds the database's lock (`<database>.lock`): one process per database. */
  | 'in-use'
  /** PostgreSQL: the server cannot be reached, or refuses the credentials or the database named. */
  | 'unreachable'
  /** A migration failed (a bug, or a file changed by hand). */
  | 'migration-failed';

/** Fields of a `StoreOpenError`. */
export interface StoreOpenErrorInit {
  /** The database path as configured. */
  path: string;
  /** The class of failure. */
  reason: StoreOpenErrorReason;
  /** One sentence for the operator: what is wrong and what to do. */
  message: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The database could not be opened. Its message names the path and what to do; the bot prints
 * it and exits instead of starting with a state it cannot keep.
 */
export class StoreOpenError extends Error {
  /** The database path as configured. */
  readonly path: string;
  /** The class of failure. */
  readonly reason: StoreOpenErrorReason;

  constructor(init: StoreOpenErrorInit) {
    super(init.message, { cause: init.cause });
    this.name = 'StoreOpenError';
    this.path = init.path;
    this.reason = init.reason;
  }
}
