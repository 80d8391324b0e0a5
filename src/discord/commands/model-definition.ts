import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { commandNames, nameLocalizations } from '../../i18n/command-names.ts';
import { scopeOption } from './setting-scope.ts';

/**
 * `/model set|reset|show|list`. Manage Server is the declared default permission (admins can
 * open it to others in Server Settings → Integrations); `set` and `reset` check it in code too.
 * A server's own setting: installed with the bot on a server and offered only there.
 */
export const modelDefinition = new SlashCommandBuilder()
  .setName(commandNames.model.en)
  .setNameLocalizations(nameLocalizations('model'))
  .setDescription('Show, list or choose the language model of this server')
  .setDescriptionLocalizations({ ru: 'Показать, перечислить или выбрать языковую модель сервера' })
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((command) =>
    command
      .setName(commandNames.modelSet.en)
      .setNameLocalizations(nameLocalizations('modelSet'))
      .setDescription('Set this server’s default model')
      .setDescriptionLocalizations({ ru: 'Выбрать модель сервера по умолчанию' })
      .addStringOption((option) =>
        option
          .setName(commandNames.modelSetModel.en)
          .setNameLocalizations(nameLocalizations('modelSetModel'))
          .setDescription('A model id, e.g. openai/gpt-4o-mini')
          .setDescriptionLocalizations({ ru: 'Идентификатор модели, например openai/gpt-4o-mini' })
          .setRequired(true)
          .setAutocomplete(true),
      )
      .addStringOption((option) => scopeOption(option, false)),
  )
  .addSubcommand((command) =>
    command
      .setName(commandNames.modelReset.en)
      .setNameLocalizations(nameLocalizations('modelReset'))
      .setDescription('Clear this server’s default model (the global default applies)')
      .setDescriptionLocalizations({ ru: 'Сбросить модель сервера (будет действовать общая)' })
      .addStringOption((option) => scopeOption(option, false)),
  )
  .addSubcommand((command) =>
    command
      .setName(commandNames.modelShow.en)
      .setNameLocalizations(nameLocalizations('modelShow'))
      .setDescription('Show the model used here and where it comes from')
      .setDescriptionLocalizations({ ru: 'Показать, какая модель используется здесь и почему' }),
  )
  .addSubcommand((command) =>
    command
      .setName(commandNames.modelList.en)
      .setNameLocalizations(nameLocalizations('modelList'))
      .setDescription('List the configured models by provider, with availability')
      .setDescriptionLocalizations({ ru: 'Перечислить модели по провайдерам и их доступность' }),
  );
