import type { Shard } from '../store/store.ts';

/**
 * The shard this process serves. Under discord.js's `ShardingManager` (`npm run start:sharded`)
 * each child is told its shard in `SHARDS` and the count in `SHARD_COUNT`; a process started on
 * its own (`npm start`) serves every guild: shard 0 of 1, whatever `SHARD_COUNT` the
 * environment has for the manager.
 */
export function shardOfProcess(env: Readonly<Record<string, string | undefined>>): Shard {
  if (env['SHARDING_MANAGER'] === undefined) return { id: 0, count: 1 };
  const ids = JSON.parse(env['SHARDS'] ?? '0') as number | number[];
  const id = Array.isArray(ids) ? ids[0] : ids;
  const count = Number(env['SHARD_COUNT']);
  if (typeof id !== 'number' || !Number.isInteger(id) || !Number.isInteger(count) || id < 0 || id >= count) {
    throw new Error(`the sharding manager gave this process no valid shard (SHARDS ${env['SHARDS']}, SHARD_COUNT ${env['SHARD_COUNT']})`);
  }
  return { id, count };
}
