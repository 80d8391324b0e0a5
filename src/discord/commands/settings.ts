import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { catalogFor } from '../../i18n/locale.ts';
import type { BotContext } from '../bot-context.ts';
import { displayNameOf } from '../display-name.ts';
import { settingsDefinition, threadRepliesChoices, type ThreadRepliesChoice } from './settings-definition.ts';

/** `/settings threads answer:<every-message|mentions>`. */
export const data = settingsDefinition;

/**
 * `/settings threads answer:`: sets which messages the bot answers in this server's bot threads
 * (kept in the store, so it survives restarts). Answered privately; Manage Server is checked
 * here as well, since server admins can open the command to anyone.
 */
export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const catalog = catalogFor(interaction.locale);
  const reply = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral });
  const guildId = interaction.guildId;
  if (guildId === null) return void (await reply(catalog.serverOnly));
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) !== true) return void (await reply(catalog.settingsNeedManageServer));
  const mode = interaction.options.getString('answer', true);
  // Discord offers only the choices, but a stale registration could send anything
  if (!isThreadRepliesChoice(mode)) return void (await reply(catalog.unexpectedError));
  await context.store.setThreadReplies(guildId, mode, { userId: interaction.user.id, name: displayNameOf(interaction) });
  context.logger.info({ guild: guildId, user: interaction.user.id, threadReplies: mode }, 'server thread replies set');
  await reply(catalog.threadRepliesSet(mode));
}

function isThreadRepliesChoice(value: string): value is ThreadRepliesChoice {
  return (threadRepliesChoices as readonly string[]).includes(value);
}
