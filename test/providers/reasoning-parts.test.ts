import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import type { StreamPart } from '../../src/model/stream-part.ts';
import { collect, harness, type Harness } from './provider-harness.ts';

const thoughts = ['The user asks', ' for a sum: ', 'Привет 👋 ', '二加二', ' is four.'];
const reasoningOf = (parts: StreamPart[]) => parts.map((part) => (part.type === 'reasoning-delta' ? part.text : '')).join('');
const lonelySurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('GIVEN a reasoning model behind an OpenAI-compatible server', () => {
  let fake: OpenAiFake;
  let subject: Harness;
  before(async () => {
    fake = await startOpenAiFake({ models: ['thinker'] });
    subject = harness({ PROVIDERS: 'openai', OPENAI_BASE_URL: fake.url, OPENAI_MODELS: 'thinker' });
  });
  after(async () => {
    await subject.registry.close();
    await fake.stop();
  });

  for (const form of ['reasoning_content', 'reasoning', 'think-tags'] as const) {
    it(`WHEN it streams its reasoning as ${form}, split at every byte, THEN reasoning deltas carry exactly it, before the answer, and the text is exactly the answer`, async () => {
      fake.enqueue({ reasoning: thoughts, reasoningField: form, text: 'Two and two make 4 ✅.', split: 'every-byte' });
      const result = await collect(subject.registry, 'openai/thinker');
      assert.equal(result.error, undefined);
      assert.equal(reasoningOf(result.parts), thoughts.join('').trim());
      assert.equal(result.text, 'Two and two make 4 ✅.');
      const firstText = result.parts.findIndex((part) => part.type === 'text-delta');
      assert.ok(result.parts.slice(firstText).every((part) => part.type !== 'reasoning-delta'), 'the reasoning comes before the answer');
      const finish = result.parts.at(-1);
      assert.ok(finish?.type === 'finish');
      assert.deepEqual([finish.reason, finish.rawReason], ['stop', 'stop']);
    });
  }

  it('WHEN the think tags are cut across deltas anywhere THEN no piece of a tag shows, in the reasoning or the answer', async () => {
    fake.enqueue({ deltas: ['<', 'thi', 'nk>\nLet me', ' see.\n</', 'think', '>', '\n\nIt is 4', '.'], split: 'every-byte' });
    const result = await collect(subject.registry, 'openai/thinker');
    assert.equal(reasoningOf(result.parts), 'Let me see.');
    assert.equal(result.text, 'It is 4.');
  });

  it('WHEN a character outside the BMP is split between two reasoning deltas THEN each reasoning delta holds whole characters', async () => {
    fake.enqueue({ reasoning: ['Waving ', '\ud83d', '\udc4b back'], reasoningField: 'reasoning', text: 'Hi!' });
    const result = await collect(subject.registry, 'openai/thinker');
    assert.equal(reasoningOf(result.parts), 'Waving 👋 back');
    for (const part of result.parts) if (part.type === 'reasoning-delta') assert.doesNotMatch(part.text, lonelySurrogate, JSON.stringify(part.text));
  });

  it('WHEN a server sends the reasoning under both names at once (vLLM moving from reasoning_content to reasoning) THEN it comes once', async () => {
    const chunk = (delta: object, finish: string | null = null) => `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const body = [chunk({ reasoning_content: 'Think', reasoning: 'Think' }), chunk({ reasoning_content: ' twice', reasoning: ' twice' }), chunk({ content: 'Done.' }), chunk({}, 'stop'), 'data: [DONE]\n\n'].join('');
    fake.enqueue({ error: { status: 200, headers: { 'content-type': 'text/event-stream' }, body } });
    const result = await collect(subject.registry, 'openai/thinker');
    assert.equal(reasoningOf(result.parts), 'Think twice');
    assert.equal(result.text, 'Done.');
  });

  it('WHEN an answer has no reasoning THEN no reasoning delta comes, and a leading <think> later in the text stays text', async () => {
    fake.enqueue({ deltas: ['Use ', '<think>', ' tags.'] });
    const result = await collect(subject.registry, 'openai/thinker');
    assert.equal(result.text, 'Use <think> tags.');
    assert.equal(result.parts.some((part) => part.type === 'reasoning-delta'), false);
  });
});
