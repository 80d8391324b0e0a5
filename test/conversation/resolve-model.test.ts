import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveModel } from '../../src/conversation/resolve-model.ts';

const all = { option: 'openai/gpt-4o', thread: 'h2o/falcon-40b', server: 'aivvm/gpt-4', global: 'ollama/llama3.2:3b' };

test('GIVEN every candidate THEN the option wins', () => {
  assert.deepEqual(resolveModel(all), { modelId: 'openai/gpt-4o', source: 'option' });
});

test('GIVEN no option THEN the thread model wins over the server default', () => {
  assert.deepEqual(resolveModel({ ...all, option: undefined }), { modelId: 'h2o/falcon-40b', source: 'thread' });
});

test('GIVEN no option or thread THEN the server default wins over the global default', () => {
  assert.deepEqual(resolveModel({ ...all, option: null, thread: null }), { modelId: 'aivvm/gpt-4', source: 'server' });
});

test('GIVEN only the global default THEN it is used', () => {
  assert.deepEqual(resolveModel({ global: 'ollama/llama3.2:3b' }), { modelId: 'ollama/llama3.2:3b', source: 'global' });
});

test('GIVEN blank candidates THEN they count as absent and values are trimmed', () => {
  assert.deepEqual(resolveModel({ option: '  ', thread: '', server: ' aivvm/gpt-4 ', global: 'x/y' }), {
    modelId: 'aivvm/gpt-4',
    source: 'server',
  });
});

test('GIVEN no candidate at all (DEFAULT_MODEL unset) THEN undefined', () => {
  assert.equal(resolveModel({}), undefined);
  assert.equal(resolveModel({ option: ' ', thread: null, global: '' }), undefined);
});
