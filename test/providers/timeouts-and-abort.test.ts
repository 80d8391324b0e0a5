import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import { startH2oFake } from '../fake-upstreams/h2o.ts';
import { collect, harness, type Harness } from './provider-harness.ts';

// Stalls are indefinite, so a short real timeout fires deterministically: nothing races it.
describe('timeouts, aborts and unreachable upstreams', () => {
  let fake: OpenAiFake;
  let subject: Harness;
  before(async () => {
    fake = await startOpenAiFake({ models: ['m'] });
    subject = harness({ PROVIDERS: 'openai', OPENAI_BASE_URL: fake.url, OPENAI_MODELS: 'm', PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '300', PROVIDER_IDLE_TIMEOUT_MS: '200', PROVIDER_MAX_RETRIES: '0' });
  });
  after(async () => {
    await subject.registry.close();
    await fake.stop();
  });

  it('fails with a timeout when the stream stalls after some text, keeping that text', async () => {
    fake.enqueue({ text: 'Words arrive and then nothing more ever comes', split: 'events', ratePerSecond: 1000, stallAfterBytes: 1000 });
    const result = await collect(subject.registry, 'openai/m');
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error?.message ?? '', /stalled for 0\.2 s/);
    assert.ok(result.text.length > 0);
    await fake.waitForConnectionsClosed();
  });

  it('fails with a timeout when no answer starts in time', async () => {
    fake.enqueue({ stallBeforeHeaders: true });
    const result = await collect(subject.registry, 'openai/m');
    assert.equal(result.error?.kind, 'timeout');
    assert.equal(result.text, '');
    await fake.waitForConnectionsClosed();
  });

  it('abort mid-stream ends the stream as aborted and closes the upstream socket', async () => {
    fake.enqueue({ text: 'one two three four five six seven eight nine ten eleven twelve', split: 'events', ratePerSecond: 20 });
    const controller = new AbortController();
    const resolved = subject.registry.resolve('openai/m');
    let text = '';
    await assert.rejects(async () => {
      for await (const part of resolved.provider.stream({ model: 'm', messages: [{ role: 'user', content: 'count' }], signal: controller.signal })) {
        if (part.type === 'text-delta') text += part.text;
        if (text.includes('two')) controller.abort();
      }
    }, (error: Error & { kind?: string }) => error.kind === 'aborted');
    assert.ok(text.startsWith('one two'));
    const request = fake.requests.at(-1);
    assert.ok(request);
    await fake.waitFor(() => fake.connectionClosed(request.connectionId));
    assert.equal(fake.openConnections, 0);
  });

  it('abort during an h2o answer still deletes the conversation', async () => {
    const h2o = await startH2oFake();
    const h2oSubject = harness({ PROVIDERS: 'h2o', H2O_BASE_URL: h2o.url });
    try {
      h2o.enqueue({ text: 'a b c d e f g h i j k l m n o p', split: 'events', ratePerSecond: 20 });
      const controller = new AbortController();
      const resolved = h2oSubject.registry.resolve('h2o/falcon-7b');
      await assert.rejects(async () => {
        for await (const part of resolved.provider.stream({ model: 'falcon-7b', messages: [{ role: 'user', content: 'x' }], signal: controller.signal })) {
          if (part.type === 'text-delta') controller.abort();
        }
      }, (error: Error & { kind?: string }) => error.kind === 'aborted');
      const stream = h2o.requests.find((request) => request.method === 'POST' && request.path.startsWith('/conversation/'));
      assert.ok(stream);
      await h2o.waitFor(() => h2o.connectionClosed(stream.connectionId));
      await h2o.waitFor(() => h2o.requests.some((request) => request.method === 'DELETE'));
    } finally {
      await h2oSubject.registry.close();
      await h2o.stop();
    }
  });

  it('reports a refused connection as the provider being unreachable', async () => {
    const offline = harness({ PROVIDERS: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODELS: 'm', PROVIDER_MAX_RETRIES: '1' });
    try {
      const result = await collect(offline.registry, 'openai/m');
      assert.equal(result.error?.kind, 'unavailable');
      assert.equal(result.error?.retryable, true);
      assert.deepEqual(offline.sleeps, [500], 'retried once after back-off');
    } finally {
      await offline.registry.close();
    }
  });
});
