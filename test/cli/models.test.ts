import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startAivvmFake, startH2oFake, startOpenAiFake, type AivvmFake, type H2oFake, type OpenAiFake } from '../fake-upstreams/index.ts';
import { runCli } from './run-cli.ts';

/** A local URL nothing listens on: a provider that is down (connection refused). */
async function downUrl(suffix = ''): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}${suffix}`;
}

const h2oIds = ['h2o/falcon-7b', 'h2o/falcon-40b', 'h2o/llama-13b'];

describe('cordial models, run as a real child process against providers that are down and up', () => {
  let h2o: H2oFake;
  let aivvm: AivvmFake;
  let openai: OpenAiFake;
  let down: { h2o: string; aivvm: string; openai: string };
  before(async () => {
    [h2o, aivvm, openai] = await Promise.all([startH2oFake(), startAivvmFake(), startOpenAiFake({ models: ['gpt-4o-mini'] })]);
    down = { h2o: await downUrl(), aivvm: await downUrl(), openai: await downUrl('/v1') };
  });
  after(async () => {
    await Promise.all([h2o.stop(), aivvm.stop(), openai.stop()]);
  });

  const settings = (urls: { h2o: string; aivvm: string; openai: string }) => ({
    PROVIDERS: 'h2o,aivvm,openai',
    H2O_BASE_URL: urls.h2o,
    AIVVM_BASE_URL: urls.aivvm,
    OPENAI_BASE_URL: urls.openai,
    OPENAI_MODELS: 'gpt-4o-mini',
    PROVIDER_MAX_RETRIES: '0',
  });

  it('GIVEN every provider down, static model lists included THEN each is named on stderr and the exit code is 1', async () => {
    const run = await runCli(['models'], settings(down));
    assert.equal(run.code, 1, run.stderr);
    const warnings = run.stderr.trimEnd().split('\n');
    assert.deepEqual(warnings.map((line) => /^warning: (\S+): unavailable: /.exec(line)?.[1]), ['h2o', 'aivvm', 'openai'], run.stderr);
    // the configured ids are still listed: they are what --model takes
    assert.deepEqual(run.stdout.trimEnd().split('\n').map((line) => line.split('\t')[0]).slice(0, 3), h2oIds);
  });

  it('GIVEN some providers up and one down THEN only the one down is named, and the exit code is 0', async () => {
    const run = await runCli(['models'], settings({ h2o: h2o.url, aivvm: down.aivvm, openai: openai.url }));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^warning: aivvm: unavailable: cannot reach the provider \(ECONNREFUSED\) \(its models are listed above as configured\)\n$/);
    assert.ok(h2o.requestsTo('GET', '/').length > 0, 'h2o was probed');
    assert.ok(openai.requests.some((request) => request.method === 'GET'), 'the static openai list was probed');
  });

  it('GIVEN every provider up THEN stderr is empty and the exit code is 0', async () => {
    const run = await runCli(['models'], settings({ h2o: h2o.url, aivvm: aivvm.url, openai: openai.url }));
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout.split('\n').filter((line) => line !== '').length, 3 + 8 + 1);
  });

  it('GIVEN an endpoint that discovers its models THEN its listing is the probe: named once when down, one GET /models when up', async () => {
    const downRun = await runCli(['models'], { PROVIDERS: 'ollama', OLLAMA_BASE_URL: down.openai, PROVIDER_MAX_RETRIES: '0' });
    assert.equal(downRun.code, 1);
    assert.equal(downRun.stdout, '');
    assert.match(downRun.stderr, /^warning: ollama: unavailable: cannot reach the provider \(ECONNREFUSED\)\n$/);

    const ollama = await startOpenAiFake({ variant: 'ollama', models: ['llama3.2:3b'] });
    try {
      const upRun = await runCli(['models'], { PROVIDERS: 'ollama', OLLAMA_BASE_URL: ollama.url });
      assert.equal(upRun.code, 0, upRun.stderr);
      assert.match(upRun.stdout, /^ollama\/llama3\.2:3b\t/);
      assert.deepEqual(ollama.requests.map((request) => `${request.method} ${request.path}`), ['GET /v1/models']);
    } finally {
      await ollama.stop();
    }
  });
});
