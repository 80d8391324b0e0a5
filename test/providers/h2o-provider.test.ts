import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { END_OF_TEXT, h2oErrors, startH2oFake, type H2oFake } from '../fake-upstreams/h2o.ts';
import { collect, harness, itReproducesUnicodeUnderEverySplit, type Harness } from './provider-harness.ts';

describe('h2o provider against the local chat-ui fake', () => {
  let fake: H2oFake;
  let subject: Harness;
  before(async () => {
    fake = await startH2oFake();
    subject = harness({ PROVIDERS: 'h2o', H2O_BASE_URL: fake.url });
  });
  after(async () => {
    await subject.registry.close();
    await fake.stop();
  });

  const sinceIndex = (start: number) => fake.requests.slice(start).map((request) => `${request.method} ${request.path.replace(/[0-9a-f]{24}/, '<id>')}`);

  it('runs the whole chat-ui session: cookie, settings, conversation, stream, delete', async () => {
    const start = fake.requests.length;
    fake.enqueue({ text: 'Falcon here.' });
    const result = await collect(subject.registry, 'h2o/falcon-40b', { messages: [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: 'Who are you?' }] });
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'Falcon here.');
    assert.deepEqual(sinceIndex(start), ['GET /', 'POST /settings', 'POST /conversation', 'POST /conversation/<id>', 'DELETE /conversation/<id>']);
    const [home, settings, conversation, answer, removal] = fake.requests.slice(start);
    assert.equal(home?.headers.cookie, undefined);
    for (const request of [settings, conversation, answer, removal]) assert.match(String(request?.headers.cookie), /hf-chat=/);
    assert.deepEqual(settings?.parsedBody, {
      ethicsModalAccepted: 'true',
      shareConversationsWithModelAuthors: 'true',
      ethicsModalAcceptedAt: '',
      activeModel: 'h2oai/h2ogpt-gm-oasst1-en-2048-falcon-40b-v1',
      searchEnabled: 'true',
    });
    assert.equal(settings?.headers.referer, `${fake.url}/`);
    assert.deepEqual(conversation?.parsedBody, { model: 'h2oai/h2ogpt-gm-oasst1-en-2048-falcon-40b-v1' });
    const body = answer?.parsedBody as { inputs: string; parameters: unknown; stream: boolean; options: Record<string, unknown> };
    assert.equal(body.inputs, 'system: Be kind.\nuser: Who are you?\nassistant:');
    assert.deepEqual(body.parameters, { temperature: 0.4, truncate: 2048, max_new_tokens: 1024, do_sample: true, repetition_penalty: 1.2, return_full_text: false });
    assert.equal(body.stream, true);
    assert.match(String(body.options['id']), /^[0-9a-f-]{36}$/);
    assert.deepEqual({ ...body.options, id: 'x', response_id: 'x' }, { id: 'x', response_id: 'x', is_retry: false, use_cache: false, web_search_id: '' });
  });

  it('passes overridden temperature and max_new_tokens, and maps each short id to its upstream id', async () => {
    const start = fake.requests.length;
    fake.enqueue({ text: 'ok' });
    await collect(subject.registry, 'h2o/llama-13b', { temperature: 0.9, maxTokens: 200 });
    const answer = fake.requests.slice(start).find((request) => request.method === 'POST' && request.path.startsWith('/conversation/'));
    const parameters = (answer?.parsedBody as { parameters: Record<string, unknown> }).parameters;
    assert.equal(parameters['temperature'], 0.9);
    assert.equal(parameters['max_new_tokens'], 200);
    assert.deepEqual(fake.requests[start + 2]?.parsedBody, { model: 'h2oai/h2ogpt-gm-oasst1-en-2048-open-llama-13b' });
  });

  it('takes max_new_tokens from PROVIDER_MAX_TOKENS, never above its 2048-token models’ 1024, unless the request sets it', async () => {
    const sent = async (env: Record<string, string>, maxTokens?: number) => {
      const configured = harness({ PROVIDERS: 'h2o', H2O_BASE_URL: fake.url, ...env });
      try {
        fake.enqueue({ text: 'ok' });
        const start = fake.requests.length;
        await collect(configured.registry, 'h2o/falcon-7b', maxTokens === undefined ? {} : { maxTokens });
        const answer = fake.requests.slice(start).find((request) => request.method === 'POST' && request.path.startsWith('/conversation/'));
        return (answer?.parsedBody as { parameters: Record<string, unknown> }).parameters['max_new_tokens'];
      } finally {
        await configured.registry.close();
      }
    };
    assert.equal(await sent({}), 1024, 'the default 4096 is more than the models hold');
    assert.equal(await sent({ PROVIDER_MAX_TOKENS: '300' }), 300);
    assert.equal(await sent({ PROVIDER_MAX_TOKENS: '0' }), 1024, 'no bound configured: the original client’s value');
    assert.equal(await sent({ PROVIDER_MAX_TOKENS: '300' }, 1500), 1500, 'the request’s own bound wins');
  });

  itReproducesUnicodeUnderEverySplit(() => fake, () => subject, 'h2o/falcon-7b');

  it('skips special tokens and keep-alive comments', async () => {
    fake.enqueue({ text: 'Only visible words', specialTokens: [{ at: 0, text: '<s>' }, { at: 2, text: '<|prompter|>' }], keepAlives: true, split: { every: 3 } });
    assert.equal((await collect(subject.registry, 'h2o/falcon-7b')).text, 'Only visible words');
  });

  it('stops at <|endoftext|> sent as ordinary text and never shows the tokens after it', async () => {
    fake.enqueue({ text: 'The answer.', endOfText: 'text', tokensAfterEndOfText: [' user:', ' and', ' more'] });
    const result = await collect(subject.registry, 'h2o/falcon-7b');
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'The answer.');
    assert.doesNotMatch(result.text, new RegExp(END_OF_TEXT.replace(/[|]/g, '\\|')));
  });

  it('stops at a special <|endoftext|> too, and does not repeat generated_text', async () => {
    fake.enqueue({ text: 'Short one.', endOfText: 'special', tokensAfterEndOfText: ['garbage'] });
    const result = await collect(subject.registry, 'h2o/falcon-7b');
    assert.equal(result.text, 'Short one.');
  });

  it('ends on the final generated_text event with its finish reason, TGI’s own word for it, and its token count', async () => {
    fake.enqueue({ text: 'Ran out of tokens', endOfText: 'none', finishReason: 'length' });
    const result = await collect(subject.registry, 'h2o/falcon-7b');
    assert.equal(result.text, 'Ran out of tokens');
    assert.deepEqual(result.parts.at(-1), { type: 'finish', reason: 'length', rawReason: 'length', usage: { completionTokens: 4 } });
  });

  it('GIVEN <|endoftext|> on the final event with details THEN the finish carries eos_token as the raw reason', async () => {
    fake.enqueue({ text: 'Done.', finishReason: 'eos_token' });
    const result = await collect(subject.registry, 'h2o/falcon-7b');
    assert.equal(result.text, 'Done.');
    assert.deepEqual(result.parts.at(-1), { type: 'finish', reason: 'stop', rawReason: 'eos_token', usage: { completionTokens: 2 } });
  });

  it('GIVEN an event that is not TGI’s THEN a protocol error naming the provider, the text so far kept, the conversation deleted', async () => {
    const start = fake.requests.length;
    fake.failNext({ method: 'POST', path: '/conversation/*', error: { status: 200, headers: { 'content-type': 'text/event-stream' }, body: 'data:{"token":{"id":1,"text":"Hi","special":false},"generated_text":null,"details":null}\n\ndata:{"token":{"id":2,"text":7}}\n\n' } });
    const result = await collect(subject.registry, 'h2o/falcon-7b');
    assert.equal(result.text, 'Hi');
    assert.equal(result.error?.kind, 'protocol');
    assert.equal(result.error?.provider, 'h2o');
    assert.match(result.error?.message ?? '', /^h2o sent a stream event that is not a TGI stream event \(/);
    assert.equal(result.error?.retryable, false);
    assert.equal(sinceIndex(start).at(-1), 'DELETE /conversation/<id>');
  });

  it('reports an error event mid-stream, keeps the text, and still deletes the conversation', async () => {
    const start = fake.requests.length;
    fake.enqueue({ text: 'Partial', midStreamError: { message: 'Request failed during generation: CUDA out of memory', type: 'generation' } });
    const result = await collect(subject.registry, 'h2o/falcon-7b');
    assert.equal(result.text, 'Partial');
    assert.equal(result.error?.kind, 'upstream');
    assert.match(result.error?.message ?? '', /CUDA out of memory/);
    assert.equal(sinceIndex(start).at(-1), 'DELETE /conversation/<id>');
  });

  it('GIVEN an overloaded error (retryable) mid-answer after text THEN it is not retried: a retry would repeat the text already shown', async () => {
    const answersBefore = fake.requestsTo('POST', '/conversation').length;
    fake.enqueue({ text: 'Half an answer', midStreamError: { message: 'Model is overloaded', type: 'overloaded' } }, { text: 'A second answer' });
    const result = await collect(subject.registry, 'h2o/falcon-7b');
    assert.equal(result.text, 'Half an answer');
    assert.equal(result.error?.kind, 'unavailable');
    assert.equal(result.error?.retryable, true, 'retryable in itself: only the text already given out stops the retry');
    assert.equal(fake.requestsTo('POST', '/conversation').length - answersBefore, 1, 'one attempt');
    fake.setScript([]);
  });

  it('treats a stream with neither <|endoftext|> nor a final event as cut', async () => {
    fake.enqueue({ text: 'Never finished', omitEnd: true });
    const result = await collect(subject.registry, 'h2o/falcon-7b');
    assert.equal(result.text, 'Never finished');
    assert.equal(result.error?.kind, 'cut');
  });

  it('maps chat-ui errors: 429 is retried after back-off, 410 is an unknown model, 500 gives up after retries', async () => {
    fake.failNext({ method: 'POST', path: '/conversation', error: h2oErrors.tooManyMessages() });
    fake.enqueue({ text: 'second time lucky' });
    const sleepsBefore = subject.sleeps.length;
    const retried = await collect(subject.registry, 'h2o/falcon-7b');
    assert.equal(retried.text, 'second time lucky');
    assert.equal(subject.sleeps.length - sleepsBefore, 1, 'one back-off before the retry');
    assert.ok(subject.sleeps.at(-1)! > 0);

    fake.failNext({ method: 'POST', path: '/conversation', error: h2oErrors.modelGone() });
    const gone = await collect(subject.registry, 'h2o/falcon-7b');
    assert.equal(gone.error?.kind, 'unknown-model');
    assert.equal(gone.error?.upstreamMessage, 'Model not available anymore');

    fake.failNext({ method: 'POST', path: '/conversation/*', error: h2oErrors.serverError(), times: 3 });
    const start = fake.requests.length;
    const sleepsBeforeDown = subject.sleeps.length;
    const down = await collect(subject.registry, 'h2o/falcon-7b');
    assert.equal(subject.sleeps.length - sleepsBeforeDown, 2, 'PROVIDER_MAX_RETRIES (2) back-offs, then it gives up');
    assert.equal(down.error?.kind, 'unavailable');
    assert.equal(down.error?.status, 500);
    assert.equal(sinceIndex(start).filter((line) => line === 'DELETE /conversation/<id>').length, 3, 'each failed attempt deletes its conversation');
  });

  it('maps 401 to auth and 422 to bad-request without retrying', async () => {
    fake.failNext({ method: 'GET', path: '/', error: h2oErrors.unauthorized() });
    assert.equal((await collect(subject.registry, 'h2o/falcon-7b')).error?.kind, 'auth');
    fake.failNext({ method: 'POST', path: '/conversation/*', error: h2oErrors.validation() });
    const start = fake.requests.length;
    const invalid = await collect(subject.registry, 'h2o/falcon-7b');
    assert.equal(invalid.error?.kind, 'bad-request');
    assert.equal(sinceIndex(start).filter((line) => line.startsWith('POST /conversation/')).length, 1);
  });

  it('refuses an unknown model before any request', async () => {
    const start = fake.requests.length;
    assert.throws(() => subject.registry.resolve('h2o/gpt-4'), /h2o has no model "gpt-4"/);
    const provider = subject.registry.providers[0];
    await assert.rejects(async () => {
      for await (const part of provider!.stream({ model: 'gpt-4', messages: [] })) void part;
    }, /h2o has no model/);
    // names every object has are not models either
    assert.throws(() => subject.registry.resolve('h2o/constructor'), /h2o has no model "constructor"/);
    assert.equal(provider!.knowsModel('toString'), false);
    assert.equal(fake.requests.length, start);
  });
});
