import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { H2O_MODELS, h2oErrors, startH2oFake, type H2oFake, type Scenario } from './index.ts';
import { rawRequest, type RawResponse } from './test-client.ts';

const MODEL = H2O_MODELS[1]!;
const JSON_TYPE = { 'content-type': 'application/json' };

/** A client doing the session by hand, as the provider will. */
class Session {
  cookie = '';
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }
  async send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> {
    const answer = await rawRequest(`${this.base}${path}`, {
      method,
      headers: { ...(this.cookie && { cookie: this.cookie }), ...headers },
      ...(body !== undefined && { body }),
    });
    const setCookie = answer.headers['set-cookie']?.[0];
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return answer;
  }
  async open(): Promise<string> {
    await this.send('GET', '/');
    const form = new URLSearchParams({
      ethicsModalAccepted: 'true',
      shareConversationsWithModelAuthors: 'true',
      ethicsModalAcceptedAt: '',
      activeModel: MODEL,
      searchEnabled: 'true',
    });
    const settings = await this.send(
      'POST',
      '/settings',
      { 'content-type': 'application/x-www-form-urlencoded', referer: `${this.base}/` },
      form.toString(),
    );
    assert.equal(settings.status, 303);
    const created = await this.send('POST', '/conversation', JSON_TYPE, JSON.stringify({ model: MODEL }));
    return JSON.parse(created.body.toString()).conversationId;
  }
  ask(conversationId: string, parameters: Record<string, unknown> = {}): Promise<RawResponse> {
    const body = { inputs: 'user: hi\nassistant:', parameters, stream: true, options: {} };
    return this.send('POST', `/conversation/${conversationId}`, JSON_TYPE, JSON.stringify(body));
  }
}

/** The JSON of each `data:` event. */
function events(answer: RawResponse): Array<Record<string, any>> {
  return answer.body
    .toString()
    .split('\n\n')
    .filter((event) => event.startsWith('data:'))
    .map((event) => JSON.parse(event.slice('data:'.length)));
}

