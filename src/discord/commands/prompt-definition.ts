import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { commandNames, nameLocalizations } from '../../i18n/command-names.ts';
import { scopeOption } from './setting-scope.ts';

/**
 * `/prompt set|show|reset`: the system prompt (persona) of this server or this channel. Manage
 * Channels is the declared default permission, the lesser of the two a change takes (a
 * channel's prompt); the server's takes Manage Server, and both are checked in code. A server's
 * own setting: installed with the bot on a server and offered only there.
 */
export const promptDefinition = new SlashCommandBuilder()
  .setName(commandNames.prompt.en)
  .setNameLocalizations(nameLocalizations('prompt'))
  .setDescription('Show or change the system prompt (persona) of this server or channel')
  .setDescriptionLocalizations({ ru: 'Показать или изменить системную инструкцию сервера или канала' })
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
  .addSubcommand((command) =>
    command
      .setName(commandNames.promptSet.en)
      .setNameLocalizations(nameLocalizations('promptSet'))
      .setDescription('Write the system prompt of this server or channel (opens a form)')
      .setDescriptionLocalizations({ ru: 'Написать системную инструкцию сервера или канала (откроет форму)' })
      .addStringOption((option) => scopeOption(option, true)),
  )
  .addSubcommand((command) =>
    command
      .setName(commandNames.promptShow.en)
      .setNameLocalizations(nameLocalizations('promptShow'))
      .setDescription('Show the system prompt that applies here and where it comes from')
      .setDescriptionLocalizations({ ru: 'Показать, какая системная инструкция действует здесь и откуда она' }),
  )
  .addSubcommand((command) =>
    command
      .setName(commandNames.promptReset.en)
      .setNameLocalizations(nameLocalizations('promptReset'))
      .setDescription('Clear the system prompt of this server or channel')
      .setDescriptionLocalizations({ ru: 'Сбросить системную инструкцию сервера или канала' })
      .addStringOption((option) => scopeOption(option, true)),
  );
