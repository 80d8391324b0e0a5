import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { commandNames, nameLocalizations } from '../../i18n/command-names.ts';

/**
 * The values of `/settings threads answer:`, as the store keeps them: answer every message in
 * the bot's threads (the default), or only those that mention the bot or reply to it.
 */
export const threadRepliesChoices = ['every-message', 'mentions'] as const;

/** One of `threadRepliesChoices` (the store's `ThreadReplies`). */
export type ThreadRepliesChoice = (typeof threadRepliesChoices)[number];

const choiceNames: Record<ThreadRepliesChoice, { en: string; ru: string }> = {
  'every-message': { en: 'every message (default)', ru: 'на каждое сообщение (по умолчанию)' },
  mentions: { en: 'only mentions and replies to the bot', ru: 'только на упоминания и ответы боту' },
};

/**
 * `/settings threads answer:<every-message|mentions>`: how the bot answers in this server's bot
 * threads. Like `/model`, a server's own setting: Manage Server is the declared default
 * permission (the command must check it in code too, as admins can open the command to others),
 * installed with the bot on a server and offered only there.
 */
export const settingsDefinition = new SlashCommandBuilder()
  .setName(commandNames.settings.en)
  .setNameLocalizations(nameLocalizations('settings'))
  .setDescription('Change how the bot behaves on this server')
  .setDescriptionLocalizations({ ru: 'Настроить поведение бота на этом сервере' })
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((command) =>
    command
      .setName(commandNames.settingsThreads.en)
      .setNameLocalizations(nameLocalizations('settingsThreads'))
      .setDescription('Which messages the bot answers in its threads on this server')
      .setDescriptionLocalizations({ ru: 'На какие сообщения бот отвечает в своих ветках на этом сервере' })
      .addStringOption((option) =>
        option
          .setName(commandNames.settingsThreadsAnswer.en)
          .setNameLocalizations(nameLocalizations('settingsThreadsAnswer'))
          .setDescription('Every message in a bot thread, or only those that mention the bot or reply to it')
          .setDescriptionLocalizations({ ru: 'Каждое сообщение в ветке бота или только те, что упоминают бота или отвечают ему' })
          .setRequired(true)
          .addChoices(...threadRepliesChoices.map((value) => ({ name: choiceNames[value].en, name_localizations: { ru: choiceNames[value].ru }, value }))),
      ),
  );
