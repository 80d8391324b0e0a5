import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { loadBotConfig } from '../../src/config/bot-config.ts';
import { SharedWriteGate } from '../../src/discord-budget/shared-write-gate.ts';
import { WriteGate } from '../../src/reply/write-gate.ts';
import { discordBudget } from '../../src/start/discord-budget.ts';

const token = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gabcde.fake-token-for-tests';
const logger = pino({ level: 'silent' });
const redisUrl = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

describe('the Discord budget a process takes by its settings', () => {
  it('GIVEN one process without Redis THEN its own: the write gate and 45 requests per second', async () => {
    const budget = discordBudget(loadBotConfig({ DISCORD_TOKEN: token }), { id: 0, count: 1 }, logger);
    assert.equal(budget.mode, 'own');
    assert.ok(budget.writeGate instanceof WriteGate);
    assert.deepEqual(budget.rest, { globalRequestsPerSecond: 45 });
    await budget.close();
  });

  it('GIVEN four shards without Redis THEN each a quarter, so that together they keep to the bot’s limits', async () => {
    const budget = discordBudget(loadBotConfig({ DISCORD_TOKEN: token, DISCORD_WRITES_PER_SECOND: '40' }), { id: 2, count: 4 }, logger);
    assert.equal(budget.mode, 'equal-share');
    assert.deepEqual(budget.rest, { globalRequestsPerSecond: 45 / 4 });
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
