import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../bot-context.ts';
import * as ask from './ask.ts';
import * as model from './model.ts';

/** A slash command's handler (its definition, registered by deploy-commands, is in `definitions.ts`). */
export interface Command {
  /** Runs it. */
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
}

/** Every command, by name. Listed explicitly so the set is obvious. */
export const commands: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['ask', ask],
  ['model', model],
]);
