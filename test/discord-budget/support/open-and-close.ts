/**
 * Run as a child process by open-handles.test.ts: opens every kind of shared budget (Redis up,
 * Redis out of reach, the REST wrapper over real HTTP), uses each once, closes them, and then
 * must exit on its own: anything left open would keep it alive.
 */
import { createServer } from 'node:http';
import { systemClock } from '../../../src/model/clock.ts';
import { createSharedRestBudget } from '../../../src/discord-budget/shared-rest-budget.ts';
import { SharedWriteGate } from '../../../src/discord-budget/shared-write-gate.ts';
import { closedPort, dropKeys, recordingLogger, redisUrl, testPrefix } from './redis-budget.ts';

const prefix = testPrefix();
const logger = recordingLogger();
const server = createServer((request, response) => void request.resume().on('end', () => response.writeHead(204).end()));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/v10/users/@me`;

const gates = [
  new SharedWriteGate({ redisUrl, key: `${prefix}writes`, writesPerSecond: 40, clock: systemClock, logger }),
  new SharedWriteGate({ redisUrl: `redis://127.0.0.1:${await closedPort()}`, key: `${prefix}writes`, writesPerSecond: 40, clock: systemClock, logger, redisTimeoutMs: 100 }),
];
const rest = createSharedRestBudget({ redisUrl, key: `${prefix}rest`, clock: systemClock, logger });
await Promise.all(gates.flatMap((gate) => [gate.waitForTurn(true), gate.waitForTurn(false)]));
const response = await rest.makeRequest(url, { method: 'GET', headers: { Authorization: 'Bot not-a-real-token' } });
await Promise.all([...gates.map((gate) => gate.close()), rest.close()]);
server.closeAllConnections();
await new Promise<void>((resolve) => server.close(() => resolve()));
await dropKeys(prefix);
process.stdout.write(`closed ${response.status}\n`);
