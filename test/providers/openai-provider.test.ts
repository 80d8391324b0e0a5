import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openaiErrors, startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import { collect, harness, itReproducesUnicodeUnderEverySplit, type Harness } from './provider-harness.ts';

describe('openai-compatible provider against the local OpenAI fake', () => {
  let fake: OpenAiFake;
  let subject: Harness;
  before(async () => {
    fake = await startOpenAiFake({ apiKey: 'sk-test-secret-key-123456', models: ['gpt-4o-mini', 'gpt-4o'] });
    subject = harness({ PROVIDERS: 'openai', OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test-secret-key-123456', OPENAI_MODELS: 'gpt-4o-mini,gpt-4o' });
  });
  after(async () => {
    await subject.registry.close();
    await fake.stop();
  });

  itReproducesUnicodeUnderEverySplit(() => fake, () => subject, 'openai/gpt-4o-mini');

  it('sends the documented body: stream, include_usage, overridden temperature and max_tokens, bearer key', async () => {
    fake.enqueue({ text: 'ok' });
    const before = fake.requests.length;
    await collect(subject.registry, 'openai/gpt-4o', { temperature: 0.2, maxTokens: 50, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] });
    const request = fake.requests[before];
    assert.ok(request);
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.headers.authorization, 'Bearer sk-test-secret-key-123456');
    assert.deepEqual(request.parsedBody, {
      model: 'gpt-4o',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 50,
    });
  });

  it('leaves temperature to the server by default, and bounds the answer with PROVIDER_MAX_TOKENS (4096)', async () => {
    fake.enqueue({ text: 'ok' });
    const before = fake.requests.length;
    await collect(subject.registry, 'openai/gpt-4o');
    const body = fake.requests[before]?.parsedBody as Record<string, unknown>;
    assert.equal('temperature' in body, false);
    assert.equal(body['max_tokens'], 4096);
  });

  it('sends the configured PROVIDER_MAX_TOKENS, and none at all when it is 0', async () => {
    for (const [setting, expected] of [['300', 300], ['0', undefined]] as const) {
      const configured = harness({ PROVIDERS: 'openai', OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test-secret-key-123456', OPENAI_MODELS: 'gpt-4o', PROVIDER_MAX_TOKENS: setting });
      try {
        fake.enqueue({ text: 'ok' });
        const before = fake.requests.length;
        await collect(configured.registry, 'openai/gpt-4o');
        assert.equal((fake.requests[before]?.parsedBody as Record<string, unknown>)['max_tokens'], expected);
      } finally {
        await configured.registry.close();
      }
    }
  });

  it('reports the finish reason and usage', async () => {
    fake.enqueue({ text: 'cut by length', finishReason: 'length', usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 } });
    const result = await collect(subject.registry, 'openai/gpt-4o-mini');
    assert.deepEqual(result.parts.at(-1), { type: 'finish', reason: 'length', rawReason: 'length', usage: { promptTokens: 11, completionTokens: 3, totalTokens: 14 } });
  });

  it('keeps a finish reason it does not know as the raw reason, unified as other', async () => {
    fake.enqueue({ text: 'ok', finishReason: 'abort' });
    const result = await collect(subject.registry, 'openai/gpt-4o-mini');
    assert.deepEqual(result.parts.at(-1), { type: 'finish', reason: 'other', rawReason: 'abort', usage: { promptTokens: 5, completionTokens: 1, totalTokens: 6 } });
  });

  it('ignores keep-alive comments between events', async () => {
    fake.enqueue({ text: 'kept alive answer', keepAlives: true, split: 'every-byte' });
    assert.equal((await collect(subject.registry, 'openai/gpt-4o-mini')).text, 'kept alive answer');
  });

  it('treats a stream without finish_reason or [DONE] as cut, keeping the partial text', async () => {
    fake.enqueue({ text: 'partial answer', omitEnd: true });
    const result = await collect(subject.registry, 'openai/gpt-4o-mini');
    assert.equal(result.text, 'partial answer');
    assert.equal(result.error?.kind, 'cut');
  });

  it('accepts a finished stream that only lacks [DONE]', async () => {
    fake.enqueue({ text: 'finished', omitEnd: 'done' });
    const result = await collect(subject.registry, 'openai/gpt-4o-mini');
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'finished');
  });

  it('surfaces an error event in mid-stream after the text already streamed', async () => {
    fake.enqueue({ text: 'half an ans', midStreamError: { message: 'The server had an error while processing your request.' } });
    const result = await collect(subject.registry, 'openai/gpt-4o-mini');
    assert.equal(result.text, 'half an ans');
    assert.equal(result.error?.kind, 'upstream');
    assert.match(result.error?.message ?? '', /server had an error/);
  });

  it('GIVEN an event that is not a chat.completion.chunk THEN a protocol error naming the provider and the field, the text so far kept, not retried', async () => {
    const stream = (events: string[]) => ({ error: { status: 200, headers: { 'content-type': 'text/event-stream' }, body: events.map((data) => `data: ${data}\n\n`).join('') } });
    const first = '{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"So far"},"finish_reason":null}]}';
    for (const [bad, detail] of [
      ['{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":42}}]}', /\(choices\.0\.delta\.content: .*expected string/],
      ['{"id":"x","object":"chat.completion.chunk"}', /\(choices: .*expected array/],
      ['{"choices": [', /\(it is not JSON\)/],
    ] as const) {
      fake.enqueue(stream([first, bad, '[DONE]']), { text: 'must not be requested' });
      const requestsBefore = fake.requests.length;
      const result = await collect(subject.registry, 'openai/gpt-4o-mini');
      assert.equal(result.text, 'So far');
      assert.equal(result.error?.kind, 'protocol');
      assert.equal(result.error?.provider, 'openai');
      assert.match(result.error?.message ?? '', /^openai sent a stream event that is not a chat\.completion\.chunk /);
      assert.match(result.error?.message ?? '', detail);
      assert.equal(fake.requests.length - requestsBefore, 1);
      fake.reset();
    }
  });

  it('maps 401 to auth without leaking the key', async () => {
    fake.enqueue({ error: openaiErrors.invalidApiKey('sk-test-secret-key-123456') });
    const result = await collect(subject.registry, 'openai/gpt-4o-mini');
    assert.equal(result.error?.kind, 'auth');
    assert.equal(result.error?.status, 401);
    assert.equal(result.error?.retryable, false);
    assert.doesNotMatch(result.error?.message ?? '', /sk-test-secret-key-123456/);
  });

  it('maps 404 model_not_found to unknown-model with the upstream message', async () => {
    fake.enqueue({ error: openaiErrors.modelNotFound('gpt-4o') });
    const result = await collect(subject.registry, 'openai/gpt-4o');
    assert.equal(result.error?.kind, 'unknown-model');
    assert.match(result.error?.upstreamMessage ?? '', /does not exist/);
  });

  it('GIVEN a long error page THEN its message is cut at 300 characters, never between the halves of a surrogate pair', async () => {
    const page = `${'a'.repeat(299)}👋${'b'.repeat(100)}`;
    fake.enqueue({ error: { status: 400, headers: { 'content-type': 'text/plain' }, body: page } });
    const result = await collect(subject.registry, 'openai/gpt-4o-mini');
    assert.equal(result.error?.upstreamMessage, `${'a'.repeat(299)}…`);
  });

  it('retries a 429 after the retry-after it was given, then succeeds, sending the same body again', async () => {
    fake.enqueue({ error: openaiErrors.rateLimited({ retryAfterSeconds: 2 }) }, { text: 'after waiting' });
    const sleepsBefore = subject.sleeps.length;
    const result = await collect(subject.registry, 'openai/gpt-4o-mini');
    assert.equal(result.text, 'after waiting');
    assert.deepEqual(subject.sleeps.slice(sleepsBefore), [2000]);
    // the body is encoded per attempt (not kept for the answer's life): the retry's is the same
    const [first, retried] = fake.requestsTo('POST', '/v1/chat/completions').slice(-2);
    assert.ok(first !== undefined && retried !== undefined);
    assert.ok(first.body.length > 0);
    assert.equal(retried.body, first.body);
  });

  it('prefers retry-after-ms', async () => {
    fake.enqueue({ error: openaiErrors.rateLimited({ retryAfterMs: 750, retryAfterSeconds: 1 }) }, { text: 'ok' });
    const sleepsBefore = subject.sleeps.length;
    await collect(subject.registry, 'openai/gpt-4o-mini');
    assert.deepEqual(subject.sleeps.slice(sleepsBefore), [750]);
  });

  it('fails at once when retry-after is longer than anyone would wait', async () => {
    fake.enqueue({ error: openaiErrors.rateLimited({ retryAfterSeconds: 3600 }) });
    const requestsBefore = fake.requests.length;
    const result = await collect(subject.registry, 'openai/gpt-4o-mini');
    assert.equal(result.error?.kind, 'rate-limited');
    assert.equal(result.error?.retryAfterSeconds, 3600);
    assert.equal(fake.requests.length - requestsBefore, 1);
  });

  it('retries 500 with exponential back-off and gives up after the configured retries', async () => {
    fake.enqueue({ error: openaiErrors.serverError() }, { error: openaiErrors.serverError() }, { error: openaiErrors.overloaded() });
    const sleepsBefore = subject.sleeps.length;
    const result = await collect(subject.registry, 'openai/gpt-4o-mini');
    assert.equal(result.error?.kind, 'unavailable');
    assert.equal(result.error?.status, 503);
    assert.deepEqual(subject.sleeps.slice(sleepsBefore), [500, 1000]);
  });

  it('never retries once text was shown', async () => {
    fake.enqueue({ text: 'shown text that goes on for a while before the connection drops', split: 'events', ratePerSecond: 100, dropAfterBytes: 900 }, { text: 'must not be requested' });
    const requestsBefore = fake.requests.length;
    const result = await collect(subject.registry, 'openai/gpt-4o-mini');
    assert.equal(result.error?.kind, 'cut');
    assert.ok(result.text.length > 0);
    assert.equal(fake.requests.length - requestsBefore, 1);
    fake.reset();
  });

  it('lists models from config without contacting the upstream', async () => {
    const requestsBefore = fake.requests.length;
    const models = await subject.registry.providers[0]?.listModels();
    assert.deepEqual(models?.map((model) => model.id), ['openai/gpt-4o-mini', 'openai/gpt-4o']);
    assert.equal(fake.requests.length, requestsBefore);
  });

  it('rejects a model missing from the configured list before any request', async () => {
    const requestsBefore = fake.requests.length;
    assert.throws(() => subject.registry.resolve('openai/gpt-5-imaginary'), /openai has no model "gpt-5-imaginary"/);
    assert.equal(fake.requests.length, requestsBefore);
  });
});

describe('several OpenAI-compatible endpoints at once', () => {
  it('discovers models with GET /models and routes each id to its own endpoint and key', async () => {
    const openai = await startOpenAiFake({ apiKey: 'sk-first-endpoint-key', models: ['gpt-4o-mini'] });
    const ollama = await startOpenAiFake({ variant: 'ollama', models: ['llama3.2:3b', 'qwen2.5'] });
    const subject = harness({
      PROVIDERS: 'openai,ollama',
      OPENAI_BASE_URL: openai.url,
      OPENAI_API_KEY: 'sk-first-endpoint-key',
      OPENAI_MODELS: 'gpt-4o-mini',
      OLLAMA_BASE_URL: ollama.url,
      OLLAMA_CONTEXT_TOKENS: '32768',
    });
    try {
      const listings = await subject.registry.listModels();
      assert.deepEqual(listings.map((listing) => listing.models.map((model) => `${model.id}:${model.contextTokens}`)), [['openai/gpt-4o-mini:8192'], ['ollama/llama3.2:3b:32768', 'ollama/qwen2.5:32768']]);
      ollama.enqueue({ text: 'Ollama says hi, with finish on the last content chunk.' });
      const result = await collect(subject.registry, 'ollama/llama3.2:3b');
      assert.equal(result.error, undefined);
      assert.equal(result.text, 'Ollama says hi, with finish on the last content chunk.');
      assert.equal(ollama.requests.at(-1)?.headers.authorization, undefined);
      assert.throws(() => subject.registry.resolve('ollama/nope'), /ollama has no model "nope"/, 'the discovered list is trusted');
      // a model removed upstream since the list was fetched: the server's 404 speaks
      ollama.enqueue({ error: { status: 404, body: { error: { message: 'model "qwen2.5" not found, try pulling it first' } } } });
      const missing = await collect(subject.registry, 'ollama/qwen2.5');
      assert.equal(missing.error?.kind, 'unknown-model');
      assert.match(missing.error?.message ?? '', /try pulling it first/);
    } finally {
      await subject.registry.close();
      await openai.stop();
      await ollama.stop();
    }
  });

  it('reports an unreachable endpoint in the listing instead of failing the others', async () => {
    const subject = harness({ PROVIDERS: 'aivvm,local', LOCAL_BASE_URL: 'http://127.0.0.1:9/v1', PROVIDER_MAX_RETRIES: '0' });
    try {
      const listings = await subject.registry.listModels();
      assert.equal(listings[0]?.models.length, 8);
      assert.equal(listings[1]?.error?.kind, 'unavailable');
    } finally {
      await subject.registry.close();
    }
  });
});
