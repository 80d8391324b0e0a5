/**
 * The shard leases on the real PostgreSQL (DATABASE_URL): one process per shard, a successor
 * waiting for an overlapping predecessor, a lease freed the moment its holder's connection ends.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { acquirePostgresShardLease, ShardTakenError, type ShardLease } from '../../src/sharding/shard-lease.ts';

const url = process.env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/test';
// each run its own namespace: leases of other runs (and other tests) never meet these
const namespace = `lease_test_${randomUUID().replaceAll('-', '')}`;
const held: ShardLease[] = [];
const lease = async (shard: { id: number; count: number }, waitMs = 0, extra: { onLost?: (error: Error) => void; onWait?: () => void } = {}) => {
  const taken = await acquirePostgresShardLease({ url, namespace, shard, waitMs, pollMs: 20, ...extra });
  held.push(taken);
  return taken;
};

after(async () => {
  await Promise.all(held.map((taken) => taken.release()));
});

describe('PostgreSQL shard leases', () => {
  it('GIVEN a shard held WHEN a second process asks THEN it is refused after its wait, naming the shard; another shard is free to take', async () => {
    await lease({ id: 0, count: 2 });
    let waited = false;
    await assert.rejects(
      lease({ id: 0, count: 2 }, 100, { onWait: () => (waited = true) }),
      (error: unknown) => error instanceof ShardTakenError && /shard 0 of 2/.test(error.message) && /SHARD_IDS/.test(error.message),
    );
    assert.ok(waited, 'it said it was waiting');
    await lease({ id: 1, count: 2 });
  });

  it('GIVEN an overlapping restart THEN the successor gets the shard as soon as the predecessor lets go', async () => {
    const predecessor = await lease({ id: 0, count: 3 });
    let waiting!: () => void;
    const isWaiting = new Promise<void>((resolve) => (waiting = resolve));
    const successor = lease({ id: 0, count: 3 }, 60_000, { onWait: () => waiting() });
    await isWaiting;
    await predecessor.release();
    assert.deepEqual((await successor).shard, { id: 0, count: 3 });
  });

  it('GIVEN a holder whose connection the server ends (a killed process) THEN it is told, and the shard is free at once', async () => {
    let lost!: (error: Error) => void;
    const wasLost = new Promise<Error>((resolve) => (lost = resolve));
    const doomed = await lease({ id: 1, count: 3 }, 0, { onLost: (error) => lost(error) });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`, [`cordial shard 1/3 ${namespace}`.slice(0, 63)]);
    } finally {
      await admin.end();
    }
    assert.ok((await wasLost) instanceof Error);
    await doomed.release();
    await lease({ id: 1, count: 3 });
  });

  it('GIVEN shards of another layout THEN isShardFree tells held from free, and asking takes nothing', async () => {
    const mine = await lease({ id: 0, count: 5 });
    await lease({ id: 1, count: 4 });
    assert.equal(await mine.isShardFree({ id: 1, count: 4 }), false);
    assert.equal(await mine.isShardFree({ id: 2, count: 4 }), true);
    // still free: the probe let it go again
    await lease({ id: 2, count: 4 });
  });
});