describe('h2o fake', () => {
  let fake: H2oFake;
  before(async () => {
    fake = await startH2oFake();
  });
  after(() => fake.stop());

  async function answer(scenario: Scenario, parameters?: Record<string, unknown>) {
    const session = new Session(fake.url);
    const id = await session.open();
    fake.enqueue(scenario);
    return session.ask(id, parameters);
  }

  test('GIVEN the whole session THEN cookie, settings recorded, 24-hex id, TGI bytes, DELETE', async () => {
    const session = new Session(fake.url);
    const page = await session.send('GET', '/');
    assert.equal(page.status, 200);
    assert.match(session.cookie, /^hf-chat=[\w-]+$/);
    const id = await session.open();
    assert.match(id, /^[0-9a-f]{24}$/);
    const form = fake.requestsTo('POST', '/settings').at(-1)?.parsedBody;
    assert.deepEqual(form, {
      ethicsModalAccepted: 'true',
      shareConversationsWithModelAuthors: 'true',
      ethicsModalAcceptedAt: '',
      activeModel: MODEL,
      searchEnabled: 'true',
    });

    fake.enqueue({ deltas: [' Hello', ' world'] });
    const stream = await session.ask(id);
    assert.equal(stream.status, 200);
    assert.equal(stream.headers['content-type'], 'text/event-stream');
    const body = stream.body.toString();
    assert.ok(body.startsWith('data:{"token":{"id":1000,"text":" Hello","logprob":'), body.slice(0, 60));
    assert.match(body.split('\n\n')[0]!, /^data:\{"token":\{"id":1000,"text":" Hello","logprob":-?[\d.]+,"special":false\},"generated_text":null,"details":null\}$/);
    const parsed = events(stream);
    assert.deepEqual(parsed.map((event) => [event.token.text, event.token.special]), [
      [' Hello', false],
      [' world', false],
      ['<|endoftext|>', true],
    ]);
    assert.equal(parsed.at(-1)?.generated_text, ' Hello world');
    assert.equal(parsed.at(-1)?.details, null);

    const deleted = await session.send('DELETE', `/conversation/${id}`);
    assert.equal(deleted.status, 200);
    assert.deepEqual(fake.deletedConversations.slice(-1), [id]);
    const again = await session.send('DELETE', `/conversation/${id}`);
    assert.equal(again.status, 404);
    assert.deepEqual(JSON.parse(again.body.toString()), { message: 'Conversation not found' });
  });

  test('GIVEN settings not accepted THEN 405, JSON {error} to JSON requests and text otherwise', async () => {
    const session = new Session(fake.url);
    await session.send('GET', '/');
    const json = await session.send('POST', '/conversation', JSON_TYPE, JSON.stringify({ model: MODEL }));
    assert.equal(json.status, 405);
    assert.deepEqual(JSON.parse(json.body.toString()), { error: 'You need to accept the welcome modal first' });
    const text = await session.send('DELETE', '/conversation/0123456789abcdef01234567');
    assert.equal(text.status, 405);
    assert.equal(text.body.toString(), 'You need to accept the welcome modal first');
  });

  test('GIVEN a form post without or with a foreign Referer, or without a cookie THEN 403', async () => {
    const session = new Session(fake.url);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const noCookie = await session.send('POST', '/settings', { ...form, referer: `${fake.url}/` }, 'ethicsModalAccepted=true');
    assert.equal(noCookie.status, 403);
    await session.send('GET', '/');
    assert.equal((await session.send('POST', '/settings', form, 'ethicsModalAccepted=true')).status, 403);
    const foreign = await session.send('POST', '/settings', { ...form, referer: 'https://evil.example/' }, 'ethicsModalAccepted=true');
    assert.equal(foreign.status, 403);
    // a JSON body sent as text/plain is a form post too
    const id = await session.open();
    const plain = await session.send('POST', `/conversation/${id}`, { 'content-type': 'text/plain' }, '{"inputs":"x"}');
    assert.equal(plain.status, 403);
  });

  test('GIVEN an unknown model or a foreign conversation THEN 410 and 404', async () => {
    const session = new Session(fake.url);
    const id = await session.open();
    const unknown = await session.send('POST', '/conversation', JSON_TYPE, JSON.stringify({ model: 'gpt-4' }));
    assert.equal(unknown.status, 410);
    const stranger = new Session(fake.url);
    await stranger.open();
    assert.equal((await stranger.ask(id)).status, 404);
  });

  test('GIVEN <|endoftext|> as text with tokens after it THEN they follow it and generated_text has all', async () => {
    const parsed = events(await answer({ deltas: ['Да', '!'], endOfText: 'text', tokensAfterEndOfText: [' junk', ' more'] }));
    assert.deepEqual(parsed.map((event) => [event.token.text, event.token.special]), [
      ['Да', false],
      ['!', false],
      ['<|endoftext|>', false],
      [' junk', false],
      [' more', false],
    ]);
    assert.deepEqual(parsed.map((event) => event.generated_text), [null, null, null, null, 'Да!<|endoftext|> junk more']);
  });

  test('GIVEN special tokens and details asked for THEN special:true tokens and details.finish_reason', async () => {
    const parsed = events(await answer({ deltas: ['a', 'b'], specialTokens: [{ at: 1, text: '<pad>' }] }, { details: true }));
    assert.deepEqual(parsed.map((event) => `${event.token.text}:${event.token.special}`), ['a:false', '<pad>:true', 'b:false', '<|endoftext|>:true']);
    assert.deepEqual(parsed.at(-1)?.details, { finish_reason: 'eos_token', generated_tokens: 4, seed: null });
    assert.equal(parsed.at(-1)?.generated_text, 'ab');
  });

  test('GIVEN a mid-stream error, a cut stream, keep-alives THEN the bytes say so', async () => {
    const failed = await answer({ deltas: ['x'], midStreamError: { message: 'Model overloaded', type: 'overloaded' } });
    assert.ok(failed.body.toString().endsWith('data:{"error":"Model overloaded","error_type":"overloaded"}\n\n'));
    const cut = events(await answer({ deltas: ['x', 'y'], omitEnd: true }));
    assert.deepEqual(cut.map((event) => [event.token.text, event.generated_text]), [['x', null], ['y', null]]);
    const kept = (await answer({ deltas: ['x'], keepAlives: true })).body.toString();
    assert.ok(kept.startsWith(':\n\ndata:{"token"'));
  });

  test('GIVEN an error scenario THEN the answer request gets it', async () => {
    const limited = await answer({ error: h2oErrors.tooManyMessages() });
    assert.equal(limited.status, 429);
    assert.deepEqual(JSON.parse(limited.body.toString()), { message: 'You are sending too many messages. Try again later.' });
  });
});
