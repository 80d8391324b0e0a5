import { ApplicationCommandType, ApplicationIntegrationType, ContextMenuCommandBuilder, InteractionContextType } from 'discord.js';
import { commandNames, nameLocalizations } from '../../i18n/command-names.ts';

/**
 * "Ask Cordial": a message command (Apps in a message's menu) that opens a modal asking what to
 * ask about that message. Discord hands the bot the target message's content even without the
 * Message Content intent. Message commands have no description; their name may hold spaces
 * and capitals (at most 32 characters). Offered wherever `/ask` is, user installs included.
 */
export const askAboutDefinition = new ContextMenuCommandBuilder()
  .setType(ApplicationCommandType.Message)
  .setName(commandNames.askAbout.en)
  .setNameLocalizations(nameLocalizations('askAbout'))
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel);
