import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { APIApplicationCommandOption, RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import { askAboutDefinition } from '../../src/discord/commands/ask-about-definition.ts';
import { askDefinition } from '../../src/discord/commands/ask-definition.ts';
import { helpDefinition } from '../../src/discord/commands/help-definition.ts';
import { modelDefinition } from '../../src/discord/commands/model-definition.ts';
import { settingsDefinition } from '../../src/discord/commands/settings-definition.ts';

// Discord's documented values: integration_types 0 guild install, 1 user install;
// contexts 0 guild, 1 the bot's DM, 2 group DMs and DMs between people
const guildInstall = 0;
const userInstall = 1;
const everywhere = { integration_types: [guildInstall, userInstall], contexts: [0, 1, 2] };
const serverOnly = { integration_types: [guildInstall], contexts: [0] };
/** Manage Server (1 << 5), as Discord wants a permission set: a decimal string. */
const manageGuild = '32';

/** Discord's rule for slash command, subcommand and option names (lowercase where a letter has case). */
const slashName = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const slashCommands = [askDefinition, helpDefinition, modelDefinition, settingsDefinition].map((definition) => definition.toJSON());

test('GIVEN /ask, /help and Ask Cordial THEN they can be installed on an account and used anywhere', () => {
  for (const command of [askDefinition.toJSON(), helpDefinition.toJSON(), askAboutDefinition.toJSON()]) {
    assert.deepEqual({ integration_types: command.integration_types, contexts: command.contexts }, everywhere, command.name);
    assert.equal(command.default_member_permissions, undefined, `${command.name}: open to everyone`);
  }
});

test('GIVEN /model and /settings THEN they belong to a server: guild install, used in servers, Manage Server by default', () => {
  for (const command of [modelDefinition.toJSON(), settingsDefinition.toJSON()]) {
    assert.deepEqual({ integration_types: command.integration_types, contexts: command.contexts }, serverOnly, command.name);
    assert.equal(command.default_member_permissions, manageGuild, command.name);
  }
});

test('GIVEN Ask Cordial THEN it is a message command: type 3, no description, a localized name within 32 characters', () => {
  const command = askAboutDefinition.toJSON();
  assert.equal(command.type, 3);
  assert.equal('description' in command ? command.description : undefined, undefined);
  assert.equal(command.name, 'Ask Cordial');
  assert.deepEqual(command.name_localizations, { ru: 'Спросить Cordial' });
  for (const name of [command.name, ...Object.values(command.name_localizations ?? {})]) assert.ok(name !== null && name.length >= 1 && name.length <= 32, String(name));
});

test('GIVEN /help THEN it is a slash command with no options, named in Russian too', () => {
  const command = helpDefinition.toJSON();
  assert.deepEqual([command.type, command.name, command.name_localizations, command.options], [1, 'help', { ru: 'помощь' }, []]);
});

test('GIVEN /settings THEN threads takes a required answer: every message or mentions, localized', () => {
  const command = settingsDefinition.toJSON();
  assert.deepEqual([command.name, command.name_localizations], ['settings', { ru: 'настройки' }]);
  const [threads] = command.options ?? [];
  assert.equal(threads?.type, 1, 'a subcommand');
  assert.deepEqual([threads?.name, threads?.name_localizations], ['threads', { ru: 'ветки' }]);
  const [answer] = threads !== undefined && 'options' in threads ? (threads.options ?? []) : [];
  assert.ok(answer !== undefined && answer.type === 3, 'a string option');
  assert.deepEqual([answer.name, answer.name_localizations, answer.required], ['answer', { ru: 'отвечать' }, true]);
  const choices = 'choices' in answer ? (answer.choices ?? []) : [];
  assert.deepEqual(choices.map((choice) => choice.value), ['every-message', 'mentions']);
  for (const choice of choices) assert.ok(choice.name_localizations?.ru !== undefined && choice.name.length <= 100, choice.name);
});

/** Every name and description of a command and its options, localizations included. */
function labelsOf(command: RESTPostAPIApplicationCommandsJSONBody | APIApplicationCommandOption): Array<{ kind: 'name' | 'description'; text: string }> {
  const names = [command.name, ...Object.values(command.name_localizations ?? {})];
  const descriptions = 'description' in command ? [command.description, ...Object.values(command.description_localizations ?? {})] : [];
  const options = 'options' in command ? (command.options ?? []) : [];
  return [
    ...names.filter((text) => text != null).map((text) => ({ kind: 'name' as const, text })),
    ...descriptions.filter((text) => text != null).map((text) => ({ kind: 'description' as const, text })),
    ...options.flatMap((option) => labelsOf(option)),
  ];
}

test('GIVEN every slash command THEN each name and description, in each language, is one Discord accepts', () => {
  for (const command of slashCommands) {
    for (const { kind, text } of labelsOf(command)) {
      if (kind === 'name') {
        assert.match(text, slashName, `${command.name}: ${text}`);
        assert.equal(text, text.toLowerCase(), `${command.name}: ${text} must be lowercase`);
      } else {
        assert.ok(text.length >= 1 && text.length <= 100, `${command.name}: ${text} (${text.length})`);
      }
    }
  }
});
