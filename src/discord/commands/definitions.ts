import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { askDefinition } from './ask-definition.ts';
import { modelDefinition } from './model-definition.ts';

/** Every slash command the bot registers, as Discord's JSON. */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [askDefinition.toJSON(), modelDefinition.toJSON()];
}
