import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { startHealthServer, type HealthServer } from '../../src/operations/health-server.ts';
import { createBotMetrics, metricsText } from '../../src/operations/metrics.ts';
import type { ReadinessReport } from '../../src/operations/readiness.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One real HTTP request to the server, on a fresh connection. */
function call(port: number, method: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the health server over real HTTP', () => {
  const metrics = createBotMetrics({ shardId: 0 });
  let report: ReadinessReport = { shards: [{ shard: 0, gateway: 'ready', store: 'ok' }] };
  let readyFails = false;
  let metricsFail = false;
  let server: HealthServer;

  before(async () => {
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      ready: async () => {
        if (readyFails) throw new Error('connect ECONNREFUSED 10.1.2.3:5432');
        return report;
      },
      metrics: async () => {
        if (metricsFail) throw new Error('registry broke');
        return metricsText(metrics.registry);
      },
    });
  });
  after(() => server.close());

  test('GIVEN port 0 THEN the bound port is given', () => {
    assert.ok(server.port > 0);
  });

  test('GIVEN the process runs THEN /healthz is 200 "ok"', async () => {
    const answer = await call(server.port, 'GET', '/healthz');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, 'ok');
    assert.match(String(answer.headers['content-type']), /^text\/plain/);
  });

  test('GIVEN every shard ready and the store answering THEN /readyz is 200 with the shards as JSON', async () => {
    report = { shards: [{ shard: 0, gateway: 'ready', store: 'ok' }, { shard: 1, gateway: 'ready', store: 'ok' }] };
    const answer = await call(server.port, 'GET', '/readyz');
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(answer.body), { ready: true, shards: report.shards });
  });

  test('GIVEN a shard connecting, or the store unreachable THEN /readyz is 503 and says which', async () => {
    report = { shards: [{ shard: 0, gateway: 'ready', store: 'ok' }, { shard: 1, gateway: 'connecting', store: 'ok' }] };
    let answer = await call(server.port, 'GET', '/readyz');
    assert.equal(answer.status, 503);
    assert.deepEqual(JSON.parse(answer.body).shards[1], { shard: 1, gateway: 'connecting', store: 'ok' });
    report = { shards: [{ shard: 0, gateway: 'ready', store: 'unreachable' }] };
    answer = await call(server.port, 'GET', '/readyz');
    assert.equal(answer.status, 503);
    assert.equal(JSON.parse(answer.body).ready, false);
  });

  test('GIVEN the readiness check throws THEN /readyz is 503, without the error’s details', async () => {
    readyFails = true;
    try {
      const answer = await call(server.port, 'GET', '/readyz');
      assert.equal(answer.status, 503);
      assert.doesNotMatch(answer.body, /10\.1\.2\.3|ECONNREFUSED/);
    } finally {
      readyFails = false;
    }
  });

  test('GIVEN /metrics THEN Prometheus text in version 0.0.4 with the bot’s metrics and RSS', async () => {
    metrics.discordWrites.inc({ route: 'bot' });
    const answer = await call(server.port, 'GET', '/metrics?debug=1');
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.match(answer.body, /^cordial_discord_writes_total\{route="bot",shard="0"\} 1$/m);
    assert.match(answer.body, /^process_resident_memory_bytes\{shard="0"\} \d+/m);
  });

  test('GIVEN the metrics fail THEN /metrics is 500', async () => {
    metricsFail = true;
    try {
      assert.equal((await call(server.port, 'GET', '/metrics')).status, 500);
    } finally {
      metricsFail = false;
    }
  });

  test('GIVEN HEAD THEN the status of GET without a body', async () => {
    const answer = await call(server.port, 'HEAD', '/healthz');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, '');
  });

  test('GIVEN another path THEN 404; GIVEN another method THEN 405 naming the allowed ones', async () => {
    assert.equal((await call(server.port, 'GET', '/')).status, 404);
    assert.equal((await call(server.port, 'GET', '/metrics/extra')).status, 404);
    const answer = await call(server.port, 'POST', '/readyz');
    assert.equal(answer.status, 405);
    assert.equal(answer.headers['allow'], 'GET, HEAD');
  });
});

test('GIVEN a port in use THEN starting rejects; GIVEN close THEN the port is free again', async () => {
  const first = await startHealthServer({ port: 0, host: '127.0.0.1', ready: async () => ({ shards: [] }), metrics: async () => ({ contentType: 'text/plain', body: '' }) });
  const options = { port: first.port, host: '127.0.0.1', ready: async () => ({ shards: [] }), metrics: async () => ({ contentType: 'text/plain', body: '' }) };
  await assert.rejects(startHealthServer(options), { code: 'EADDRINUSE' });
  assert.equal((await call(first.port, 'GET', '/readyz')).status, 503, 'no shards: not ready');
  await first.close();
  const second = await startHealthServer(options);
  await second.close();
});

test('GIVEN a scraper’s idle keep-alive connection THEN close does not wait for it', { timeout: 10_000 }, async () => {
  const server = await startHealthServer({ port: 0, host: '127.0.0.1', ready: async () => ({ shards: [] }), metrics: async () => ({ contentType: 'text/plain', body: '' }) });
  const agent = new Agent({ keepAlive: true });
  try {
    await new Promise<void>((resolve, reject) => {
      request({ host: '127.0.0.1', port: server.port, path: '/healthz', agent }, (response) => {
        response.resume();
        response.on('end', resolve);
      })
        .on('error', reject)
        .end();
    });
    await server.close();
  } finally {
    agent.destroy();
  }
});
