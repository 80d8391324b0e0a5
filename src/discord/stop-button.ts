import { escapeMarkdown, MessageFlags, PermissionFlagsBits, type ButtonInteraction } from 'discord.js';
import { catalogFor } from '../i18n/locale.ts';
import type { BotContext } from './bot-context.ts';
import { displayNameOf } from './display-name.ts';

/**
 * Someone pressed a Stop button. The person who asked, or anyone who can manage messages in
 * the channel, stops the answer; its partial text stays, with a note saying who stopped it.
 * Anyone else is told so privately. A button with no answer behind it (left by a restart) is
 * taken away.
 */
export async function handleStopClick(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const outcome = context.runner.stop(interaction.message.id, {
    userId: interaction.user.id,
    name: escapeMarkdown(displayNameOf(interaction)),
    canManageMessages: interaction.inGuild() && interaction.memberPermissions.has(PermissionFlagsBits.ManageMessages),
  });
  context.logger.info({ message: interaction.message.id, user: interaction.user.id, outcome }, 'Stop button pressed');
  switch (outcome) {
    case 'stopped':
      // the reply's own final write shows the note and takes the button away
      await interaction.deferUpdate();
      return;
    case 'not-allowed':
      await interaction.reply({ content: catalogFor(interaction.locale).stopNotAllowed, flags: MessageFlags.Ephemeral });
      return;
    case 'not-running':
      // pressed as the answer ended: its final write shows its own controls (Regenerate) — keep them
      if ((await context.store.answerContaining(interaction.message.id)) !== undefined) return void (await interaction.deferUpdate());
      await interaction.update({ components: [] });
      return;
  }
}
