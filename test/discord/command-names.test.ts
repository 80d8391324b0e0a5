import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { commandDefinitions } from '../../src/discord/commands/index.ts';
import { commandText } from '../../src/i18n/command-names.ts';

test('GIVEN the registered commands THEN the texts name them with the same localized names', () => {
  const [ask, model] = commandDefinitions() as RESTPostAPIChatInputApplicationCommandsJSONBody[];
  assert.deepEqual([ask?.name, ask?.name_localizations], ['ask', { ru: 'спросить' }]);
  assert.deepEqual(ask?.options?.map((option) => [option.name, option.name_localizations?.ru]), [['prompt', 'запрос'], ['model', 'модель'], ['private', 'лично'], ['image', 'изображение']]);
  assert.deepEqual([model?.name, model?.name_localizations], ['model', { ru: 'модель' }]);
  assert.deepEqual(model?.options?.map((option) => [option.name, option.name_localizations?.ru]), [['set', 'выбрать'], ['reset', 'сбросить'], ['show', 'показать'], ['list', 'список']]);
  assert.equal(commandText('ru', 'model', 'modelSet'), '`/модель выбрать`');
  assert.equal(commandText('ru', 'ask', { option: 'askModel' }), '`/спросить модель:`');
  assert.equal(commandText('en', 'model', 'modelList'), '`/model list`');
  assert.equal(commandText('ru', 'settings', 'settingsThreads', { option: 'settingsThreadsAnswer' }), '`/настройки ветки отвечать:`');
  assert.equal(commandText('ru', 'help'), '`/помощь`');
});
