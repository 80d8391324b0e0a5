import { MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js';
import { catalogFor } from '../i18n/locale.ts';
import { refusedInteraction } from './access-gate.ts';
import { REASONING_BUTTON_PREFIX, REGENERATE_BUTTON_ID, REGENERATE_SELECT_ID, STOP_BUTTON_ID } from './answer-controls.ts';
import type { BotContext } from './bot-context.ts';
import { isAskAboutModal } from './ask-about-modal.ts';
import * as askAbout from './commands/ask-about.ts';
import * as prompt from './commands/prompt.ts';
import { isPromptModal } from './prompt-modal.ts';
import { messageCommands, slashCommands } from './commands/index.ts';
import { autocompleteModel } from './commands/model-autocomplete.ts';
import { handleReasoningClick } from './reasoning-button.ts';
import { handleRegenerate } from './regenerate-button.ts';
import { handleStopClick } from './stop-button.ts';

/**
 * The one place interactions enter: routes commands, autocomplete, buttons and selects, refuses
 * whoever the server's access rules keep out (before any work: see `access-gate.ts` for which
 * interactions are gated), refuses new work during a shutdown, and turns any unforeseen failure into a short ephemeral answer
 * (reply or follow-up, depending on whether the interaction was already answered) — never a crash.
 */
export async function routeInteraction(interaction: Interaction, context: BotContext): Promise<void> {
  if (interaction.isAutocomplete()) {
    try {
      await autocompleteModel(interaction, context);
    } catch (error) {
      context.logger.warn({ error: (error as Error).message }, 'autocomplete failed');
    }
    return;
  }
  if (await refusedInteraction(interaction, context)) return;
  if (interaction.isButton()) {
    const { customId } = interaction;
    if (customId === STOP_BUTTON_ID) return guarded(context, interaction, () => handleStopClick(interaction, context), { button: customId });
    if (customId.startsWith(REASONING_BUTTON_PREFIX)) return guarded(context, interaction, () => handleReasoningClick(interaction, context), { button: customId });
    if (customId === REGENERATE_BUTTON_ID) return refusingDuringShutdown(context, interaction, () => handleRegenerate(interaction, context), { button: customId });
    return;
  }
  if (interaction.isStringSelectMenu()) {
    if (interaction.customId === REGENERATE_SELECT_ID) return refusingDuringShutdown(context, interaction, () => handleRegenerate(interaction, context), { select: interaction.customId });
    return;
  }
  const work = workOf(interaction, context);
  if (work === undefined) return;
  await refusingDuringShutdown(context, interaction, work, {});
}

/** New answers are refused once a shutdown began: the person is told privately to try again. */
async function refusingDuringShutdown(context: BotContext, interaction: RepliableInteraction, work: () => Promise<void>, fields: Record<string, unknown>): Promise<void> {
  if (context.runner.shuttingDown) {
    await interaction.reply({ content: catalogFor(interaction.locale).shuttingDown, flags: MessageFlags.Ephemeral }).catch(() => undefined);
    return;
  }
  await guarded(context, interaction, work, fields);
}

/** What a command interaction runs, if it is one of ours. */
function workOf(interaction: Interaction, context: BotContext): (() => Promise<void>) | undefined {
  if (interaction.isChatInputCommand()) {
    const command = slashCommands.get(interaction.commandName);
    return command === undefined ? undefined : () => command.execute(interaction, context);
  }
  if (interaction.isMessageContextMenuCommand()) {
    const command = messageCommands.get(interaction.commandName);
    return command === undefined ? undefined : () => command.execute(interaction, context);
  }
  if (interaction.isModalSubmit() && isAskAboutModal(interaction.customId)) return () => askAbout.submit(interaction, context);
  if (interaction.isModalSubmit() && isPromptModal(interaction.customId)) return () => prompt.submit(interaction, context);
  return undefined;
}

/** Runs an interaction's work; a failure is logged and told to the person privately. */
async function guarded(context: BotContext, interaction: RepliableInteraction, work: () => Promise<void>, fields: Record<string, unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const name = interaction.isCommand() ? interaction.commandName : undefined;
    context.logger.error({ err: error, command: name, ...fields, guild: interaction.guildId, user: interaction.user.id }, 'interaction failed');
    const answer = { content: catalogFor(interaction.locale).unexpectedError, flags: MessageFlags.Ephemeral } as const;
    await (interaction.replied || interaction.deferred ? interaction.followUp(answer) : interaction.reply(answer)).catch(() => undefined);
  }
}
