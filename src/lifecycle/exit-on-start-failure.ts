import { ConfigError } from '../config/config-error.ts';
import { ShardTakenError } from '../sharding/shard-lease.ts';
import { StoreOpenError } from '../store/store-open-error.ts';

/**
 * Says in one line on stderr why a process could not start, and exits: 2 for a setting (with
 * where every setting is described), 1 for the database, the shard's lease, or anything else.
 * `starting` names what could not start, e.g. `start` or `start the shards`.
 */
export function exitOnStartFailure(error: unknown, starting: string): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`cordial: configuration: ${error.message}\nSee .env.example for every setting.\n`);
    process.exit(2);
  }
  if (error instanceof StoreOpenError || error instanceof ShardTakenError) {
    process.stderr.write(`cordial: database: ${error.message}\n`);
    process.exit(1);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`cordial: could not ${starting}: ${message}\n`);
  process.exit(1);
}
