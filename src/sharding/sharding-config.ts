/**
 * The settings of `npm run start:sharded`: how many shards the bot runs in all, and which of
 * them this host runs, so that several hosts split one bot between them.
 */
import { z } from 'zod';
import { ConfigError } from '../config/config-error.ts';
import { readVariable, type Environment } from '../config/provider-config.ts';

/** What `loadShardingConfig` read. */
export interface ShardingConfig {
  /** Shards of the whole bot; `auto` asks Discord (`GET /gateway/bot`) for its recommendation. */
  shardCount: number | 'auto';
  /** The shards this host runs, ascending; `all` when `SHARD_IDS` is unset. */
  shardIds: number[] | 'all';
}

const shardList = z
  .string()
  .regex(/^\s*\d+(?:\s*-\s*\d+)?(?:\s*,\s*\d+(?:\s*-\s*\d+)?)*\s*$/)
  .transform((text) => [...new Set(text.split(',').flatMap(rangeOf))].sort((a, b) => a - b));

function rangeOf(part: string): number[] {
  const [from, to = from] = part.split('-').map((bound) => Number(bound.trim()));
  const ids: number[] = [];
  for (let id = from!; id <= to!; id += 1) ids.push(id);
  return ids;
}

/** Reads `SHARD_COUNT` (`auto` or 1–4096, default `auto`) and `SHARD_IDS` (e.g. `0,1` or `0-3`; default all). */
export function loadShardingConfig(env: Environment): ShardingConfig {
  const count = readVariable(env, 'SHARD_COUNT', z.union([z.literal('auto'), z.coerce.number().int().min(1).max(4096)]).default('auto'), 'auto or a whole number of shards from 1 to 4096');
  const ids = readVariable(env, 'SHARD_IDS', shardList.optional(), 'shard numbers from 0, such as 0,1 or 0-3');
  if (ids !== undefined && typeof count === 'number') {
    const outside = ids.filter((id) => id >= count);
    if (outside.length > 0) throw new ConfigError('SHARD_IDS', `shard numbers below SHARD_COUNT (${count}); ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not`);
  }
  return { shardCount: count, shardIds: ids ?? 'all' };
}

/** The shards of `config` this host runs once the count is known (`auto` resolved). */
export function shardsToRun(config: ShardingConfig, shardCount: number): number[] {
  if (config.shardIds === 'all') return [...Array(shardCount).keys()];
  const outside = config.shardIds.filter((id) => id >= shardCount);
  if (outside.length > 0) throw new ConfigError('SHARD_IDS', `shard numbers below the shard count Discord recommends (${shardCount}); set SHARD_COUNT, or leave out ${outside.join(', ')}`);
  return config.shardIds;
}
