import { MessageFlags, type Interaction } from 'discord.js';
import { catalogFor } from '../i18n/locale.ts';
import type { BotContext } from './bot-context.ts';
import { commands } from './commands/index.ts';
import { autocompleteModel } from './commands/model-autocomplete.ts';
import { handleStopClick, STOP_BUTTON_ID } from './stop-button.ts';
import { handleReasoningClick, REASONING_BUTTON_PREFIX } from './reasoning-button.ts';

/**
 * The one place interactions enter: routes commands, autocomplete, Stop and Reasoning buttons, refuses
 * commands during a shutdown, and turns any unforeseen failure into a short ephemeral answer
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
  if (interaction.isButton()) {
    const isStop = interaction.customId === STOP_BUTTON_ID;
    if (!isStop && !interaction.customId.startsWith(REASONING_BUTTON_PREFIX)) return;
    try {
      await (isStop ? handleStopClick(interaction, context) : handleReasoningClick(interaction, context));
    } catch (error) {
      context.logger.warn({ error: (error as Error).message, message: interaction.message.id, button: interaction.customId }, 'button failed');
    }
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  const catalog = catalogFor(interaction.locale);
  const command = commands.get(interaction.commandName);
  if (command === undefined) return;
  if (context.answers.shuttingDown) {
    await interaction.reply({ content: catalog.shuttingDown, flags: MessageFlags.Ephemeral }).catch(() => undefined);
    return;
  }
  try {
    await command.execute(interaction, context);
  } catch (error) {
    context.logger.error({ err: error, command: interaction.commandName, guild: interaction.guildId, user: interaction.user.id }, 'command failed');
    const answer = { content: catalog.unexpectedError, flags: MessageFlags.Ephemeral } as const;
    await (interaction.replied || interaction.deferred ? interaction.followUp(answer) : interaction.reply(answer)).catch(() => undefined);
  }
}
