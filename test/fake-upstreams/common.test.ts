import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cutFinder, startAivvmFake, startOpenAiFake, tokenize, type AivvmFake } from './index.ts';
import { JSON_HEADERS, rawRequest } from './test-client.ts';

const AWKWARD_TEXT = 'Привет, мир! 👋🏽 Emoji 👨‍👩‍👧 and 漢字かな交じり文.\n\n  done ';
const CHAT_BODY = JSON.stringify({ model: { id: 'gpt-4', name: 'GPT-4' }, messages: [{ role: 'user', content: 'hi' }] });

describe('tokenize and cuts', () => {
  test('GIVEN awkward text WHEN tokenized THEN the tokens join back exactly, no surrogate split', () => {
    for (const text of [AWKWARD_TEXT, '', '   ', 'a', 'x'.repeat(50), ' lead and trail ']) {
      const tokens = tokenize(text);
      assert.equal(tokens.join(''), text);
      for (const token of tokens) assert.ok(token.isWellFormed(), `ill-formed token ${JSON.stringify(token)}`);
    }
    assert.ok(tokenize(AWKWARD_TEXT).length > 5);
  });

  test('GIVEN each split WHEN asked for the next cut THEN offsets are as documented', () => {
    assert.equal(cutFinder('none')(5), Infinity);
    assert.equal(cutFinder('every-byte')(5), 6);
    assert.equal(cutFinder({ every: 4 })(5), 8);
    const cuts = cutFinder([7, 3, 3, 10]);
    assert.deepEqual([cuts(0), cuts(3), cuts(4), cuts(7), cuts(10)], [3, 7, 7, 10, Infinity]);
  });
});

describe('body writer through the aivvm fake', () => {
  let fake: AivvmFake;
  before(async () => {
    fake = await startAivvmFake({ defaultScenario: { text: AWKWARD_TEXT } });
  });
  after(() => fake.stop());
  const ask = (options: Parameters<typeof rawRequest>[1] = {}) =>
    rawRequest(`${fake.url}/api/chat`, { method: 'POST', headers: JSON_HEADERS, body: CHAT_BODY, ...options });

  test('GIVEN split every-byte THEN one chunk per byte and the same bytes as unsplit', async () => {
    fake.enqueue({ text: AWKWARD_TEXT, split: 'none' }, { text: AWKWARD_TEXT, split: 'every-byte' });
    const whole = await ask();
    const split = await ask();
    const expected = Buffer.from(AWKWARD_TEXT);
    assert.deepEqual(whole.body, expected);
    assert.equal(whole.chunks.length, 1);
    assert.deepEqual(split.body, expected);
    assert.equal(split.chunks.length, expected.length);
  });

  test('GIVEN byte offsets inside a multi-byte character THEN chunks end exactly there', async () => {
    // "П" is 2 bytes, "👋" 4: offsets 1 and 16 cut inside characters
    fake.enqueue({ text: AWKWARD_TEXT, split: [1, 5, 16] });
    const answer = await ask();
    assert.deepEqual(
      answer.chunks.map((chunk) => chunk.length),
      [1, 4, 11, Buffer.byteLength(AWKWARD_TEXT) - 16],
    );
    assert.equal(answer.body.toString('utf8'), AWKWARD_TEXT);
  });

  test('GIVEN split every n THEN pieces of n bytes', async () => {
    fake.enqueue({ text: 'abcdefghij', split: { every: 3 } });
    const answer = await ask();
    assert.deepEqual(answer.chunks.map(String), ['abc', 'def', 'ghi', 'j']);
  });

  test('GIVEN dropAfterBytes THEN exactly those bytes arrive and the socket closes', async () => {
    fake.enqueue({ text: AWKWARD_TEXT, dropAfterBytes: 9 });
    const before = fake.requests.length;
    const answer = await ask();
    assert.ok(answer.error, 'the client must see a cut');
    assert.deepEqual(answer.body, Buffer.from(AWKWARD_TEXT).subarray(0, 9));
    const record = await fake.waitForOutcome(before);
    assert.equal(record.response.outcome, 'dropped');
    await fake.waitForConnectionClosed(record.connectionId);
  });

  test('GIVEN the client aborts mid-stream THEN the upstream socket closes', async () => {
    fake.enqueue({ text: AWKWARD_TEXT, stallAfterBytes: 4 });
    const before = fake.requests.length;
    const answer = await ask({ onChunk: () => true });
    assert.equal(answer.body.length, 4);
    const record = await fake.waitForRequest(before);
    await fake.waitForConnectionClosed(record.connectionId);
    assert.equal(fake.connectionClosed(record.connectionId), true);
  });

  test('GIVEN ratePerSecond THEN tokens are paced', async () => {
    fake.enqueue({ deltas: ['a', 'b', 'c', 'd', 'e'], ratePerSecond: 100 });
    const started = performance.now();
    const answer = await ask();
    const elapsed = performance.now() - started;
    assert.deepEqual(answer.chunks.map(String), ['a', 'b', 'c', 'd', 'e']);
    assert.ok(elapsed >= 38, `5 tokens at 100/s take 40 ms, took ${elapsed}`);
  });

  test('GIVEN failNext on a path THEN that request fails once, before protocol checks', async () => {
    fake.failNext({ method: 'POST', path: '/api/*', error: { status: 503, body: 'busy' } });
    const failed = await ask();
    const next = await ask();
    assert.equal(failed.status, 503);
    assert.equal(failed.body.toString(), 'busy');
    assert.equal(next.status, 200);
  });
});

