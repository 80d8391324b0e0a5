/**
 * A shard's lease: held by the one process serving the shard, for as long as it runs, so that
 * the next process of that shard knows its predecessor is gone (and repairs its half-written
 * answers), and a second process for a shard already served waits, then refuses to start.
 * With SQLite the database lock is the lease of the only shard; with PostgreSQL each shard's
 * lease is a session advisory lock, which the server releases the moment the holder's
 * connection ends — a crashed or killed process included.
 */
import pg from 'pg';
import type { DatabaseLock } from '../store/database-lock.ts';
import type { Shard } from '../store/store.ts';

/** The lease of the shard this process serves. */
export interface ShardLease {
  /** The shard held. */
  readonly shard: Shard;
  /** Whether no process holds `shard`'s lease now (asked of shards of another layout). */
  isShardFree(shard: Shard): Promise<boolean>;
  /** Lets the shard go. Later calls do nothing. */
  release(): Promise<void>;
}

/** The shard's lease is held by another live process, past the wait. */
export class ShardTakenError extends Error {
  constructor(shard: Shard, waitedMs: number) {
    super(
      `shard ${shard.id} of ${shard.count} is served by another running process (waited ${waitedMs} ms). ` +
        'Give each host its own SHARD_IDS, or stop the other process.',
    );
    this.name = 'ShardTakenError';
  }
}

/** The lease of `npm start`'s one shard: the SQLite file's lock, which admits one process. */
export function databaseLockLease(lock: DatabaseLock): ShardLease {
  return {
    shard: { id: 0, count: 1 },
    // nobody else can hold a lease on this database
    isShardFree: async () => true,
    release: async () => lock.release(),
  };
}

/** What `acquirePostgresShardLease` needs. */
export interface PostgresLeaseOptions {
  /** The shared database. */
  url: string;
  /** Leases are per schema: bots (or tests) in separate schemas of one database do not meet. */
  namespace: string;
  shard: Shard;
  /** How long to wait for a predecessor (an overlapping restart) to let go, in ms. */
  waitMs: number;
  /** Told once when the lease is held by another process and this one waits. */
  onWait?: () => void;
  /** Told when the lease's connection ends while held: another process may now take the shard. */
  onLost?: (error: Error) => void;
  /** Between attempts, in ms. Default 250. */
  pollMs?: number;
}

/**
 * Takes the shard's lease on a connection of its own (a pooled one would hand the lock to
 * whichever query came next).
 *
 * @throws ShardTakenError when another process keeps it past `waitMs`; the connection's error
 *   when the database cannot be reached.
 */
export async function acquirePostgresShardLease(options: PostgresLeaseOptions): Promise<ShardLease> {
  const client = new pg.Client({
    connectionString: options.url,
    application_name: `cordial shard ${options.shard.id}/${options.shard.count} ${options.namespace}`.slice(0, 63),
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  await client.connect();
  // the server lets go of the lease once it sees the connection gone: a holder that dies with its
  // host (no FIN) must be noticed in seconds (about 25 s), not at the OS's two hours
  await client.query('SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3');
  const key = (shard: Shard) => `cordial ${options.namespace} shard ${shard.id}/${shard.count}`;
  // hashtextextended gives the 64-bit key advisory locks take
  const tryLock = async (shard: Shard) => (await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held', [key(shard)])).rows[0]?.held === true;
  const startedAt = Date.now();
  let told = false;
  try {
    while (!(await tryLock(options.shard))) {
      if (Date.now() - startedAt >= options.waitMs) throw new ShardTakenError(options.shard, options.waitMs);
      if (!told) options.onWait?.();
      told = true;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  let released = false;
  const lost = (error: Error) => {
    if (!released) options.onLost?.(error);
  };
  client.on('error', lost);
  client.on('end', () => lost(new Error('the connection holding the shard lease ended')));
  return {
    shard: options.shard,
    async isShardFree(shard) {
      if (!(await tryLock(shard))) return false;
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key(shard)]);
      return true;
    },
    async release() {
      if (released) return;
      released = true;
      // ending the session lets go of its advisory locks
      await client.end().catch(() => undefined);
    },
  };
}
