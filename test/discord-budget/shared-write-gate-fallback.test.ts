import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { systemClock } from '../../src/model/clock.ts';
import { SharedWriteGate, type GrantedTurn } from '../../src/discord-budget/shared-write-gate.ts';
import { RedisProxy } from './support/redis-proxy.ts';
import { busiestWindow, closedPort, dropKeys, recordingLogger, redisUrl, smallestGap, testPrefix } from './support/redis-budget.ts';

const prefix = testPrefix();
after(() => dropKeys(prefix));

describe('SharedWriteGate without Redis', () => {
  it('GIVEN Redis out of reach from the start THEN every waiter is served on the local share (40 per second ÷ 4 processes), urgent first, and one warning is logged', async () => {
    const logger = recordingLogger();
    const turns: GrantedTurn[] = [];
    const gate = new SharedWriteGate({
      redisUrl: `redis://127.0.0.1:${await closedPort()}`,
      key: `${prefix}unreachable`,
      writesPerSecond: 40,
      expectedProcesses: 4,
      clock: systemClock,
      logger,
      redisTimeoutMs: 150,
      retryRedisAfterMs: 100,
      onGrant: (turn) => void turns.push(turn),
    });
    try {
      const served: string[] = [];
      await Promise.all(
        ['update 1', 'urgent 2', 'update 3', 'urgent 4', 'update 5', 'update 6', 'urgent 7', 'update 8'].map((name) =>
          gate.waitForTurn(name.startsWith('urgent')).then(() => void served.push(name)),
        ),
      );
      assert.deepEqual(served, ['urgent 2', 'urgent 4', 'urgent 7', 'update 1', 'update 3', 'update 5', 'update 6', 'update 8']);
      assert.ok(turns.every((turn) => turn.source === 'local'));
      const times = turns.map((turn) => turn.at);
      // spaced on the clock the gate itself paces with: 100 ms apart, within the millisecond its
      // timers are set in (a reading a few microseconds early was seen on a busy machine)
      assert.ok(smallestGap(times) >= 99, `closest local turns ${smallestGap(times)} ms apart`);
      assert.ok(busiestWindow(times, 1000) <= 11, `${busiestWindow(times, 1000)} local turns in one second`);
      assert.deepEqual(logger.lines.map((line) => line.level), ['warn'], 'one warning however many requests failed');
      assert.doesNotMatch(JSON.stringify(logger.lines), /redis:\/\//, 'the Redis URL is not logged');
    } finally {
      await gate.close();
    }
  });

  it('GIVEN Redis lost mid-run THEN replies go on at the local share, AND once Redis is back the gate shares the budget again', async () => {
    const proxy = new RedisProxy(redisUrl);
    await proxy.start();
    const logger = recordingLogger();
    const turns: GrantedTurn[] = [];
    const gate = new SharedWriteGate({
      redisUrl: proxy.url,
      key: `${prefix}lost-and-found`,
      writesPerSecond: 20,
      expectedProcesses: 2,
      clock: systemClock,
      logger,
      redisTimeoutMs: 200,
      retryRedisAfterMs: 100,
      onGrant: (turn) => void turns.push(turn),
    });
    try {
      await Promise.all([gate.waitForTurn(true), gate.waitForTurn(false), gate.waitForTurn(false)]);
      assert.deepEqual(turns.map((turn) => turn.source), ['shared', 'shared', 'shared']);

      await proxy.cut();
      await Promise.all([gate.waitForTurn(true), gate.waitForTurn(false), gate.waitForTurn(false)]);
      const whileLost = turns.slice(3);
      assert.deepEqual(whileLost.map((turn) => turn.source), ['local', 'local', 'local']);
      assert.ok(smallestGap(whileLost.map((turn) => turn.at)) >= 99, 'the local share: 20 per second ÷ 2, within the millisecond timers are set in');
      assert.deepEqual(logger.lines.map((line) => line.level), ['warn']);

      await proxy.start();
      // reconnecting takes ioredis a moment: write on until a turn comes from Redis (bounded)
      for (let attempt = 0; attempt < 100 && turns.at(-1)?.source !== 'shared'; attempt += 1) await gate.waitForTurn(false);
      assert.equal(turns.at(-1)?.source, 'shared', 'the gate uses Redis again');
      assert.deepEqual(logger.lines.map((line) => line.level), ['warn', 'info']);
      assert.match(logger.lines[1]!.message, /Redis is back/);
    } finally {
      await gate.close();
      await proxy.cut();
    }
  });
});
