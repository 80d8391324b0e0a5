import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder, type SlashCommandSubcommandBuilder } from 'discord.js';
import type { UsagePeriod } from '../../i18n/catalog.ts';
import { commandNames, nameLocalizations } from '../../i18n/command-names.ts';

const periodNames: Record<UsagePeriod, { en: string; ru: string }> = {
  today: { en: 'today', ru: 'сегодня' },
  '7d': { en: 'last 7 days', ru: 'последние 7 дней' },
  '30d': { en: 'last 30 days', ru: 'последние 30 дней' },
  '90d': { en: 'last 90 days', ru: 'последние 90 дней' },
};

function withPeriod(command: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return command.addStringOption((option) =>
    option
      .setName(commandNames.usagePeriod.en)
      .setNameLocalizations(nameLocalizations('usagePeriod'))
      .setDescription('Which UTC days (default: the last 7)')
      .setDescriptionLocalizations({ ru: 'За какие дни по UTC (по умолчанию — последние 7)' })
      .addChoices(...(Object.keys(periodNames) as UsagePeriod[]).map((value) => ({ name: periodNames[value].en, name_localizations: { ru: periodNames[value].ru }, value }))),
  );
}

/**
 * `/usage server [period]` (Manage Server, checked in code) and `/usage me [period]` (anyone).
 * Discord's default permissions cover a whole command, never one subcommand, so the command
 * declares none: declaring Manage Server would hide `me` from the people it is for. Offered
 * wherever `/ask` is, so `/usage me` works in DMs too (there: usage everywhere).
 */
export const usageDefinition = new SlashCommandBuilder()
  .setName(commandNames.usage.en)
  .setNameLocalizations(nameLocalizations('usage'))
  .setDescription('Tokens and answers used, per day, model and person')
  .setDescriptionLocalizations({ ru: 'Сколько токенов и ответов израсходовано: по дням, моделям и людям' })
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel)
  .addSubcommand((command) =>
    withPeriod(
      command
        .setName(commandNames.usageServer.en)
        .setNameLocalizations(nameLocalizations('usageServer'))
        .setDescription('This server’s usage (Manage Server)')
        .setDescriptionLocalizations({ ru: 'Расход этого сервера (право «Управлять сервером»)' }),
    ),
  )
  .addSubcommand((command) =>
    withPeriod(
      command
        .setName(commandNames.usageMe.en)
        .setNameLocalizations(nameLocalizations('usageMe'))
        .setDescription('Your own usage here (in DMs: everywhere)')
        .setDescriptionLocalizations({ ru: 'Ваш расход здесь (в личных сообщениях — везде)' }),
    ),
  );
