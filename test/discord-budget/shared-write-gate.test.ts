import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { systemClock } from '../../src/model/clock.ts';
import { SharedWriteGate, type GrantedTurn, type SharedWriteGateOptions } from '../../src/discord-budget/shared-write-gate.ts';
import { busiestWindow, dropKeys, recordingLogger, redisUrl, smallestGap, testPrefix } from './support/redis-budget.ts';

const prefix = testPrefix();
after(() => dropKeys(prefix));

/** One gate as one bot process would have it: a Redis connection of its own. */
function processGate(key: string, writesPerSecond: number, turns: GrantedTurn[], options: Partial<SharedWriteGateOptions> = {}): SharedWriteGate {
  return new SharedWriteGate({ redisUrl, key: `${prefix}${key}`, writesPerSecond, clock: systemClock, logger: recordingLogger(), onGrant: (turn) => void turns.push(turn), ...options });
}

/** Blocks this process's event loop for `ms`, as a long task or a starved CPU would. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('SharedWriteGate', () => {
  it('GIVEN four processes sharing 25 writes per second THEN their turns together are 40 ms apart or more on Redis’s clock, and every waiter is served', async () => {
    const turns: GrantedTurn[] = [];
    const gates = Array.from({ length: 4 }, () => processGate('four-processes', 25, turns));
    try {
      // each process: 8 writes, urgent and updates mixed, all waiting at once
      await Promise.all(gates.flatMap((gate) => Array.from({ length: 8 }, (_, index) => gate.waitForTurn(index % 3 === 0))));
      assert.equal(turns.length, 32);
      assert.ok(turns.every((turn) => turn.source === 'shared' && turn.slotAtMs !== undefined), 'every turn is a slot of the shared budget');
      const slots = turns.map((turn) => turn.slotAtMs!);
      assert.ok(Math.round(smallestGap(slots) * 1000) >= 40_000, `closest turns ${smallestGap(slots)} ms apart`);
      assert.ok(busiestWindow(slots, 1000) <= 26, `${busiestWindow(slots, 1000)} turns in one second`);
      assert.ok(gates.every((gate) => gate.waiting === 0));
    } finally {
      await Promise.all(gates.map((gate) => gate.close()));
    }
  });

  it('GIVEN process A with an update waiting behind its urgent writes WHEN process B asks for an urgent turn THEN B is served before A’s update', async () => {
    const served: string[] = [];
    const turnsOfA: GrantedTurn[] = [];
    const turnsOfB: GrantedTurn[] = [];
    // 4 per second: A's urgent writes hold the next second of slots, long enough for B to ask
    const gateA = processGate('urgent-across', 4, turnsOfA);
    const gateB = processGate('urgent-across', 4, turnsOfB);
    try {
      const firstOfA = gateA.waitForTurn(true).then(() => void served.push('A urgent 1'));
      const restOfA = [
        ...[2, 3, 4].map((index) => gateA.waitForTurn(true).then(() => void served.push(`A urgent ${index}`))),
        gateA.waitForTurn(false).then(() => void served.push('A update')),
      ];
      await firstOfA;
      await Promise.all([...restOfA, gateB.waitForTurn(true).then(() => void served.push('B urgent'))]);
      assert.ok(served.indexOf('B urgent') < served.indexOf('A update'), `served in the order ${served.join(', ')}`);
      assert.ok(turnsOfB[0]!.slotAtMs! < turnsOfA.find((turn) => !turn.urgent)!.slotAtMs!, 'B’s slot comes before the slot of A’s update');
      assert.deepEqual(served.filter((name) => name.startsWith('A urgent')), ['A urgent 1', 'A urgent 2', 'A urgent 3', 'A urgent 4']);
    } finally {
      await Promise.all([gateA.close(), gateB.close()]);
    }
  });

  it('GIVEN urgent writes and updates waiting in one process THEN urgent ones go first, each class in arrival order', async () => {
    const gate = processGate('one-process', 50, []);
    const served: string[] = [];
    const wait = (name: string, urgent: boolean) => gate.waitForTurn(urgent).then(() => void served.push(name));
    try {
      await Promise.all([
        wait('update a', false),
        wait('update b', false),
        wait('first c', true),
        wait('update d', false),
        wait('final e', true),
        wait('update f', false),
        wait('first g', true),
      ]);
      // every write was waiting before Redis's first answer came, so that turn went to the first urgent one
      assert.deepEqual(served, ['first c', 'final e', 'first g', 'update a', 'update b', 'update d', 'update f']);
    } finally {
      await gate.close();
    }
  });

  it('GIVEN updates promoted after 200 ms AND another process’s urgent writes arriving faster than the budget THEN the update is served as urgent, long before that stream ends', async () => {
    const turnsOfA: GrantedTurn[] = [];
    const turnsOfB: GrantedTurn[] = [];
    const gateA = processGate('promoted', 50, turnsOfA, { promoteUpdatesAfterMs: 200 });
    const gateB = processGate('promoted', 50, turnsOfB);
    try {
      // B: 8 urgent writes every 100 ms for a second, 80 a second against 50: no slot is ever free
      const urgentOfB: Array<Promise<void>> = [];
      const burst = () => urgentOfB.push(...Array.from({ length: 8 }, () => gateB.waitForTurn(true)));
      burst();
      const stream = setInterval(burst, 100);
      // B's first reservations are made
      await new Promise((resolve) => setTimeout(resolve, 20));
      const askedAt = performance.now();
      await gateA.waitForTurn(false);
      const waitedMs = performance.now() - askedAt;
      clearInterval(stream);
      await Promise.all(urgentOfB);
      assert.deepEqual(turnsOfA.map((turn) => turn.urgent), [true], 'A’s update was served in the urgent class');
      assert.ok(waitedMs >= 195, `it was promoted after 200 ms, not before: it waited ${Math.round(waitedMs)} ms`);
      const lastOfB = Math.max(...turnsOfB.map((turn) => turn.slotAtMs!));
      assert.ok(turnsOfA[0]!.slotAtMs! < lastOfB - 300, 'it did not wait for the end of B’s stream');
    } finally {
      await Promise.all([gateA.close(), gateB.close()]);
    }
  });

  it('GIVEN reserved slots WHEN the process stalls past several of them THEN with dropBunchedSlots only one of those goes at once, the others ask again, and every waiter is served', async () => {
    for (const dropBunchedSlots of [false, true]) {
      const turns: GrantedTurn[] = [];
      const gate = processGate(`stalled-${dropBunchedSlots}`, 10, turns, { dropBunchedSlots });
      try {
        await gate.waitForTurn(true);
        const waiting = Array.from({ length: 5 }, () => gate.waitForTurn(true));
        // Redis reserves the next five slots (100 to 500 ms on) for this process within a few ms, …
        await new Promise((resolve) => setTimeout(resolve, 20));
        // … and the process stalls past all of them (a long task, a starved CPU)
        stall(700);
        const stallEnd = performance.now();
        await Promise.all(waiting);
        const lastReserved = turns[0]!.slotAtMs! + 500;
        const overdueUsedAtOnce = turns.filter((turn) => turn.at >= stallEnd - 1 && turn.slotAtMs! <= lastReserved + 1).length;
        const fresh = turns.filter((turn) => turn.slotAtMs! > lastReserved + 1).map((turn) => turn.slotAtMs!);
        if (dropBunchedSlots) {
          assert.equal(overdueUsedAtOnce, 1, 'one overdue slot goes');
          assert.ok(fresh.length >= 3 && smallestGap(fresh) >= 99.999, `the others took fresh slots, 100 ms apart: ${fresh.length}`);
        } else {
          assert.ok(overdueUsedAtOnce >= 4, `without it, every overdue slot goes at once: ${overdueUsedAtOnce}`);
        }
      } finally {
        await gate.close();
      }
    }
  });

  it('GIVEN an update that leaves while it waits (its reply ended) THEN it holds no place: the turn goes to the next waiter', async () => {
    const turns: GrantedTurn[] = [];
    const gate = processGate('leaving', 10, turns);
    try {
      await gate.waitForTurn(true);
      const leaving = new AbortController();
      const update = gate.waitForTurn(false, { signal: leaving.signal });
      leaving.abort(new Error('the reply ended'));
      await assert.rejects(update, /the reply ended/);
      assert.equal(gate.waiting, 0);
      await gate.waitForTurn(false);
      assert.deepEqual(turns.map((turn) => turn.urgent), [true, false], 'one turn for the update that stayed, none for the one that left');
    } finally {
      await gate.close();
    }
  });

  it('GIVEN a gate closed while writes still wait THEN they are still served, on the local share', async () => {
    const turns: GrantedTurn[] = [];
    const gate = processGate('closed', 40, turns, { expectedProcesses: 4 });
    await gate.waitForTurn(true);
    const waiting = [gate.waitForTurn(false), gate.waitForTurn(true)];
    await gate.close();
    await Promise.all(waiting);
    assert.deepEqual(turns.slice(1).map((turn) => turn.source), ['local', 'local']);
    assert.deepEqual(turns.slice(1).map((turn) => turn.urgent), [true, false]);
  });
});
