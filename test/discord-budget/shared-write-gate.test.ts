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
