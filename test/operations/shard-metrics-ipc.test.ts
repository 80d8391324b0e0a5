import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { ShardingManager, type Shard } from 'discord.js';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { startHealthServer } from '../../src/operations/health-server.ts';
import { createBotMetrics, createManagerMetrics, metricsText } from '../../src/operations/metrics.ts';
import { answerMetricsRequests, collectFromShards, type ShardChannel } from '../../src/operations/shard-metrics-ipc.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/shard-child.ts', import.meta.url));
/** Long enough never to be reached by a child that answers; only a failing test waits it out. */
const PATIENT_MS = 30_000;

/** Real children under a real discord.js ShardingManager, each running the fixture. */
async function spawnShards(ids: readonly number[], options: { silent?: readonly number[] } = {}): Promise<{ shards: Shard[]; stop: () => void }> {
  const manager = new ShardingManager(FIXTURE, {
    totalShards: ids.length,
    respawn: false,
    mode: 'process',
    shardArgs: (options.silent ?? []).map((id) => `--silent-shard=${id}`),
  });
  const shards = ids.map((id) => manager.createShard(id));
  const stop = () => {
    for (const shard of shards) if (shard.process !== null) shard.kill();
  };
  try {
    await Promise.all(
      shards.map(async (shard) => {
        const listening = nextMessage(shard, (message) => (message as { fixture?: string }).fixture === 'listening');
        await shard.spawn(-1);
        await listening;
      }),
    );
  } catch (error) {
    stop();
    throw error;
  }
  return { shards, stop };
}

function nextMessage(shard: Shard, matches: (message: unknown) => boolean): Promise<unknown> {
  return new Promise((resolve) => {
    const listener = (message: unknown): void => {
      if (!matches(message)) return;
      shard.off('message', listener);
      resolve(message);
    };
    shard.on('message', listener);
  });
}

const isOperationsReply = (message: unknown): boolean => (message as { cordial?: string }).cordial === 'operations-reply';

type MetricJson = MetricObjectWithValues<MetricValue<string>>;

function valuesOf(metrics: MetricJson[], name: string): MetricValue<string>[] {
  return metrics.find((metric) => metric.name === name)?.values ?? [];
}

function valueFor(metrics: MetricJson[], name: string, labels: Record<string, string>, metricName = name): number | undefined {
  return valuesOf(metrics, name).find(
    (value) => ((value as { metricName?: string }).metricName ?? name) === metricName && Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected),
  )?.value;
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('metrics and readiness from two shard children over IPC', () => {
  let children: Awaited<ReturnType<typeof spawnShards>>;
  before(async () => {
    children = await spawnShards([0, 1]);
  });
  after(() => children.stop());

  test('GIVEN two children THEN their registries merge with distinct shard labels, nothing summed', async () => {
    const collection = await collectFromShards(children.shards, PATIENT_MS, { local: [createManagerMetrics()] });
    assert.deepEqual(collection.readiness.shards, [
      { shard: 0, gateway: 'ready', store: 'ok' },
      { shard: 1, gateway: 'ready', store: 'ok' },
    ]);
    const metrics = await collection.metrics.getMetricsAsJSON();
    assert.equal(valueFor(metrics, 'cordial_discord_writes_total', { route: 'bot', shard: '0' }), 10);
    assert.equal(valueFor(metrics, 'cordial_discord_writes_total', { route: 'bot', shard: '1' }), 11);
    assert.equal(valueFor(metrics, 'cordial_gateway_latency_seconds', { shard: '0' }), 0.04);
    assert.equal(valueFor(metrics, 'cordial_gateway_latency_seconds', { shard: '1' }), 0.041);
    assert.equal(valueFor(metrics, 'cordial_first_token_seconds', { provider: 'openai', shard: '1', le: '2' }, 'cordial_first_token_seconds_bucket'), 1);
    assert.equal(valueFor(metrics, 'cordial_first_token_seconds', { provider: 'openai', shard: '1', le: '1' }, 'cordial_first_token_seconds_bucket'), 0);
    const rss = valuesOf(metrics, 'process_resident_memory_bytes');
    assert.deepEqual(rss.map((value) => value.labels.shard ?? value.labels.process).sort(), ['0', '1', 'manager'], 'one RSS per process');
    const { body, contentType } = await metricsText(collection.metrics);
    assert.match(contentType, /^text\/plain; version=0\.0\.4/);
    assert.match(body, /^cordial_discord_writes_total\{route="bot",shard="1"\} 11$/m);
  });

  test('GIVEN two collections at once THEN each gets its own replies', async () => {
    const [first, second] = await Promise.all([collectFromShards(children.shards, PATIENT_MS), collectFromShards(children.shards, PATIENT_MS)]);
    for (const collection of [first, second]) {
      assert.deepEqual(collection.readiness.shards.map((shard) => shard.gateway), ['ready', 'ready']);
    }
  });

  test('GIVEN a shard the host should run but has not spawned THEN it is not-spawned', async () => {
    const collection = await collectFromShards(children.shards, PATIENT_MS, { expectedShardIds: [0, 1, 2] });
    assert.deepEqual(collection.readiness.shards[2], { shard: 2, gateway: 'not-spawned', store: 'unknown' });
  });
});