describe('stalls and stop', () => {
  test('GIVEN stallAfterBytes THEN the connection stays open until stop() closes it', async () => {
    const fake = await startAivvmFake();
    fake.enqueue({ text: 'hello world', stallAfterBytes: 5 });
    const answer = rawRequest(`${fake.url}/api/chat`, { method: 'POST', headers: JSON_HEADERS, body: CHAT_BODY });
    const record = await fake.waitForOutcome(0, ['stalled']);
    assert.equal(record.response.bytesWritten, 5);
    assert.equal(fake.openConnections, 1);
    await fake.stop();
    const result = await answer;
    assert.equal(result.body.toString(), 'hello');
    assert.ok(result.error);
    assert.equal(fake.openConnections, 0);
  });

  test('GIVEN stallBeforeHeaders THEN no status arrives until stop()', async () => {
    const fake = await startOpenAiFake();
    fake.enqueue({ stallBeforeHeaders: true });
    let gotHeaders = false;
    const answer = rawRequest(`${fake.url}/chat/completions`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ model: 'gpt-4o', messages: [], stream: true }),
      onHeaders: () => {
        gotHeaders = true;
      },
    }).catch((error: Error) => error);
    await fake.waitForOutcome(0, ['stalled']);
    await fake.stop();
    assert.ok((await answer) instanceof Error);
    assert.equal(gotHeaders, false);
  });
});

describe('control endpoints', () => {
  test('GIVEN a script posted over HTTP THEN answers follow it and requests are readable', async () => {
    const fake = await startAivvmFake();
    try {
      const posted = await fetch(`${fake.controlUrl}/script`, {
        method: 'POST',
        body: JSON.stringify([{ text: 'one' }, { error: { status: 500, body: 'Error', statusText: 'boom' } }]),
      });
      assert.deepEqual(await posted.json(), { queued: 2 });
      await fetch(`${fake.controlUrl}/default`, { method: 'POST', body: JSON.stringify({ text: 'fallback' }) });
      const answers = [];
      for (let index = 0; index < 3; index++) {
        const response = await fetch(`${fake.url}/api/chat`, { method: 'POST', headers: JSON_HEADERS, body: CHAT_BODY });
        answers.push(`${response.status} ${response.statusText} ${await response.text()}`);
      }
      assert.deepEqual(answers, ['200 OK one', '500 boom Error', '200 OK fallback']);
      const log = (await (await fetch(`${fake.controlUrl}/requests`)).json()) as Array<Record<string, unknown>>;
      assert.equal(log.length, 3);
      assert.equal(log[0]?.path, '/api/chat');
      assert.deepEqual(log[0]?.parsedBody, JSON.parse(CHAT_BODY));
      assert.equal(log[0]?.rawBody, undefined);
    } finally {
      await fake.stop();
    }
  });
});
