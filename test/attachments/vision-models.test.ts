import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProviderConfig } from '../../src/config/provider-config.ts';
import { canSeeImages, imageSupport } from '../../src/attachments/vision-models.ts';

test('GIVEN <ID>_VISION_MODELS THEN only the named models of that endpoint see images; * names them all; h2o and aivvm never', () => {
  const providers = loadProviderConfig({
    PROVIDERS: 'h2o,aivvm,openai,ollama',
    OPENAI_VISION_MODELS: 'gpt-4o, gpt-4o-mini',
    OLLAMA_BASE_URL: 'http://127.0.0.1:11434/v1',
    OLLAMA_VISION_MODELS: '*',
  });
  assert.ok(canSeeImages(providers, 'openai/gpt-4o'));
  assert.ok(canSeeImages(providers, 'openai/gpt-4o-mini'));
  assert.ok(!canSeeImages(providers, 'openai/gpt-3.5-turbo'));
  assert.ok(canSeeImages(providers, 'ollama/llama3.2-vision:11b'));
  assert.ok(!canSeeImages(providers, 'h2o/falcon-40b'));
  assert.ok(!canSeeImages(providers, 'aivvm/gpt-4'));
  assert.ok(!canSeeImages(providers, 'unknown/gpt-4o'));
});

test('GIVEN no <ID>_VISION_MODELS THEN no model sees images', () => {
  assert.ok(!canSeeImages(loadProviderConfig({}), 'openai/gpt-4o'));
});

test('GIVEN a model that is not given images THEN imageSupport names its endpoint\'s setting, or none for a text-only provider', () => {
  const providers = loadProviderConfig({
    PROVIDERS: 'h2o,aivvm,openai,my-vllm',
    OPENAI_VISION_MODELS: 'gpt-4o',
    MY_VLLM_BASE_URL: 'http://127.0.0.1:8000/v1',
  });
  assert.deepEqual(imageSupport(providers, 'openai/gpt-4o'), { seesImages: true });
  assert.deepEqual(imageSupport(providers, 'openai/gpt-3.5-turbo'), { seesImages: false, visionSetting: 'OPENAI_VISION_MODELS' });
  assert.deepEqual(imageSupport(providers, 'my-vllm/qwen2.5-vl'), { seesImages: false, visionSetting: 'MY_VLLM_VISION_MODELS' });
  assert.deepEqual(imageSupport(providers, 'h2o/falcon-40b'), { seesImages: false });
  assert.deepEqual(imageSupport(providers, 'aivvm/gpt-4'), { seesImages: false });
});
