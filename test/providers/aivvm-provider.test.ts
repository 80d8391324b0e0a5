import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AIVVM_DEFAULT_PROMPT, aivvmErrors, startAivvmFake, type AivvmFake } from '../fake-upstreams/aivvm.ts';
import { notAStream } from '../fake-upstreams/scenario.ts';
import { aivvmDefaultSystemPrompt } from '../../src/providers/aivvm/aivvm-models.ts';
import { collect, harness, itReproducesUnicodeUnderEverySplit, type Harness } from './provider-harness.ts';

describe('aivvm provider against the local chatbot-ui fake', () => {
  let fake: AivvmFake;
  let subject: Harness;
  before(async () => {
    fake = await startAivvmFake();
    subject = harness({ PROVIDERS: 'aivvm', AIVVM_BASE_URL: fake.url });
  });
  after(async () => {
    await subject.registry.close();
    await fake.stop();
  });

  it('sends chatbot-ui’s whole model object, empty key, the exact default prompt and chatbot-ui’s default temperature 1', async () => {
    fake.enqueue({ text: 'GPT-4 here' });
    const start = fake.requests.length;
    const result = await collect(subject.registry, 'aivvm/gpt-4', { messages: [{ role: 'user', content: 'Hello' }] });
    assert.equal(result.text, 'GPT-4 here');
    const request = fake.requests[start];
    assert.equal(request?.path, '/api/chat');
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.deepEqual(request?.parsedBody, {
      model: { id: 'gpt-4', name: 'GPT-4', maxLength: 24000, tokenLimit: 8192 },
      messages: [{ role: 'user', content: 'Hello' }],
      key: '',
      prompt: "You are ChatGPT, a large language model trained by OpenAI. Follow the user's instructions carefully. Respond using markdown.",
      temperature: 1,
    });
    assert.equal(aivvmDefaultSystemPrompt, AIVVM_DEFAULT_PROMPT);
  });

  it('carries system messages in prompt, not in messages, and an overridden temperature', async () => {
    fake.enqueue({ text: 'ok' });
    const start = fake.requests.length;
    await collect(subject.registry, 'aivvm/gpt-3.5-turbo-16k', {
      temperature: 0.1,
      messages: [{ role: 'system', content: 'Answer in French.' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Salut' }, { role: 'user', content: 'Again' }],
    });
    const body = fake.requests[start]?.parsedBody as Record<string, unknown>;
    assert.equal(body['prompt'], 'Answer in French.');
    assert.equal(body['temperature'], 0.1);
    assert.deepEqual(body['model'], { id: 'gpt-3.5-turbo-16k', name: 'GPT-3.5-16K', maxLength: 48000, tokenLimit: 16384 });
    assert.equal('max_tokens' in body || 'max_new_tokens' in body, false, 'chatbot-ui has no answer-length field');
    assert.deepEqual(body['messages'], [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Salut' }, { role: 'user', content: 'Again' }]);
  });

  itReproducesUnicodeUnderEverySplit(() => fake, () => subject, 'aivvm/gpt-4-32k');

  it('reports chatbot-ui’s 500 "Error" by its reason phrase, as provider unavailable after retrying', async () => {
    fake.enqueue({ error: aivvmErrors.upstream() }, { error: aivvmErrors.upstream() }, { error: aivvmErrors.upstream() });
    const requestsBefore = fake.requests.length;
    const sleepsBefore = subject.sleeps.length;
    const result = await collect(subject.registry, 'aivvm/gpt-4');
    assert.equal(fake.requests.length - requestsBefore, 3, 'the first try and PROVIDER_MAX_RETRIES (2) retries');
    assert.equal(subject.sleeps.length - sleepsBefore, 2);
    assert.equal(result.error?.kind, 'unavailable');
    assert.equal(result.error?.status, 500);
    assert.equal(result.error?.upstreamMessage, 'The server had an error while processing your request. Sorry about that!');
    assert.equal(result.error?.message, 'The server had an error while processing your request. Sorry about that!', 'the reason, not "HTTP 500: Error"');
  });

  it('reports a refused key, which chatbot-ui only says in the reason phrase, as auth at once, without retrying', async () => {
    fake.enqueue({ error: aivvmErrors.invalidApiKey() }, { text: 'must not be requested' });
    const requestsBefore = fake.requests.length;
    const result = await collect(subject.registry, 'aivvm/gpt-4');
    assert.equal(fake.requests.length - requestsBefore, 1);
    assert.equal(result.error?.kind, 'auth');
    assert.equal(result.error?.retryable, false);
    assert.match(result.error?.message ?? '', /^Incorrect API key provided/);
    fake.reset();
  });

  it('maps the other OpenAI reasons chatbot-ui passes on: a missing model, a rate limit (retried)', async () => {
    fake.enqueue({ error: aivvmErrors.upstream('The model `gpt-4-32k` does not exist or you do not have access to it.') });
    const missing = await collect(subject.registry, 'aivvm/gpt-4-32k');
    assert.equal(missing.error?.kind, 'unknown-model');
    fake.enqueue({ error: aivvmErrors.rateLimited() }, { text: 'after the limit' });
    const sleepsBefore = subject.sleeps.length;
    const limited = await collect(subject.registry, 'aivvm/gpt-4');
    assert.equal(limited.text, 'after the limit');
    assert.equal(subject.sleeps.length - sleepsBefore, 1);
  });

  it('says the provider gave no reason when chatbot-ui’s 500 carries none', async () => {
    fake.enqueue({ error: aivvmErrors.internal() }, { error: aivvmErrors.internal() }, { error: aivvmErrors.internal() });
    const result = await collect(subject.registry, 'aivvm/gpt-4');
    assert.equal(result.error?.kind, 'unavailable');
    assert.equal(result.error?.message, 'the provider gave no reason');
  });

  it('treats an HTML page with status 200 (a Cloudflare challenge) as a protocol error, not as the answer', async () => {
    fake.enqueue({ error: notAStream.htmlPage() }, { text: 'must not be requested' });
    const requestsBefore = fake.requests.length;
    const result = await collect(subject.registry, 'aivvm/gpt-4');
    assert.equal(result.text, '');
    assert.equal(result.error?.kind, 'protocol');
    assert.match(result.error?.message ?? '', /answered with text\/html/);
    assert.equal(fake.requests.length - requestsBefore, 1, 'not retried');
    fake.reset();
  });

  it('treats a dropped connection after some text as cut, keeping the text', async () => {
    fake.enqueue({ text: 'Some text then the line goes dead', split: 'events', ratePerSecond: 200, dropAfterBytes: 12 });
    const result = await collect(subject.registry, 'aivvm/gpt-4');
    assert.equal(result.error?.kind, 'cut');
    assert.ok('Some text then the line goes dead'.startsWith(result.text) && result.text.length > 0);
  });

  it('refuses a model not in the table before any request', async () => {
    const start = fake.requests.length;
    assert.throws(() => subject.registry.resolve('aivvm/gpt-5'), /aivvm has no model "gpt-5"/);
    const provider = subject.registry.providers[0];
    await assert.rejects(async () => {
      for await (const part of provider!.stream({ model: 'claude', messages: [] })) void part;
    }, (error: Error & { kind?: string }) => error.kind === 'unknown-model');
    assert.equal(fake.requests.length, start);
  });
});
