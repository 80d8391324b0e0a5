import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OpenAiFake } from '../fake-upstreams/openai.ts';
import { notAStream } from '../fake-upstreams/scenario.ts';
import { collect, withOpenAiAndH2o } from './provider-harness.ts';

describe('GIVEN an answer request answered with something that is not a stream', () => {
  const fakes = withOpenAiAndH2o();

  /** Streams `openai/m` once with `answer` queued first, and says how many requests it made. */
  async function openaiAnswers(answer: Parameters<OpenAiFake['enqueue']>[0]) {
    fakes.openai.reset();
    fakes.openai.enqueue(answer, { text: 'must not be requested' });
    const result = await collect(fakes.openaiSubject.registry, 'openai/m');
    return { result, requests: fakes.openai.requests.length };
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
    fakes.h2o.failNext({ method: 'POST', path: '/conversation/*', error: notAStream.htmlPage() });
    const start = fakes.h2o.requests.length;
    const result = await collect(fakes.h2oSubject.registry, 'h2o/falcon-7b');
    assert.equal(result.error?.kind, 'protocol');
    const session = fakes.h2o.requests.slice(start).map((request) => `${request.method} ${request.path.replace(/[0-9a-f]{24}/, '<id>')}`);
    assert.deepEqual(session, ['GET /', 'POST /settings', 'POST /conversation', 'POST /conversation/<id>', 'DELETE /conversation/<id>'], 'one attempt; the expected 303 of /settings still works');
  });

  it('THEN a redirect of h2o’s page (a login wall) is a protocol error at once', async () => {
    fakes.h2o.failNext({ method: 'GET', path: '/', error: notAStream.redirect('/login') });
    const start = fakes.h2o.requests.length;
    const result = await collect(fakes.h2oSubject.registry, 'h2o/falcon-7b');
    assert.equal(result.error?.kind, 'protocol');
    assert.match(result.error?.message ?? '', /redirected the request to \/login/);
    assert.equal(fakes.h2o.requests.length - start, 1);
  });
});
