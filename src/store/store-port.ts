/**
 * The state store as the bot sees it, whichever database holds it: SQLite in one process
 * (`openStore`), or PostgreSQL shared by every process and host of a sharded bot
 * (`openPostgresStore`). Every method returns a promise, as a network database needs; both
 * implementations pass one contract test suite (`test/store/contract/`).
 */
import type { SqliteStore } from './store.ts';

/** `T` with each method returning a promise of what it returned (other members unchanged). */
export type Asynchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

/** Which database a store keeps its state in. */
export type StoreKind = 'sqlite' | 'postgres';

/** The state store: server and channel settings, threads, the answers journal, usage, quotas. */
export type Store = Asynchronous<Omit<SqliteStore, 'path' | 'schemaVersion'>> & {
  /** Which database holds the state. */
  readonly kind: StoreKind;
  /** Where it is, for logs: the SQLite file, or the PostgreSQL host, database and schema (never a password). */
  readonly location: string;
  /** The schema version of the open database. */
  readonly schemaVersion: number;
};

/**
 * The asynchronous port over a synchronous store. Each call still runs at once, in the caller's
 * turn of the event loop (SQLite's calls are sub-millisecond and the process is its only writer),
 * so work a caller does before its first `await` keeps the order it had; failures come back as
 * rejections rather than throws.
 */
export function asynchronous<T extends object>(synchronous: T): Asynchronous<T> {
  const port: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(synchronous)) {
    // an async function runs its body at once, in the caller's turn, and turns a throw into a rejection
    port[name] = typeof member === 'function' ? async (...args: unknown[]) => member.apply(synchronous, args) : member;
  }
  return port as Asynchronous<T>;
}
