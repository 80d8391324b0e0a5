import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { commandNames, nameLocalizations } from '../../i18n/command-names.ts';

/**
 * `/help`, no options: a private answer saying how to talk to the bot where it is used (see
 * `help-text.ts`). Offered everywhere `/ask` is, since a user install needs it most.
 */
export const helpDefinition = new SlashCommandBuilder()
  .setName(commandNames.help.en)
  .setNameLocalizations(nameLocalizations('help'))
  .setDescription('How to talk to the bot here, and the model, system prompt and limits that apply')
  .setDescriptionLocalizations({ ru: 'Как говорить с ботом здесь; какие модель, системная инструкция и ограничения действуют' })
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel);
