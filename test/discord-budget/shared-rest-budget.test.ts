import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { REST, Routes } from 'discord.js';
import { systemClock } from '../../src/model/clock.ts';
import { carriesAuthorization, type RestBudget } from '../../src/discord-budget/request-budget.ts';
import { createSharedRestBudget } from '../../src/discord-budget/shared-rest-budget.ts';
import type { GrantedTurn } from '../../src/discord-budget/shared-write-gate.ts';
import { busiestWindow, closedPort, dropKeys, recordingLogger, redisUrl, smallestGap, testPrefix } from './support/redis-budget.ts';

const prefix = testPrefix();
const TOKEN = 'test-bot-token-not-real';
const received: Array<{ method: string; url: string; authorization: string | undefined }> = [];
let server: Server;
let api: string;

before(async () => {
  server = createServer((request: IncomingMessage, response) => {
    received.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization });
    request.resume();
    request.on('end', () => {
      if (request.url?.includes('/callback')) return void response.writeHead(204).end();
      const id = /\/channels\/(\d+)/.exec(request.url ?? '')?.[1];
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as { port: number }).port}/api`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await dropKeys(prefix);
});

function botRest(budget: RestBudget): REST {
  return new REST({ api, version: '10', makeRequest: budget.makeRequest }).setToken(TOKEN);
}

// channel ids must be snowflakes, or discord.js puts every route in one bucket
const channelId = (process: number, index: number) => `${100_000_000_000_000_000n + BigInt(process * 100 + index)}`;

describe('createSharedRestBudget', () => {
  it('GIVEN three processes’ bot clients THEN their bot-token requests together take slots at least 1/30 s apart on Redis’s clock, each sent once through the default makeRequest', async () => {
    received.length = 0;
    const turns: GrantedTurn[] = [];
    const budgets = Array.from({ length: 3 }, () =>
      createSharedRestBudget({ redisUrl, key: `${prefix}rest`, requestsPerSecond: 30, clock: systemClock, logger: recordingLogger(), onGrant: (turn) => void turns.push(turn) }),
    );
    try {
      const answers = await Promise.all(
        budgets.flatMap((budget, process) => {
          const rest = botRest(budget);
          return Array.from({ length: 8 }, (_, index) => rest.get(Routes.channel(channelId(process, index))) as Promise<{ id: string }>);
        }),
      );
      assert.deepEqual(
        answers.map((answer) => answer.id),
        budgets.flatMap((_, process) => Array.from({ length: 8 }, (__, index) => channelId(process, index))),
      );
      assert.equal(received.length, 24);
      assert.ok(received.every((request) => request.authorization === `Bot ${TOKEN}`));
      assert.equal(turns.length, 24, 'one slot per request');
      const slots = turns.map((turn) => turn.slotAtMs!);
      assert.ok(Math.round(smallestGap(slots) * 1000) >= 33_333, `closest requests ${smallestGap(slots)} ms apart`);
      assert.ok(busiestWindow(slots, 1000) <= 31);
    } finally {
      await Promise.all(budgets.map((budget) => budget.close()));
    }
  });

  it('GIVEN a request without the bot token (an interaction callback) THEN it takes no slot', async () => {
    received.length = 0;
    const turns: GrantedTurn[] = [];
    const budget = createSharedRestBudget({ redisUrl, key: `${prefix}no-token`, clock: systemClock, logger: recordingLogger(), onGrant: (turn) => void turns.push(turn) });
    try {
      const rest = botRest(budget);
      await rest.post(Routes.interactionCallback('100000000000000001', 'interaction-token'), { auth: false, body: { type: 5 } });
      assert.equal(turns.length, 0);
      await rest.get(Routes.channel(channelId(9, 1)));
      assert.equal(turns.length, 1);
      assert.deepEqual(received.map((request) => request.authorization), [undefined, `Bot ${TOKEN}`]);
    } finally {
      await budget.close();
    }
  });

  it('GIVEN Redis out of reach THEN bot-token requests still go out, at the local share', async () => {
    received.length = 0;
    const logger = recordingLogger();
    const turns: GrantedTurn[] = [];
    const budget = createSharedRestBudget({
      redisUrl: `redis://127.0.0.1:${await closedPort()}`,
      key: `${prefix}unreachable`,
      requestsPerSecond: 20,
      expectedProcesses: 2,
      clock: systemClock,
      logger,
      redisTimeoutMs: 150,
      onGrant: (turn) => void turns.push(turn),
    });
    try {
      const rest = botRest(budget);
      await Promise.all(Array.from({ length: 4 }, (_, index) => rest.get(Routes.channel(channelId(8, index)))));
      assert.equal(received.length, 4);
      assert.ok(turns.every((turn) => turn.source === 'local'));
      assert.ok(smallestGap(turns.map((turn) => turn.at)) >= 99, '20 per second ÷ 2 processes, within the millisecond timers are set in');
      assert.deepEqual(logger.lines.map((line) => line.level), ['warn']);
    } finally {
      await budget.close();
    }
  });

  it('GIVEN headers in each form fetch accepts THEN an Authorization header is found in any case', () => {
    assert.equal(carriesAuthorization({ Authorization: 'Bot x', 'Content-Type': 'application/json' }), true);
    assert.equal(carriesAuthorization({ 'content-type': 'application/json' }), false);
    assert.equal(carriesAuthorization(new Headers({ authorization: 'Bot x' })), true);
    assert.equal(carriesAuthorization([['AUTHORIZATION', 'Bot x']]), true);
    assert.equal(carriesAuthorization([['accept', '*/*']]), false);
    assert.equal(carriesAuthorization(undefined), false);
  });
});
