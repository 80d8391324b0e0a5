import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { commandNames, nameLocalizations } from '../../i18n/command-names.ts';

/**
 * `/quota show`, `/quota set [person:] [server:]` and `/quota reset`: this server's daily token
 * quotas. Like `/access`, a server's own setting: Manage Server by default (checked in code for
 * `set` and `reset`, since admins can open the command to others), offered only in servers.
 */
export const quotaDefinition = new SlashCommandBuilder()
  .setName(commandNames.quota.en)
  .setNameLocalizations(nameLocalizations('quota'))
  .setDescription('Daily token quotas on this server')
  .setDescriptionLocalizations({ ru: 'Дневные квоты токенов на этом сервере' })
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((command) =>
    command
      .setName(commandNames.quotaShow.en)
      .setNameLocalizations(nameLocalizations('quotaShow'))
      .setDescription('Show the quotas that apply here, and today’s use')
      .setDescriptionLocalizations({ ru: 'Показать действующие квоты и сегодняшний расход' }),
  )
  .addSubcommand((command) =>
    command
      .setName(commandNames.quotaSet.en)
      .setNameLocalizations(nameLocalizations('quotaSet'))
      .setDescription('Set this server’s quotas, in tokens per UTC day (0: no quota)')
      .setDescriptionLocalizations({ ru: 'Задать квоты сервера в токенах за сутки по UTC (0 — без квоты)' })
      .addIntegerOption((option) =>
        option
          .setName(commandNames.quotaPerson.en)
          .setNameLocalizations(nameLocalizations('quotaPerson'))
          .setDescription('The most tokens one person may use here a day (0: no quota)')
          .setDescriptionLocalizations({ ru: 'Сколько токенов в день может израсходовать один человек (0 — без квоты)' })
          .setMinValue(0),
      )
      .addIntegerOption((option) =>
        option
          .setName(commandNames.quotaServer.en)
          .setNameLocalizations(nameLocalizations('quotaServer'))
          .setDescription('The most tokens the whole server may use a day (0: no quota)')
          .setDescriptionLocalizations({ ru: 'Сколько токенов в день может израсходовать весь сервер (0 — без квоты)' })
          .setMinValue(0),
      ),
  )
  .addSubcommand((command) =>
    command
      .setName(commandNames.quotaReset.en)
      .setNameLocalizations(nameLocalizations('quotaReset'))
      .setDescription('Forget this server’s own quotas: the bot’s defaults apply')
      .setDescriptionLocalizations({ ru: 'Сбросить квоты сервера: будут действовать квоты бота по умолчанию' }),
  );
