import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config/config-error.ts';
import { loadShardingConfig, shardsToRun } from '../../src/sharding/sharding-config.ts';
import { shardOfProcess } from '../../src/sharding/process-shard.ts';

describe('SHARD_COUNT and SHARD_IDS', () => {
  it('GIVEN neither THEN Discord’s recommendation, every shard of it', () => {
    const config = loadShardingConfig({});
    assert.deepEqual(config, { shardCount: 'auto', shardIds: 'all' });
    assert.deepEqual(shardsToRun(config, 3), [0, 1, 2]);
  });

  it('GIVEN lists and ranges THEN each shard once, in order', () => {
    assert.deepEqual(loadShardingConfig({ SHARD_COUNT: '8', SHARD_IDS: '6, 0-2,4' }), { shardCount: 8, shardIds: [0, 1, 2, 4, 6] });
    assert.deepEqual(loadShardingConfig({ SHARD_COUNT: '4', SHARD_IDS: '2-3,3' }).shardIds, [2, 3]);
  });

  it('GIVEN a shard at or past the count THEN a configuration error naming it', () => {
    assert.throws(() => loadShardingConfig({ SHARD_COUNT: '4', SHARD_IDS: '2,4,5' }), (error: unknown) => error instanceof ConfigError && /4, 5 are not/.test(error.message));
    assert.throws(() => shardsToRun(loadShardingConfig({ SHARD_IDS: '0,3' }), 2), (error: unknown) => error instanceof ConfigError && /recommends \(2\)/.test(error.message));
  });

  it('GIVEN malformed values THEN configuration errors', () => {
    for (const env of [{ SHARD_COUNT: '0' }, { SHARD_COUNT: 'many' }, { SHARD_COUNT: '2.5' }, { SHARD_IDS: 'a,b' }, { SHARD_IDS: '1,,2' }]) {
      assert.throws(() => loadShardingConfig(env), ConfigError, JSON.stringify(env));
    }
  });
});

describe('the shard of a process and of a guild', () => {
  it('GIVEN a process started on its own THEN shard 0 of 1, whatever SHARD_COUNT says', () => {
    assert.deepEqual(shardOfProcess({ SHARD_COUNT: '4' }), { id: 0, count: 1 });
  });

  it('GIVEN a child of the sharding manager THEN the shard it was told', () => {
    assert.deepEqual(shardOfProcess({ SHARDING_MANAGER: 'true', SHARDS: '3', SHARD_COUNT: '4' }), { id: 3, count: 4 });
    assert.deepEqual(shardOfProcess({ SHARDING_MANAGER: 'true', SHARDS: '[1]', SHARD_COUNT: '2' }), { id: 1, count: 2 });
    assert.throws(() => shardOfProcess({ SHARDING_MANAGER: 'true', SHARDS: '4', SHARD_COUNT: '4' }), /no valid shard/);
  });
});
