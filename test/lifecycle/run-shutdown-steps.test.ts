import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runShutdownSteps } from '../../src/lifecycle/run-shutdown-steps.ts';

test('GIVEN a step that throws (or rejects) THEN the later steps still run, the failure is logged, and the result says so', async () => {
  const ran: string[] = [];
  const logged: object[] = [];
  const clean = await runShutdownSteps(
    [
      ['first', () => void ran.push('first')],
      ['disconnect', () => Promise.reject(new Error('socket already closed'))],
      ['close', () => {
        throw new Error('busy');
      }],
      ['release the lock', () => void ran.push('release the lock')],
    ],
    { error: (fields) => void logged.push(fields) },
  );
  assert.equal(clean, false);
  assert.deepEqual(ran, ['first', 'release the lock']);
  assert.deepEqual(logged.map((fields) => (fields as { step: string }).step), ['disconnect', 'close']);
});

test('GIVEN steps that all succeed THEN the result is clean and nothing is logged', async () => {
  const logged: object[] = [];
  assert.equal(await runShutdownSteps([['a', async () => undefined]], { error: (fields) => void logged.push(fields) }), true);
  assert.deepEqual(logged, []);
});
