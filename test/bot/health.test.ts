/**
 * One bot process with HEALTH_PORT, end to end: /healthz, /readyz once its gateway is connected
 * and the store answers, and /metrics counting what an /ask did (an answer, its first token and
 * first text, its writes, its store calls) — the wiring of main.ts, not only the modules.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contentOf, startWorld, type World } from './bot-harness.ts';

describe('health and metrics of one process, end to end', () => {
  let world: World;
  let base: string;

  before(async () => {
    world = await startWorld({ env: { HEALTH_PORT: '0' } });
    const line = await world.bot.waitForLog((text) => text.includes('serving /healthz'));
    base = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`;
  });
  after(() => world.close());

  it('GIVEN the bot online THEN it is alive and ready: its one shard connected, the store reachable', async () => {
    const alive = await fetch(`${base}/healthz`);
    assert.equal(alive.status, 200);
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { ready: true, shards: [{ shard: 0, gateway: 'ready', store: 'ok' }] });
  });

  it('GIVEN an /ask answered THEN /metrics has counted its answer, first token, first text, writes and store calls', async () => {
    world.upstream.enqueue({ text: 'Rayleigh scattering.', ratePerSecond: 200 });
    world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Why is the sky blue?' } });
    const thread = await world.discord.waitForThread({ name: 'Why is the sky blue?' });
    assert.equal(contentOf(world.discord.message(thread.id)), 'Rayleigh scattering.');
    const response = await fetch(`${base}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.match(text, /^cordial_first_token_seconds_count\{provider="openai"\} 1$/m);
    assert.match(text, /^cordial_first_visible_text_seconds_count\{trigger="ask"\} 1$/m);
    assert.match(text, /^cordial_answers_in_flight 0$/m);
    assert.match(text, /^cordial_discord_writes_total\{route="webhook"\} [1-9]\d*$/m, 'the reply is written through the interaction webhook');
    assert.match(text, /^cordial_discord_writes_total\{route="bot"\} [1-9]\d*$/m, 'the thread is opened with the bot token');
    assert.match(text, /^cordial_store_call_seconds_count\{method="saveThread"\} 1$/m);
    assert.match(text, /^cordial_gateway_ready\{shard="0"\} 1$/m);
    assert.match(text, /^process_resident_memory_bytes \d+/m);
  });
});
