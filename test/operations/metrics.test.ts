import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBotMetrics, createManagerMetrics, metricsText, PROVIDER_ERROR_KINDS } from '../../src/operations/metrics.ts';

/** The value of the series of `name` whose labels include every one of `labels`, from the exposition text. */
function sampleOf(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const present = new Map([...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => present.get(key) === value)) return Number(match[3]);
  }
  return undefined;
}

test('GIVEN observations THEN each metric shows under its cordial_ name, with its unit and labels', async () => {
  const metrics = createBotMetrics({ processMetrics: false });
  metrics.answersInFlight.inc();
  metrics.answersInFlight.inc();
  metrics.answersInFlight.dec();
  metrics.firstToken.observe({ provider: 'openai' }, 0.7);
  metrics.firstVisibleText.observe({ trigger: 'ask' }, 1.2);
  metrics.discordWrites.inc({ route: 'webhook' });
  metrics.discordRateLimited.inc({ scope: 'shared' });
  metrics.providerErrors.inc({ provider: 'openai', kind: 'timeout' });
  metrics.storeCall.observe({ method: 'getThread' }, 0.0004);
  const { body, contentType } = await metricsText(metrics.registry);
  assert.match(contentType, /^text\/plain; version=0\.0\.4/);
  assert.equal(sampleOf(body, 'cordial_answers_in_flight', {}), 1);
  assert.equal(sampleOf(body, 'cordial_first_token_seconds_bucket', { provider: 'openai', le: '0.5' }), 0);
  assert.equal(sampleOf(body, 'cordial_first_token_seconds_bucket', { provider: 'openai', le: '1' }), 1);
  assert.equal(sampleOf(body, 'cordial_first_token_seconds_sum', { provider: 'openai' }), 0.7);
  assert.equal(sampleOf(body, 'cordial_first_visible_text_seconds_count', { trigger: 'ask' }), 1);
  assert.equal(sampleOf(body, 'cordial_discord_writes_total', { route: 'webhook' }), 1);
  assert.equal(sampleOf(body, 'cordial_discord_rate_limited_total', { scope: 'shared' }), 1);
  assert.equal(sampleOf(body, 'cordial_provider_errors_total', { provider: 'openai', kind: 'timeout' }), 1);
  assert.equal(sampleOf(body, 'cordial_store_call_seconds_bucket', { method: 'getThread', le: '0.0005' }), 1);
  assert.equal(sampleOf(body, 'cordial_store_call_seconds_bucket', { method: 'getThread', le: '0.00025' }), 0);
  for (const line of body.split('\n').filter((line) => line.startsWith('# TYPE'))) assert.match(line, /^# TYPE cordial_/);
});

test('GIVEN the first-token buckets THEN they span 0.1 s to 60 s', async () => {
  const metrics = createBotMetrics({ processMetrics: false });
  metrics.firstToken.observe({ provider: 'h2o' }, 61);
  const body = (await metricsText(metrics.registry)).body;
  const bounds = [...body.matchAll(/cordial_first_token_seconds_bucket\{le="([^"]+)"/g)].map((match) => match[1]);
  assert.equal(bounds[0], '0.1');
  assert.equal(bounds.at(-2), '60');
  assert.equal(bounds.at(-1), '+Inf');
  assert.equal(sampleOf(body, 'cordial_first_token_seconds_bucket', { le: '60' }), 0, 'past the first-token timeout');
});

test('GIVEN a shard id THEN every series carries it, process metrics included', async () => {
  const metrics = createBotMetrics({ shardId: 3 });
  metrics.discordWrites.inc({ route: 'bot' }, 2);
  const body = (await metricsText(metrics.registry)).body;
  assert.equal(sampleOf(body, 'cordial_discord_writes_total', { route: 'bot', shard: '3' }), 2);
  assert.ok((sampleOf(body, 'process_resident_memory_bytes', { shard: '3' }) ?? 0) > 0, 'RSS, from collectDefaultMetrics');
  const series = body.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  assert.ok(series.length > 20);
  for (const line of series) assert.match(line, /shard="3"/, line);
});

test('GIVEN no observation yet THEN bounded series exist at 0, provider errors for the providers named', async () => {
  const metrics = createBotMetrics({ processMetrics: false, providers: ['openai', 'h2o'] });
  const body = (await metricsText(metrics.registry)).body;
  for (const route of ['bot', 'webhook']) assert.equal(sampleOf(body, 'cordial_discord_writes_total', { route }), 0);
  for (const scope of ['user', 'global', 'shared', 'unknown']) assert.equal(sampleOf(body, 'cordial_discord_rate_limited_total', { scope }), 0);
  for (const kind of PROVIDER_ERROR_KINDS) assert.equal(sampleOf(body, 'cordial_provider_errors_total', { provider: 'h2o', kind }), 0);
  assert.equal(PROVIDER_ERROR_KINDS.length, 11);
});

test('GIVEN a gateway source THEN each scrape reads it: ready, status code and latency per shard', async () => {
  const metrics = createBotMetrics({ processMetrics: false });
  let samples = [
    { shard: 0, status: 0, pingMs: 42 },
    { shard: 1, status: 8, pingMs: -1 },
  ];
  metrics.watchGateway(() => samples);
  let body = (await metricsText(metrics.registry)).body;
  assert.equal(sampleOf(body, 'cordial_gateway_ready', { shard: '0' }), 1);
  assert.equal(sampleOf(body, 'cordial_gateway_status', { shard: '0' }), 0);
  assert.equal(sampleOf(body, 'cordial_gateway_latency_seconds', { shard: '0' }), 0.042);
  assert.equal(sampleOf(body, 'cordial_gateway_ready', { shard: '1' }), 0);
  assert.equal(sampleOf(body, 'cordial_gateway_status', { shard: '1' }), 8, 'resuming');
  assert.equal(sampleOf(body, 'cordial_gateway_latency_seconds', { shard: '1' }), undefined, 'no heartbeat acknowledged yet');
  samples = [{ shard: 1, status: 0, pingMs: 50 }];
  body = (await metricsText(metrics.registry)).body;
  assert.equal(sampleOf(body, 'cordial_gateway_ready', { shard: '1' }), 1);
  assert.equal(sampleOf(body, 'cordial_gateway_ready', { shard: '0' }), undefined, 'a shard gone is no longer reported');
});

test('GIVEN no gateway source THEN the gateway gauges have no series', async () => {
  const body = (await metricsText(createBotMetrics({ processMetrics: false }).registry)).body;
  assert.match(body, /# TYPE cordial_gateway_ready gauge/);
  assert.equal(sampleOf(body, 'cordial_gateway_ready', {}), undefined);
});

test('GIVEN the manager registry THEN it holds process metrics labelled process="manager"', async () => {
  const body = (await metricsText(createManagerMetrics())).body;
  assert.ok((sampleOf(body, 'process_resident_memory_bytes', { process: 'manager' }) ?? 0) > 0);
  assert.doesNotMatch(body, /cordial_/);
});
