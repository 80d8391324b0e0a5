import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { REST, Routes } from 'discord.js';
import { systemClock } from '../../src/model/clock.ts';
import { budgetedMakeRequest, canWait, localRestBudget, REST_TIMEOUT_MS } from '../../src/discord-budget/request-budget.ts';
import { WriteGate } from '../../src/reply/write-gate.ts';

const TOKEN = 'test-bot-token-not-real';
const received: string[] = [];
/** Requests the server holds without answering, until the test ends. */
const held: ServerResponse[] = [];
let server: Server;
let api: string;

before(async () => {
  server = createServer((request: IncomingMessage, response) => {
    received.push(`${request.method} ${request.url?.replace(/^\/api\/v10/, '')}`);
    request.resume();
    request.on('end', () => {
      if (request.url?.includes('/hang')) return void held.push(response);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as { port: number }).port}/api`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// snowflakes, so that discord.js gives each channel a bucket of its own
const channel = (index: number) => `${100_000_000_000_000_000n + BigInt(index)}`;
const message = '200000000000000000';

describe('which bot-token requests can wait', () => {
  it('GIVEN thread creations THEN they can wait; message writes, reads and everything else cannot', () => {
    const url = (route: string) => `https://discord.com/api/v10${route}`;
    assert.equal(canWait(url(Routes.threads(channel(1), message)), 'POST'), true, 'a thread on a message');
    assert.equal(canWait(url(Routes.threads(channel(1))), 'post'), true, 'a thread without a starter');
    assert.equal(canWait(url(Routes.threads(channel(1))), 'GET'), false);
    assert.equal(canWait(url(Routes.channelMessages(channel(1))), 'POST'), false, 'a reply');
    assert.equal(canWait(url(Routes.channelMessage(channel(1), message)), 'PATCH'), false, 'an edit');
    assert.equal(canWait(url(Routes.channelMessages(channel(1))), undefined), false, 'a read');
    assert.equal(canWait(url(`${Routes.channelMessages(channel(1))}?limit=100`), 'GET'), false);
    assert.equal(canWait(url(Routes.channelTyping(channel(1))), 'POST'), false);
  });
});

describe('budgetedMakeRequest', () => {
  it('GIVEN a thread creation waiting with other requests THEN the others go first, and it goes once none waits', async () => {
    received.length = 0;
    const budget = localRestBudget({ requestsPerSecond: 5, clock: systemClock });
    const rest = new REST({ api, version: '10', makeRequest: budget.makeRequest, timeout: REST_TIMEOUT_MS }).setToken(TOKEN);
    await rest.get(Routes.channel(channel(0)));
    // the budget is busy for the next 200 ms: everything below waits for a turn
    const requests = [
      rest.post(Routes.threads(channel(1), message), { body: { name: 'a thread' } }),
      ...[2, 3, 4].map((index) => rest.post(Routes.channelMessages(channel(index)), { body: { content: 'a reply' } })),
      rest.get(Routes.channelMessages(channel(5))),
    ];
    await Promise.all(requests);
    assert.deepEqual(received.slice(1), [
      `POST /channels/${channel(2)}/messages`,
      `POST /channels/${channel(3)}/messages`,
      `POST /channels/${channel(4)}/messages`,
      `GET /channels/${channel(5)}/messages`,
      `POST /channels/${channel(1)}/messages/${message}/threads`,
    ]);
  });

  it('GIVEN a request that waits for its turn longer than the request timeout THEN it still goes out, with the whole timeout for itself', async () => {
    received.length = 0;
    // a turn every 400 ms; each request may take 150 ms once its turn has come
    const gate = new WriteGate({ writesPerSecond: 2.5, clock: systemClock });
    const rest = new REST({ api, version: '10', makeRequest: budgetedMakeRequest(gate, 150), timeout: REST_TIMEOUT_MS, retries: 0 }).setToken(TOKEN);
    const started = performance.now();
    await Promise.all([1, 2, 3].map((index) => rest.get(Routes.channel(channel(10 + index)))));
    assert.ok(performance.now() - started >= 790, 'the third waited two turns');
    assert.equal(received.length, 3);
  });

  it('GIVEN a request Discord does not answer THEN it is aborted after the request timeout, counted from its turn', async () => {
    const gate = new WriteGate({ writesPerSecond: 2.5, clock: systemClock });
    const rest = new REST({ api, version: '10', makeRequest: budgetedMakeRequest(gate, 150), timeout: REST_TIMEOUT_MS, retries: 0 }).setToken(TOKEN);
    const started = performance.now();
    await rest.get(Routes.channel(channel(20)));
    await assert.rejects(rest.get(`/hang/${channel(21)}` as `/${string}`), { name: 'AbortError' });
    const tookMs = performance.now() - started;
    assert.ok(tookMs >= 400 + 140 && tookMs < 5000, `waited for its turn (400 ms), then 150 ms for Discord: ${Math.round(tookMs)} ms`);
    for (const response of held.splice(0)) response.destroy();
  });

  it('GIVEN a request without the bot token (an interaction callback) THEN it takes no turn', async () => {
    received.length = 0;
    const gate = new WriteGate({ writesPerSecond: 1, clock: systemClock });
    const rest = new REST({ api, version: '10', makeRequest: budgetedMakeRequest(gate), timeout: REST_TIMEOUT_MS }).setToken(TOKEN);
    await rest.get(Routes.channel(channel(30)));
    const started = performance.now();
    await rest.post(Routes.interactionCallback('100000000000000001', 'interaction-token'), { auth: false, body: { type: 5 } });
    assert.ok(performance.now() - started < 900, 'it did not wait for the next turn, a second on');
    assert.equal(received.length, 2);
  });
});
