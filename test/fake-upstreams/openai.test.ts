import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openaiErrors, startOpenAiFake, type OpenAiFake } from './index.ts';
import { rawRequest } from './test-client.ts';

const KEY = 'sk-test-0123456789';

function chatBody(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say hi' }],
    stream: true,
    stream_options: { include_usage: true },
    ...fields,
  });
}

/** The `data:` payloads of an SSE body, comments and blank lines dropped. */
function dataLines(body: string): string[] {
  return body
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

describe('openai fake', () => {
  let fake: OpenAiFake;
  before(async () => {
    fake = await startOpenAiFake({ apiKey: KEY });
  });
  after(() => fake.stop());
  const ask = (body = chatBody(), key = KEY) =>
    rawRequest(`${fake.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body,
    });

  test('url includes /v1', () => {
    assert.match(fake.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  test('GIVEN a stream with usage THEN role chunk, content, finish, usage with choices [], [DONE]', async () => {
    fake.enqueue({ deltas: ['Hi', ' there'] });
    const answer = await ask();
    const body = answer.body.toString('utf8');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'text/event-stream; charset=utf-8');
    assert.ok(body.startsWith('data: {"id":"chatcmpl-'), body.slice(0, 40));
    assert.ok(body.endsWith('\n\ndata: [DONE]\n\n'));
    const events = dataLines(body);
    assert.equal(events.at(-1), '[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event));
    assert.deepEqual(
      chunks.map((chunk) => [chunk.object, chunk.choices[0]?.delta, chunk.choices[0]?.finish_reason ?? null, chunk.usage]),
      [
        ['chat.completion.chunk', { role: 'assistant', content: '', refusal: null }, null, null],
        ['chat.completion.chunk', { content: 'Hi' }, null, null],
        ['chat.completion.chunk', { content: ' there' }, null, null],
        ['chat.completion.chunk', {}, 'stop', null],
        ['chat.completion.chunk', undefined, null, { prompt_tokens: 6, completion_tokens: 2, total_tokens: 8 }],
      ],
    );
    assert.deepEqual(chunks.at(-1).choices, []);
    const received = fake.requests.at(-1)?.parsedBody as { stream_options?: unknown };
    assert.deepEqual(received.stream_options, { include_usage: true });
  });

  test('GIVEN no include_usage THEN no usage field and no usage chunk', async () => {
    fake.enqueue({ text: 'ok', finishReason: 'length' });
    const events = dataLines((await ask(chatBody({ stream_options: undefined }))).body.toString());
    assert.equal(events.length, 4);
    assert.ok(!events.some((event) => event.includes('usage')));
    assert.match(events[2]!, /"finish_reason":"length"/);
  });

  test('GIVEN keepAlives THEN comment lines sit between events', async () => {
    fake.enqueue({ text: 'ok', keepAlives: { every: 2 } });
    const body = (await ask()).body.toString();
    assert.ok(body.startsWith(': keep-alive\n\ndata: {'));
    assert.equal(body.split(': keep-alive\n\n').length - 1, 3);
  });

  test('GIVEN midStreamError THEN an {"error":…} event ends the stream without [DONE]', async () => {
    fake.enqueue({ text: 'partial', midStreamError: { message: 'overloaded', type: 'server_error' } });
    const events = dataLines((await ask()).body.toString());
    assert.deepEqual(JSON.parse(events.at(-1)!), { error: { message: 'overloaded', type: 'server_error', param: null, code: null } });
    assert.ok(!events.includes('[DONE]'));
    assert.ok(!events.some((event) => event.includes('"finish_reason":"stop"')));
  });

  test('GIVEN omitEnd THEN neither finish_reason nor [DONE]', async () => {
    fake.enqueue({ text: 'cut here', omitEnd: true }, { text: 'cut here', omitEnd: 'done' });
    const cut = (await ask()).body.toString();
    assert.ok(!cut.includes('[DONE]') && !cut.includes('"finish_reason":"stop"'));
    const noDone = (await ask()).body.toString();
    assert.ok(!noDone.includes('[DONE]') && noDone.includes('"finish_reason":"stop"'));
  });

  test('GIVEN a wrong or missing key THEN 401 invalid_api_key', async () => {
    const wrong = await ask(chatBody(), 'sk-wrong');
    assert.equal(wrong.status, 401);
    assert.equal(JSON.parse(wrong.body.toString()).error.code, 'invalid_api_key');
    const missing = await rawRequest(`${fake.url}/models`);
    assert.equal(missing.status, 401);
  });

  test('GIVEN an unknown model THEN 404 model_not_found', async () => {
    const answer = await ask(chatBody({ model: 'gpt-9' }));
    assert.equal(answer.status, 404);
    assert.deepEqual(JSON.parse(answer.body.toString()), {
      error: {
        message: 'The model `gpt-9` does not exist or you do not have access to it.',
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      },
    });
  });

  test('GIVEN a 429 scenario THEN retry-after headers, then the next scenario answers', async () => {
    fake.enqueue({ error: openaiErrors.rateLimited({ retryAfterSeconds: 2, retryAfterMs: 1500 }) }, { text: 'ok' });
    const limited = await ask();
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '2');
    assert.equal(limited.headers['retry-after-ms'], '1500');
    assert.equal(JSON.parse(limited.body.toString()).error.code, 'rate_limit_exceeded');
    assert.equal((await ask()).status, 200);
  });

  test('GIVEN GET /models THEN the model list', async () => {
    const answer = await rawRequest(`${fake.url}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    const list = JSON.parse(answer.body.toString());
    assert.equal(list.object, 'list');
    assert.deepEqual(list.data.map((model: { id: string }) => model.id), ['gpt-4o-mini', 'gpt-4o', 'gpt-3.5-turbo']);
  });

  test('GIVEN stream:false THEN a chat.completion object', async () => {
    fake.enqueue({ text: 'Whole answer.' });
    const completion = JSON.parse((await ask(chatBody({ stream: false }))).body.toString());
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.choices[0].message.content, 'Whole answer.');
  });

  test('GIVEN reasoning THEN it streams before the answer in the form asked: reasoning_content, reasoning, or think tags in the content', async () => {
    const deltasOf = async (reasoningField?: 'reasoning_content' | 'reasoning' | 'think-tags') => {
      fake.enqueue({ reasoning: ['Hmm', ' yes'], ...(reasoningField === undefined ? {} : { reasoningField }), deltas: ['Yes.'], split: 'every-byte' });
      return dataLines((await ask()).body.toString())
        .slice(1, -3)
        .map((event) => JSON.parse(event).choices[0].delta);
    };
    assert.deepEqual(await deltasOf(), [{ content: null, reasoning_content: 'Hmm' }, { content: null, reasoning_content: ' yes' }, { content: 'Yes.' }]);
    assert.deepEqual(await deltasOf('reasoning'), [{ content: '', reasoning: 'Hmm' }, { content: '', reasoning: ' yes' }, { content: 'Yes.' }]);
    assert.deepEqual((await deltasOf('think-tags')).map((delta) => delta.content), ['<think>\n', 'Hmm', ' yes', '\n</think>\n\n', 'Yes.']);
  });

  test('GIVEN content parts THEN they are recorded as sent, and ones OpenAI refuses get its 400', async () => {
    const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };
    fake.enqueue({ text: 'A cat.' });
    const parts = [{ type: 'text', text: 'What is this?' }, image];
    assert.equal((await ask(chatBody({ messages: [{ role: 'user', content: parts }] }))).status, 200);
    assert.deepEqual(fake.chatMessages(), [{ role: 'user', content: parts }]);
    const refused = async (messages: unknown[]) => JSON.parse((await ask(chatBody({ messages }))).body.toString()).error;
    assert.deepEqual(await refused([{ role: 'user', content: [{ type: 'picture' }] }]), {
      message: "Invalid value: 'picture'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.",
      type: 'invalid_request_error',
      param: 'messages[0].content[0].type',
      code: 'invalid_value',
    });
    assert.equal((await refused([{ role: 'system', content: [image] }])).param, 'messages[0]');
    assert.equal((await refused([{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }])).param, 'messages[0].content[0].image_url.url');
    assert.equal((await refused([{ role: 'user', content: 7 }])).code, 'invalid_type');
  });

  test('GIVEN the event split at every byte THEN the body equals the unsplit one but for ids', async () => {
    fake.enqueue({ text: 'Привет 👋', split: 'none' }, { text: 'Привет 👋', split: 'every-byte' });
    const normalize = (body: Buffer) => body.toString().replace(/chatcmpl-fake\d+/g, 'ID').replace(/"created":\d+/g, '');
    const whole = await ask();
    const split = await ask();
    assert.equal(normalize(split.body), normalize(whole.body));
    assert.equal(split.chunks.length, split.body.length);
  });
});

describe('openai fake, ollama variant', () => {
  test('GIVEN the ollama variant THEN finish_reason rides on the last content chunk and 404 is Ollama’s', async () => {
    const fake = await startOpenAiFake({ variant: 'ollama', models: ['llama3.2'], apiKey: 'ignored' });
    try {
      fake.enqueue({ deltas: ['A', 'B'] });
      const ask = (model: string) =>
        rawRequest(`${fake.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: chatBody({ model, stream_options: undefined }),
        });
      const events = dataLines((await ask('llama3.2')).body.toString());
      assert.deepEqual(events.slice(0, -1).map((event) => JSON.parse(event).choices[0]), [
        { index: 0, delta: { role: 'assistant', content: 'A' }, logprobs: null, finish_reason: null },
        { index: 0, delta: { role: 'assistant', content: 'B' }, logprobs: null, finish_reason: 'stop' },
      ]);
      assert.equal(events.at(-1), '[DONE]');
      const missing = await ask('mistral');
      assert.equal(missing.status, 404);
      assert.equal(JSON.parse(missing.body.toString()).error.message, 'model "mistral" not found, try pulling it first');
    } finally {
      await fake.stop();
    }
  });
});
