import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import { startH2oFake, type H2oFake } from '../fake-upstreams/h2o.ts';
import { notAStream } from '../fake-upstreams/scenario.ts';
import { collect, harness, type Harness } from './provider-harness.ts';

describe('GIVEN an answer request answered with something that is not a stream', () => {
  let openai: OpenAiFake;
  let h2o: H2oFake;
  let openaiSubject: Harness;
  let h2oSubject: Harness;
  before(async () => {
    openai = await startOpenAiFake({ models: ['m'] });
    h2o = await startH2oFake();
    openaiSubject = harness({ PROVIDERS: 'openai', OPENAI_BASE_URL: openai.url, OPENAI_MODELS: 'm' });
    h2oSubject = harness({ PROVIDERS: 'h2o', H2O_BASE_URL: h2o.url });
  });
  after(async () => {
    await openaiSubject.registry.close();
    await h2oSubject.registry.close();
    await openai.stop();
    await h2o.stop();
  });

  /** Streams `openai/m` once with `answer` queued first, and says how many requests it made. */
  async function openaiAnswers(answer: Parameters<OpenAiFake['enqueue']>[0]) {
    openai.reset();
    openai.enqueue(answer, { text: 'must not be requested' });
    const result = await collect(openaiSubject.registry, 'openai/m');
    return { result, requests: openai.requests.length };
  }

  it('THEN an HTML page with status 200 is a protocol error saying so, not retried', async () => {
    const { result, requests } = await openaiAnswers({ error: notAStream.htmlPage() });
    assert.equal(result.error?.kind, 'protocol');
    assert.equal(result.error?.message, 'the provider answered with text/html, not an event stream');
    assert.equal(result.error?.retryable, false);
    assert.equal(result.text, '');
    assert.equal(requests, 1);
  });

  it('THEN an event stream with no data: lines is a protocol error, not a dropped connection', async () => {
    const { result, requests } = await openaiAnswers({ error: notAStream.eventStreamWithoutEvents() });
    assert.equal(result.error?.kind, 'protocol');
    assert.match(result.error?.message ?? '', /held no events/);
    assert.equal(requests, 1);
  });

  it('THEN a 302 is a protocol error naming where it pointed, never followed or retried', async () => {
    const { result, requests } = await openaiAnswers({ error: notAStream.redirect('https://login.example/sso') });
    assert.equal(result.error?.kind, 'protocol');
    assert.equal(result.error?.status, 302);
    assert.equal(result.error?.message, 'the provider redirected the request to https://login.example/sso instead of answering');
    assert.equal(requests, 1);
  });

  it('THEN a JSON body with status 200 is a protocol error carrying its message', async () => {
    const { result } = await openaiAnswers({ error: { status: 200, body: { error: { message: 'stream is not supported here' } } } });
    assert.equal(result.error?.kind, 'protocol');
    assert.equal(result.error?.message, 'the provider answered with application/json, not an event stream: stream is not supported here');
  });

  it('THEN h2o’s stream request answered with HTML fails as protocol, and the conversation is still deleted', async () => {
    h2o.failNext({ method: 'POST', path: '/conversation/*', error: notAStream.htmlPage() });
    const start = h2o.requests.length;
    const result = await collect(h2oSubject.registry, 'h2o/falcon-7b');
    assert.equal(result.error?.kind, 'protocol');
    const session = h2o.requests.slice(start).map((request) => `${request.method} ${request.path.replace(/[0-9a-f]{24}/, '<id>')}`);
    assert.deepEqual(session, ['GET /', 'POST /settings', 'POST /conversation', 'POST /conversation/<id>', 'DELETE /conversation/<id>'], 'one attempt; the expected 303 of /settings still works');
  });

  it('THEN a redirect of h2o’s page (a login wall) is a protocol error at once', async () => {
    h2o.failNext({ method: 'GET', path: '/', error: notAStream.redirect('/login') });
    const start = h2o.requests.length;
    const result = await collect(h2oSubject.registry, 'h2o/falcon-7b');
    assert.equal(result.error?.kind, 'protocol');
    assert.match(result.error?.message ?? '', /redirected the request to \/login/);
    assert.equal(h2o.requests.length - start, 1);
  });
});
