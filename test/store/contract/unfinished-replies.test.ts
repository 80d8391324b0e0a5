/**
 * The journal of replies being written and the process runs that own them: entries listed
 * oldest first with their owner and the shard it serves, runs found by id, and the idle runs
 * of gone processes forgotten — of one shard only, when a shard's process asks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProcessInstance } from '../../../src/store/index.ts';
import { forEachBackend } from '../support/store-backends.ts';

const runA: ProcessInstance = { id: 'a1b2c3d4-0000-4000-8000-00000000000a', pid: 4101, host: 'bot-1', startedAt: 1_700_000_000_000, shard: { id: 0, count: 1 } };
const runB: ProcessInstance = { id: 'a1b2c3d4-0000-4000-8000-00000000000b', pid: 4102, host: 'bot-2', startedAt: 1_700_000_100_000, shard: { id: 0, count: 1 } };

forEachBackend('replies being written', (open) => {
  test('GIVEN replies being written THEN they are listed oldest first until each is forgotten', async () => {
    let clock = 1000;
    const store = await open({ now: () => clock });
    assert.deepEqual(await store.unfinishedReplies(), []);
    await store.recordUnfinishedReply({ messageId: 'm2', channelId: 'c1', locale: 'ru', ownerId: 'run-a' });
    await store.recordUnfinishedReply({ messageId: 'm1', channelId: 'c2', locale: 'en-US', ownerId: 'run-b', startedAt: 10 });
    clock = 2000;
    await store.recordUnfinishedReply({ messageId: 'm2', channelId: 'other', locale: 'de', ownerId: 'run-b' });
    assert.deepEqual(await store.unfinishedReplies(), [
      { messageId: 'm1', channelId: 'c2', locale: 'en-US', startedAt: 10, ownerId: 'run-b', ownerShard: null },
      { messageId: 'm2', channelId: 'c1', locale: 'ru', startedAt: 1000, ownerId: 'run-a', ownerShard: null },
    ]);
    assert.equal(await store.forgetUnfinishedReply('m2'), true);
    assert.equal(await store.forgetUnfinishedReply('m2'), false);
    assert.deepEqual((await store.unfinishedReplies()).map((reply) => reply.messageId), ['m1']);
  });
});

forEachBackend('owners of the replies being written', (open) => {
  test('GIVEN two process runs WHEN each journals a reply THEN each entry names its owner, and a run is found by its id', async () => {
    const store = await open({ now: () => 5 });
    await store.registerInstance(runA);
    await store.registerInstance(runB);
    await store.registerInstance({ ...runB, pid: 4103 });
    await store.recordUnfinishedReply({ messageId: 'm1', channelId: 'c1', locale: 'en-US', ownerId: runA.id });
    await store.recordUnfinishedReply({ messageId: 'm2', channelId: 'c1', locale: 'ru', ownerId: runB.id });
    assert.deepEqual((await store.unfinishedReplies()).map((reply) => [reply.messageId, reply.ownerId]), [['m1', runA.id], ['m2', runB.id]]);
    assert.deepEqual(await store.getInstance(runA.id), runA);
    assert.deepEqual(await store.getInstance(runB.id), { ...runB, pid: 4103 }, 'registering again updates the run');
    assert.equal(await store.getInstance('unknown'), undefined);
  });

  test('GIVEN runs that own entries, a live run and an idle gone run THEN only the idle gone run is forgotten', async () => {
    const store = await open();
    const idle: ProcessInstance = { ...runB, id: 'idle-run' };
    for (const instance of [runA, runB, idle]) await store.registerInstance(instance);
    await store.recordUnfinishedReply({ messageId: 'm1', channelId: 'c1', locale: 'en-US', ownerId: runA.id });
    // runB is live and owns nothing right now; runA is gone but still owns an entry
    assert.equal(await store.forgetIdleInstances([runB.id]), 1);
    assert.equal(await store.getInstance(idle.id), undefined);
    assert.ok(await store.getInstance(runA.id));
    assert.ok(await store.getInstance(runB.id));
    await store.forgetUnfinishedReply('m1');
    assert.equal(await store.forgetIdleInstances([runB.id]), 1, 'once its entry is repaired, the gone run goes too');
    assert.equal(await store.forgetIdleInstances([]), 1);
  });
});

forEachBackend('the shards of process runs', (open) => {
  const shardZero = { ...runA, shard: { id: 0, count: 2 } };
  const shardOne = { ...runB, shard: { id: 1, count: 2 } };

  test('GIVEN runs of two shards WHEN registered THEN each is found with its shard; registering again changes it', async () => {
    const store = await open();
    await store.registerInstance(shardZero);
    await store.registerInstance(shardOne);
    assert.deepEqual(await store.getInstance(shardZero.id), shardZero);
    assert.deepEqual(await store.getInstance(shardOne.id), shardOne);
    await store.registerInstance({ ...shardOne, shard: { id: 2, count: 3 } });
    assert.deepEqual((await store.getInstance(shardOne.id))?.shard, { id: 2, count: 3 });
  });

  test('GIVEN entries of runs of two shards and of a run never recorded THEN each carries its owner’s shard, or null', async () => {
    const store = await open();
    await store.registerInstance(shardZero);
    await store.registerInstance(shardOne);
    await store.recordUnfinishedReply({ messageId: 'm1', channelId: 'c1', locale: 'en-US', ownerId: shardZero.id, startedAt: 1 });
    await store.recordUnfinishedReply({ messageId: 'm2', channelId: 'c2', locale: 'ru', ownerId: shardOne.id, startedAt: 2 });
    await store.recordUnfinishedReply({ messageId: 'm3', channelId: 'c3', locale: 'de', ownerId: 'never-registered', startedAt: 3 });
    assert.deepEqual((await store.unfinishedReplies()).map((reply) => [reply.messageId, reply.ownerId, reply.ownerShard]), [
      ['m1', shardZero.id, { id: 0, count: 2 }],
      ['m2', shardOne.id, { id: 1, count: 2 }],
      ['m3', 'never-registered', null],
    ]);
    await store.registerInstance({ ...shardOne, shard: { id: 1, count: 4 } });
    assert.deepEqual((await store.unfinishedReplies())[1]?.ownerShard, { id: 1, count: 4 }, 'the shard its owner serves now');
  });

  test('GIVEN idle runs of several shards WHEN one shard forgets its idle runs THEN only that shard’s go; without a shard, every shard’s', async () => {
    const store = await open();
    const idleZero = { ...shardZero, id: 'idle-of-shard-0' };
    const idleOne = { ...shardOne, id: 'idle-of-shard-1' };
    const liveOne = { ...shardOne, id: 'live-of-shard-1' };
    const owningOne = { ...shardOne, id: 'owning-of-shard-1' };
    // shard 1 of another layout (3 shards) is another shard
    const idleOneOfThree = { ...shardOne, id: 'idle-of-shard-1-of-3', shard: { id: 1, count: 3 } };
    for (const instance of [idleZero, idleOne, liveOne, owningOne, idleOneOfThree]) await store.registerInstance(instance);
    await store.recordUnfinishedReply({ messageId: 'm1', channelId: 'c1', locale: 'en-US', ownerId: owningOne.id });
    assert.equal(await store.forgetIdleInstances([liveOne.id], { id: 1, count: 2 }), 1);
    assert.equal(await store.getInstance(idleOne.id), undefined);
    for (const kept of [idleZero, liveOne, owningOne, idleOneOfThree]) assert.deepEqual(await store.getInstance(kept.id), kept, kept.id);
    assert.equal(await store.forgetIdleInstances([liveOne.id], { id: 1, count: 2 }), 0, 'nothing more of shard 1 of 2 is idle');
    assert.equal(await store.forgetIdleInstances([liveOne.id]), 2, 'the idle runs of the other shards');
    assert.equal(await store.getInstance(idleZero.id), undefined);
    assert.equal(await store.getInstance(idleOneOfThree.id), undefined);
    assert.ok(await store.getInstance(owningOne.id), 'a run that owns an entry stays');
  });
});
