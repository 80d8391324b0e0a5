import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseModelId, formatModelId, type ModelIdErrorCode } from '../../src/model/model-id.ts';

test('GIVEN ids whose model part holds "/" or ":" THEN they split at the first "/"', () => {
  const cases: [string, string, string][] = [
    ['openai/gpt-4o-mini', 'openai', 'gpt-4o-mini'],
    ['openrouter/meta-llama/llama-3.1-8b-instruct', 'openrouter', 'meta-llama/llama-3.1-8b-instruct'],
    ['ollama/llama3.2:3b', 'ollama', 'llama3.2:3b'],
    ['h2o/h2oai/h2ogpt-gm-oasst1-en-2048-falcon-40b-v1', 'h2o', 'h2oai/h2ogpt-gm-oasst1-en-2048-falcon-40b-v1'],
    ['  aivvm/gpt-4  ', 'aivvm', 'gpt-4'],
  ];
  for (const [input, provider, model] of cases) {
    assert.deepEqual(parseModelId(input), { ok: true, value: { id: input.trim(), provider, model } }, input);
  }
});

test('GIVEN malformed ids THEN an error value with its code, never a throw', () => {
  const cases: [string, ModelIdErrorCode][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['gpt-4', 'missing-provider'],
    ['/gpt-4', 'missing-provider'],
    ['openai/', 'missing-model'],
    ['open ai/gpt-4', 'invalid-provider'],
    ['-x/gpt-4', 'invalid-provider'],
    ['openai/gpt 4', 'invalid-model'],
    ['openai/gpt-4\u0000', 'invalid-model'],
    [`openai/${'m'.repeat(300)}`, 'too-long'],
  ];
  for (const [input, code] of cases) {
    const result = parseModelId(input);
    assert.equal(result.ok, false, input);
    if (!result.ok) {
      assert.equal(result.error.code, code, input);
      assert.ok(result.error.message.length > 0);
    }
  }
});

test('the missing-provider message shows what an id looks like', () => {
  const result = parseModelId('gpt-4');
  assert.ok(!result.ok && /provider\/model, e\.g\. openai\/gpt-4o-mini/.test(result.error.message));
});

test('property: formatModelId then parseModelId gives the parts back', () => {
  const provider = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}$/);
  const model = fc.stringMatching(/^[A-Za-z0-9._:/@-]{1,40}$/);
  fc.assert(
    fc.property(provider, model, (providerId, modelName) => {
      const result = parseModelId(formatModelId({ provider: providerId, model: modelName }));
      assert.ok(result.ok);
      assert.equal(result.value.provider, providerId);
      assert.equal(result.value.model, modelName);
    }),
    { seed: 5, numRuns: 300 },
  );
});
