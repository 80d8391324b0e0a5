import { test } from 'node:test';
import assert from 'node:assert/strict';
import { english } from '../../src/i18n/english.ts';
import { russian } from '../../src/i18n/russian.ts';

test('GIVEN images a model cannot see THEN one status line names them and the model, in each language, agreeing in number', () => {
  assert.equal(english.imagesNotShown(['cat.png'], 'openai/gpt-3.5-turbo'), '-# 🖼️ `cat.png` was not shown to `openai/gpt-3.5-turbo`: it cannot see images.');
  assert.equal(english.imagesNotShown(['a.png', 'b.png'], 'h2o/falcon-7b'), '-# 🖼️ `a.png` and `b.png` were not shown to `h2o/falcon-7b`: it cannot see images.');
  assert.equal(russian.imagesNotShown(['cat.png'], 'h2o/falcon-7b'), '-# 🖼️ Изображение `cat.png` не показано модели `h2o/falcon-7b`: она не видит изображений.');
  assert.equal(russian.imagesNotShown(['a.png', 'b.png'], 'h2o/falcon-7b'), '-# 🖼️ Изображения `a.png` и `b.png` не показаны модели `h2o/falcon-7b`: она не видит изображений.');
});
