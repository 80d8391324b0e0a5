import type { ChatInputCommandInteraction, SlashCommandBuilder, SlashCommandOptionsOnlyBuilder, SlashCommandSubcommandsOnlyBuilder } from 'discord.js';
import type { BotContext } from '../bot-context.ts';
import * as ask from './ask.ts';
import * as model from './model.ts';

/** A slash command: its definition and what it does. */
export interface Command {
  /** The definition registered with Discord. */
  data: SlashCommandBuilder | SlashCommandOptionsOnlyBuilder | SlashCommandSubcommandsOnlyBuilder;
  /** Runs it. */
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
}

/** Every command, by name. Listed explicitly so the set is obvious. */
export const commands: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['ask', ask],
  ['model', model],
]);
