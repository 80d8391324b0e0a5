import type { ChatInputCommandInteraction, MessageContextMenuCommandInteraction, RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { BotContext } from '../bot-context.ts';
import * as access from './access.ts';
import * as ask from './ask.ts';
import * as askAbout from './ask-about.ts';
import * as help from './help.ts';
import * as model from './model.ts';
import * as prompt from './prompt.ts';
import * as quota from './quota.ts';
import * as settings from './settings.ts';
import * as usage from './usage.ts';

/**
 * An application command, in the shape of the discord.js guide: `data` is what
 * `deploy-commands` registers, `execute` runs it. One registry, so the two cannot drift apart.
 */
export interface Command<I extends ChatInputCommandInteraction | MessageContextMenuCommandInteraction = ChatInputCommandInteraction> {
  /** Its definition (a builder with `toJSON()`), names and descriptions localized. */
  data: { name: string; toJSON(): RESTPostAPIApplicationCommandsJSONBody };
  /** Runs it. */
  execute(interaction: I, context: BotContext): Promise<void>;
}

/** Slash commands, by name. Listed explicitly so the set is obvious. */
export const slashCommands: ReadonlyMap<string, Command> = new Map<string, Command>([ask, model, prompt, help, settings, access, usage, quota].map((command) => [command.data.name, command]));

/** Message context-menu commands (Apps → …), by name. */
export const messageCommands: ReadonlyMap<string, Command<MessageContextMenuCommandInteraction>> = new Map<string, Command<MessageContextMenuCommandInteraction>>(
  [askAbout].map((command) => [command.data.name, command]),
);

/** Every command's definition, as Discord's JSON (what `deploy-commands` registers). */
export function commandDefinitions(): RESTPostAPIApplicationCommandsJSONBody[] {
  return [...slashCommands.values(), ...messageCommands.values()].map((command) => command.data.toJSON());
}
