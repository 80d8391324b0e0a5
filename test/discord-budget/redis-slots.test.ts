import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RedisSlots, type SlotAnswer } from '../../src/discord-budget/redis-slots.ts';
import { busiestWindow, closedPort, dropKeys, redisUrl, smallestGap, testPrefix } from './support/redis-budget.ts';

const prefix = testPrefix();
after(() => dropKeys(prefix));

function granted(answer: SlotAnswer): Extract<SlotAnswer, { granted: true }> {
  assert.equal(answer.granted, true, `expected a slot, got ${JSON.stringify(answer)}`);
  return answer as Extract<SlotAnswer, { granted: true }>;
}

function refused(answer: SlotAnswer): Extract<SlotAnswer, { granted: false }> {
  assert.equal(answer.granted, false, `expected no slot, got ${JSON.stringify(answer)}`);
  return answer as Extract<SlotAnswer, { granted: false }>;
}

// slot times are whole microseconds on Redis's clock
const micros = (ms: number) => Math.round(ms * 1000);

describe('the slot script', () => {
  it('GIVEN an idle budget THEN a request of either class gets a slot at once, and its key is set to expire after the idle TTL', async () => {
    const slots = new RedisSlots({ url: redisUrl, timeoutMs: 2000, idleTtlMs: 1500 });
    const redis = new Redis(redisUrl);
    try {
      assert.equal(granted(await slots.take({ key: `${prefix}idle-update`, perSecond: 10, urgent: false })).waitMs, 0);
      assert.equal(granted(await slots.take({ key: `${prefix}idle-urgent`, perSecond: 10, urgent: true })).waitMs, 0);
      const ttl = await redis.pttl(`${prefix}idle-update`);
      assert.ok(ttl > 0 && ttl <= 1600, `PTTL ${ttl} ms: the idle TTL (1500 ms) after the next slot (100 ms on)`);
    } finally {
      await slots.close();
      await redis.quit();
    }
  });

  it('GIVEN a slot just taken THEN an update reserves nothing and is told when the next slot is, while an urgent request reserves it', async () => {
    const slots = new RedisSlots({ url: redisUrl, timeoutMs: 2000 });
    const key = `${prefix}classes`;
    // one slot a second: every request below reaches Redis long before the next slot is due
    const take = (urgent: boolean) => slots.take({ key, perSecond: 1, urgent });
    try {
      const first = granted(await take(true));
      const update = refused(await take(false));
      assert.ok(update.retryAfterMs > 0 && update.retryAfterMs <= 1000, `retry after ${update.retryAfterMs} ms`);
      const updateAgain = refused(await take(false));
      assert.ok(updateAgain.retryAfterMs <= update.retryAfterMs, 'a refused update moved nothing');
      const reserved = granted(await take(true));
      assert.equal(micros(reserved.slotAtMs), micros(first.slotAtMs) + 1_000_000, 'the urgent request holds the next slot');
      assert.ok(reserved.waitMs > 0 && reserved.waitMs <= 1000, `wait ${reserved.waitMs} ms`);
      const updateBehind = refused(await take(false));
      assert.ok(updateBehind.retryAfterMs > 1000 && updateBehind.retryAfterMs <= 2000, `the update now waits behind the reservation: ${updateBehind.retryAfterMs} ms`);
      assert.equal(micros(granted(await take(true)).slotAtMs), micros(first.slotAtMs) + 2_000_000);
    } finally {
      await slots.close();
    }
  });

  it('GIVEN five connections racing for urgent and update slots THEN no two slots of the budget are closer than its interval', async () => {
    const key = `${prefix}race`;
    const perSecond = 50;
    const connections = Array.from({ length: 5 }, () => new RedisSlots({ url: redisUrl, timeoutMs: 2000 }));
    try {
      const answers = await Promise.all(
        connections.map(async (slots, connection) => {
          const own: SlotAnswer[] = [];
          for (let index = 0; index < 20; index += 1) own.push(await slots.take({ key, perSecond, urgent: (index + connection) % 2 === 0 }));
          return own;
        }),
      );
      const slotTimes = answers.flat().flatMap((answer) => (answer.granted ? [answer.slotAtMs] : []));
      assert.ok(slotTimes.length >= 50, `every urgent request holds a slot: ${slotTimes.length}`);
      assert.equal(new Set(slotTimes.map(micros)).size, slotTimes.length, 'no slot is given twice');
      assert.ok(micros(smallestGap(slotTimes)) >= 20_000, `closest slots ${smallestGap(slotTimes)} ms apart`);
      assert.ok(busiestWindow(slotTimes, 1000) <= perSecond + 1, `${busiestWindow(slotTimes, 1000)} slots in one second`);
    } finally {
      await Promise.all(connections.map((slots) => slots.close()));
    }
  });

  it('GIVEN this process stalls past the timeout while Redis’s answer is on its way THEN the answer counts, not the timer', async () => {
    const slots = new RedisSlots({ url: redisUrl, timeoutMs: 100 });
    try {
      await slots.ping();
      const answer = slots.take({ key: `${prefix}stalled`, perSecond: 10, urgent: true });
      // the request goes out (and its timer starts) a few promise callbacks on
      for (let tick = 0; tick < 20; tick += 1) await Promise.resolve();
      // Redis answers within a millisecond, but this process reads its socket only after 300 ms, when the timer is long due
      const until = performance.now() + 300;
      while (performance.now() < until);
      assert.equal(granted(await answer).waitMs, 0);
    } finally {
      await slots.close();
    }
  });

  it('GIVEN Redis out of reach THEN a request fails within the timeout instead of waiting for it', async () => {
    const slots = new RedisSlots({ url: `redis://127.0.0.1:${await closedPort()}`, timeoutMs: 150 });
    try {
      await assert.rejects(slots.take({ key: `${prefix}unreachable`, perSecond: 10, urgent: true }), /did not answer within 150 ms/);
      await assert.rejects(slots.ping(), /did not answer/);
    } finally {
      await slots.close();
    }
  });
});
