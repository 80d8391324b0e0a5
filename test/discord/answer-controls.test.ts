import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerControls, REASONING_BUTTON_PREFIX, REGENERATE_BUTTON_ID, REGENERATE_SELECT_ID, STOP_BUTTON_ID } from '../../src/discord/answer-controls.ts';
import { componentsFor } from '../../src/discord/sinks/streaming-controls.ts';
import { english } from '../../src/i18n/english.ts';
import { russian } from '../../src/i18n/russian.ts';

type Button = { type: number; style: number; custom_id: string; label: string };
type Select = { type: number; custom_id: string; placeholder: string; options: { label: string; value: string }[] };

test('GIVEN an answer being written THEN only its Stop button shows', () => {
  const controls = answerControls(english, { regenerate: true, otherModels: ['openai/gpt-4o'] });
  const [row] = controls.streaming;
  const button = row!.components[0] as Button;
  assert.deepEqual([controls.streaming.length, row!.components.length, button.custom_id, button.label], [1, 1, STOP_BUTTON_ID, 'Stop']);
});

test('GIVEN a finished answer THEN its last message offers Regenerate and a select of the other models; earlier messages none', () => {
  const controls = answerControls(russian, { regenerate: true, otherModels: ['openai/gpt-4o', 'ollama/llama3.2'] });
  assert.deepEqual(componentsFor({ final: true }, controls), { components: [] });
  assert.deepEqual(componentsFor({ final: false }, controls), { components: controls.streaming });
  const { components } = componentsFor({ final: true, last: true }, controls);
  const [buttons, selects] = components!;
  const regenerate = buttons!.components[0] as Button;
  assert.deepEqual([regenerate.custom_id, regenerate.label], [REGENERATE_BUTTON_ID, russian.regenerateButton]);
  const select = selects!.components[0] as unknown as Select;
  assert.deepEqual([select.type, select.custom_id, select.placeholder], [3, REGENERATE_SELECT_ID, russian.regenerateWithPlaceholder]);
  assert.deepEqual(select.options.map((option) => option.value), ['openai/gpt-4o', 'ollama/llama3.2']);
});

test('GIVEN a kept reasoning THEN its button names the first message within Discord’s 100-character custom id, beside Regenerate', () => {
  const [row] = answerControls(english, { regenerate: true }).final({ reasoningOf: '1234567890123456789' });
  const [regenerate, reasoning] = row!.components as Button[];
  assert.equal(regenerate!.custom_id, REGENERATE_BUTTON_ID);
  assert.equal(reasoning!.custom_id, `${REASONING_BUTTON_PREFIX}1234567890123456789`);
  assert.ok(reasoning!.custom_id.length <= 100);
  assert.deepEqual([row!.type, reasoning!.type, reasoning!.style, reasoning!.label], [1, 2, 2, 'Reasoning']);
});

test('GIVEN more than 25 other models, or ids over 100 characters THEN the select keeps what Discord accepts', () => {
  const many = Array.from({ length: 40 }, (_, index) => `openai/model-${index}`);
  const [, selects] = answerControls(english, { regenerate: true, otherModels: [`openai/${'x'.repeat(100)}`, ...many] }).final({});
  const select = selects!.components[0] as unknown as Select;
  assert.equal(select.options.length, 25);
  assert.equal(select.options[0]!.value, 'openai/model-0');
});

test('GIVEN a private answer THEN it offers no Regenerate and no select once final', () => {
  const controls = answerControls(english, { regenerate: false, otherModels: ['openai/gpt-4o'] });
  assert.deepEqual(controls.final({}), []);
  assert.deepEqual(controls.final({ reasoningOf: '1234567890123456789' }).map((row) => row.components.length), [1]);
});
