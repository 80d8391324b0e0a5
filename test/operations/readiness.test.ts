import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { checkReadiness, isReady } from '../../src/operations/readiness.ts';
import { gatewayStateOf } from '../../src/operations/gateway-state.ts';

const twoShards = () => [
  { shard: 0, status: 0, pingMs: 30 },
  { shard: 1, status: 6, pingMs: 31 },
];

test('GIVEN a store that answers THEN each shard is reported with its gateway state in words and store ok', async () => {
  const report = await checkReadiness({ gateway: twoShards, pingStore: async () => 'x', clock: new ManualClock() });
  assert.deepEqual(report.shards, [
    { shard: 0, gateway: 'ready', store: 'ok' },
    { shard: 1, gateway: 'waiting-for-guilds', store: 'ok' },
  ]);
  assert.equal(isReady(report), false, 'one shard is still waiting for its guilds');
  assert.equal(isReady({ shards: [report.shards[0]!] }), true);
});

test('GIVEN a store that fails, or throws before its promise THEN it is unreachable', async () => {
  for (const pingStore of [() => Promise.reject(new Error('ECONNREFUSED 10.0.0.5:5432')), () => { throw new Error('closed'); }]) {
    const report = await checkReadiness({ gateway: twoShards, pingStore, clock: new ManualClock() });
    assert.deepEqual(report.shards.map((shard) => shard.store), ['unreachable', 'unreachable']);
    assert.equal(isReady(report), false);
  }
});

test('GIVEN a store that hangs THEN it is unreachable once its deadline passes', async () => {
  const clock = new ManualClock();
  const checking = checkReadiness({ gateway: () => [{ shard: 0, status: 0, pingMs: 1 }], pingStore: () => new Promise(() => undefined), storeTimeoutMs: 300, clock });
  await clock.advance(299);
  let settled = false;
  void checking.then(() => (settled = true));
  await clock.advance(0);
  assert.equal(settled, false, 'still within the deadline');
  await clock.advance(1);
  assert.deepEqual((await checking).shards, [{ shard: 0, gateway: 'ready', store: 'unreachable' }]);
  assert.equal(clock.pendingTimers, 0);
});

test('GIVEN no shards THEN not ready; GIVEN a status code discord.js may add THEN unknown', () => {
  assert.equal(isReady({ shards: [] }), false);
  assert.equal(gatewayStateOf(8), 'resuming');
  assert.equal(gatewayStateOf(42), 'unknown');
});
