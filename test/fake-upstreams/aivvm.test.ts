import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AIVVM_DEFAULT_PROMPT, aivvmErrors, startAivvmFake, type AivvmFake } from './index.ts';
import { JSON_HEADERS, rawRequest } from './test-client.ts';

const REQUEST = {
  model: { id: 'gpt-4', name: 'GPT-4' },
  messages: [{ role: 'user', content: 'Привет' }],
  key: '',
  prompt: AIVVM_DEFAULT_PROMPT,
  temperature: 0.7,
};

describe('aivvm fake', () => {
  let fake: AivvmFake;
  before(async () => {
    fake = await startAivvmFake();
  });
  after(() => fake.stop());
  const ask = (body: unknown = REQUEST, headers: Record<string, string> = JSON_HEADERS) =>
    rawRequest(`${fake.url}/api/chat`, { method: 'POST', headers, body: JSON.stringify(body) });

  test('GIVEN an answer THEN plain UTF-8 text, no SSE, and the request recorded as sent', async () => {
    fake.enqueue({ text: 'Здравствуйте! 你好 🌍', split: 'events' });
    const answer = await ask();
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], undefined);
    assert.equal(answer.body.toString('utf8'), 'Здравствуйте! 你好 🌍');
    assert.ok(answer.chunks.length > 1);
    const record = fake.requests.at(-1)!;
    assert.deepEqual(record.parsedBody, REQUEST);
    assert.equal(record.headers['content-type'], 'application/json');
  });

  test('GIVEN every byte split THEN each character arrives in pieces yet decodes whole', async () => {
    fake.enqueue({ text: '🌍й', split: 'every-byte' });
    const answer = await ask();
    assert.deepEqual(answer.chunks.map((chunk) => chunk.length), [1, 1, 1, 1, 1, 1]);
    assert.equal(answer.body.toString('utf8'), '🌍й');
  });

  test('GIVEN an unknown model, a bad content-type or an error scenario THEN 500 Error with the reason', async () => {
    const unknown = await ask({ ...REQUEST, model: { id: 'gpt-5', name: 'GPT-5' } });
    assert.equal(unknown.status, 500);
    assert.equal(unknown.body.toString(), 'Error');
    assert.match(unknown.statusText, /gpt-5/);
    assert.equal((await ask(REQUEST, { 'content-type': 'text/plain' })).status, 500);
    fake.enqueue({ error: aivvmErrors.upstream('OpenAI API returned an error: overloaded') });
    const failed = await ask();
    assert.equal(failed.statusText, 'OpenAI API returned an error: overloaded');
  });

  test('GIVEN a mid-stream error THEN the text arrives and the body is cut', async () => {
    fake.enqueue({ text: 'partial', midStreamError: { message: 'upstream died' } });
    const answer = await ask();
    assert.equal(answer.body.toString(), 'partial');
    assert.ok(answer.error);
  });
});
