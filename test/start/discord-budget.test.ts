import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import pino from 'pino';
import { loadBotConfig } from '../../src/config/bot-config.ts';
import { SharedWriteGate } from '../../src/discord-budget/shared-write-gate.ts';
import { WriteGate } from '../../src/reply/write-gate.ts';
import { REST_TIMEOUT_MS } from '../../src/discord-budget/request-budget.ts';
import { discordBudget, type DiscordBudget } from '../../src/start/discord-budget.ts';

const token = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gabcde.fake-token-for-tests';
const logger = pino({ level: 'silent' });
const redisUrl = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

/**
 * Sends `count` bot-token requests at once through the budget's `makeRequest` to a server that
 * answers each at once, and returns how long after they were sent the last one arrived, in ms.
 */
async function lastArrival(budget: DiscordBudget, count: number): Promise<number> {
  const arrivals: number[] = [];
  const sent = performance.now();
  const server = createServer((request, response) => {
    arrivals.push(performance.now());
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/v10/channels/1`;
    await Promise.all(Array.from({ length: count }, () => budget.rest.makeRequest(url, { method: 'GET', headers: { Authorization: `Bot ${token}` } })));
  } finally {
    server.closeAllConnections();
    server.close();
  }
  return Math.max(...arrivals) - sent;
}

describe('the Discord budget a process takes by its settings', () => {
  it('GIVEN one process without Redis THEN its own: the write gate, and 45 requests per second evenly spaced by its own makeRequest', async () => {
    const budget = discordBudget(loadBotConfig({ DISCORD_TOKEN: token }), { id: 0, count: 1 }, logger);
    assert.equal(budget.mode, 'own');
    assert.ok(budget.writeGate instanceof WriteGate);
    assert.equal(typeof budget.rest.makeRequest, 'function');
    assert.deepEqual({ ...budget.rest, makeRequest: undefined }, { makeRequest: undefined, globalRequestsPerSecond: 1000, timeout: REST_TIMEOUT_MS });
    const last = await lastArrival(budget, 5);
    assert.ok(last >= (4 * 1000) / 45 - 1, `five requests at once: the last one went 4 / 45 s after the first, not at once (${last.toFixed(1)} ms)`);
    await budget.close();
  });

  it('GIVEN four shards without Redis THEN each a quarter, evenly spaced, so that together they keep to the bot’s limits', async () => {
    const budget = discordBudget(loadBotConfig({ DISCORD_TOKEN: token, DISCORD_WRITES_PER_SECOND: '40' }), { id: 2, count: 4 }, logger);
    assert.equal(budget.mode, 'equal-share');
    assert.equal(budget.rest.globalRequestsPerSecond, 1000, 'discord.js does not pace them a second time, in bursts');
    const last = await lastArrival(budget, 4);
    assert.ok(last >= (3 * 4 * 1000) / 45 - 1, `four requests at once: the last one went 3 × 4 / 45 s after the first (${last.toFixed(1)} ms)`);
    await budget.close();
  });

  it('GIVEN Redis THEN the shared gate, and every bot-token request through the shared makeRequest', async () => {
    const budget = discordBudget(loadBotConfig({ DISCORD_TOKEN: token, REDIS_URL: redisUrl }), { id: 1, count: 4 }, logger);
    assert.equal(budget.mode, 'redis');
    assert.ok(budget.writeGate instanceof SharedWriteGate);
    assert.equal(typeof budget.rest.makeRequest, 'function');
    assert.equal(budget.rest.globalRequestsPerSecond, 1000, 'discord.js does not pace them a second time');
    await budget.writeGate.waitForTurn(true);
    await budget.close();
  });
});
