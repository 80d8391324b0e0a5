/**
 * Where a bot process keeps its state, chosen by its settings: the SQLite file (one process,
 * `npm start`) or the PostgreSQL database every process and host shares (`DATABASE_URL`), with
 * the lease of the shard the process serves.
 */
import type { Logger } from 'pino';
import type { BotConfig } from '../config/bot-config.ts';
import { ConfigError } from '../config/config-error.ts';
import { acquirePostgresShardLease, databaseLockLease, type ShardLease } from '../sharding/shard-lease.ts';
import { lockDatabase } from '../store/database-lock.ts';
import { openPostgresStore } from '../store/postgres/index.ts';
import { openStore, type Shard } from '../store/store.ts';
import type { Store } from '../store/store-port.ts';

/** The open store and this process's shard lease; `close` lets go of both. */
export interface OpenState {
  store: Store;
  lease: ShardLease;
}

/**
 * Opens the store and takes the shard's lease: on SQLite the database file's lock (taken before
 * anything is read or migrated), on PostgreSQL an advisory lock per shard, after the store is
 * open (its migrations take a lock of their own, so processes starting at once apply each once).
 *
 * @throws ConfigError when a sharded process has no `DATABASE_URL` (SQLite serves one process);
 *   StoreOpenError when the database cannot be opened; ShardTakenError when another live
 *   process serves the shard.
 */
export async function openState(config: BotConfig, shard: Shard, logger: Logger, onLeaseLost: (error: Error) => void): Promise<OpenState> {
  const url = config.databaseUrl;
  if (url === undefined) {
    if (shard.count > 1) {
      throw new ConfigError('DATABASE_URL', 'a PostgreSQL URL (postgres://…) under sharding: its processes share their state there, while a SQLite file serves one process');
    }
    const lock = lockDatabase({
      path: config.databasePath,
      waitMs: config.databaseLockWaitMs,
      onWait: (lockPath) => logger.info({ lockPath, waitMs: config.databaseLockWaitMs }, 'another process holds the database: waiting for it to stop'),
    });
    try {
      return { store: openStore({ path: config.databasePath, logger }), lease: databaseLockLease(lock) };
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  const store = await openPostgresStore({ url, schema: config.databaseSchema, logger });
  try {
    const lease = await acquirePostgresShardLease({
      url,
      namespace: config.databaseSchema,
      shard,
      waitMs: config.databaseLockWaitMs,
      onWait: () => logger.info({ shard: shard.id, shards: shard.count, waitMs: config.databaseLockWaitMs }, 'another process serves this shard: waiting for it to stop'),
      onLost: onLeaseLost,
    });
    return { store, lease };
  } catch (error) {
    await store.close();
    throw error;
  }
}