test('GIVEN a silent child THEN /readyz is 503 once the timeout passes, naming it, with the other shard ready', async () => {
  const children = await spawnShards([0, 1], { silent: [1] });
  const clock = new ManualClock();
  const server = await startHealthServer({
    port: 0,
    host: '127.0.0.1',
    ready: async () => (await collectFromShards(children.shards, 750, { clock })).readiness,
    metrics: async () => metricsText((await collectFromShards(children.shards, 750, { clock })).metrics),
  });
  try {
    const shardZeroAnswered = nextMessage(children.shards[0]!, isOperationsReply);
    const answer = get(server.port, '/readyz');
    await shardZeroAnswered;
    await clock.advance(750);
    const { status, body } = await answer;
    assert.equal(status, 503);
    assert.deepEqual(JSON.parse(body), {
      ready: false,
      shards: [
        { shard: 0, gateway: 'ready', store: 'ok' },
        { shard: 1, gateway: 'no-answer', store: 'unknown' },
      ],
    });
    const shardZeroAgain = nextMessage(children.shards[0]!, isOperationsReply);
    const scrape = get(server.port, '/metrics');
    await shardZeroAgain;
    await clock.advance(750);
    const metrics = await scrape;
    assert.equal(metrics.status, 200, 'the metrics of those that answered');
    assert.match(metrics.body, /shard="0"/);
    assert.doesNotMatch(metrics.body, /shard="1"/);
  } finally {
    await server.close();
    children.stop();
  }
});

// the test's timeout fails it if the collection waited for the deadline instead
test('GIVEN a dead child THEN it shows as not ready at once, without waiting for the deadline', { timeout: 10_000 }, async () => {
  const children = await spawnShards([0, 1]);
  try {
    children.shards[1]!.kill();
    const collection = await collectFromShards(children.shards, 60_000);
    assert.deepEqual(collection.readiness.shards, [
      { shard: 0, gateway: 'ready', store: 'ok' },
      { shard: 1, gateway: 'no-answer', store: 'unknown' },
    ]);
    const writes = valuesOf(await collection.metrics.getMetricsAsJSON(), 'cordial_discord_writes_total');
    assert.deepEqual([...new Set(writes.map((value) => value.labels.shard))], ['0']);
  } finally {
    children.stop();
  }
});

/** A child and a manager in one process: two emitters standing for the two ends of the channel. */
function inProcessPair(shardId: number): { parent: EventEmitter & { send: (message: unknown) => boolean }; shard: ShardChannel } {
  const toManager = new EventEmitter();
  const parent = Object.assign(new EventEmitter(), {
    send: (message: unknown) => {
      queueMicrotask(() => toManager.emit('message', structuredClone(message)));
      return true;
    },
  });
  const shard: ShardChannel = {
    id: shardId,
    send: async (message) => void parent.emit('message', structuredClone(message)),
    on: (event, listener) => toManager.on(event, listener),
    off: (event, listener) => toManager.off(event, listener),
  };
  return { parent, shard };
}

test('GIVEN a child whose readiness check fails THEN it still answers with its metrics, and its shard is unknown', async () => {
  const { parent, shard } = inProcessPair(4);
  const metrics = createBotMetrics({ shardId: 4, processMetrics: false });
  answerMetricsRequests(parent, { metrics: metrics.registry, ready: () => Promise.reject(new Error('boom')) });
  const collection = await collectFromShards([shard], PATIENT_MS);
  assert.deepEqual(collection.readiness.shards, [{ shard: 4, gateway: 'unknown', store: 'unknown' }]);
  assert.equal(valueFor(await collection.metrics.getMetricsAsJSON(), 'cordial_discord_writes_total', { route: 'bot', shard: '4' }), 0);
});

test('GIVEN other messages on the channel, and a stop THEN only operations requests are answered, until stopped', async () => {
  const { parent } = inProcessPair(0);
  const sent: unknown[] = [];
  parent.send = (message) => sent.push(message) > 0;
  const stop = answerMetricsRequests(parent, { metrics: createBotMetrics({ processMetrics: false }).registry, ready: async () => ({ shards: [] }) });
  parent.emit('message', { _eval: 'this.guilds.cache.size' });
  parent.emit('message', { cordial: 'operations-request' });
  parent.emit('message', { cordial: 'operations-request', id: 'r1' });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    sent.map((reply) => (reply as { id: string }).id),
    ['r1'],
    'discord.js’s own messages and malformed requests are left alone',
  );
  stop();
  parent.emit('message', { cordial: 'operations-request', id: 'r2' });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(sent.length, 1, 'not answered once stopped');
  const withoutIpc = new EventEmitter();
  answerMetricsRequests(withoutIpc, { metrics: createBotMetrics({ processMetrics: false }).registry, ready: async () => ({ shards: [] }) });
  assert.equal(withoutIpc.listenerCount('message'), 0, 'a process not forked has nobody to answer');
});
