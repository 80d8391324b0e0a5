import { ApplicationIntegrationType, ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type SlashCommandSubcommandBuilder } from 'discord.js';
import { commandNames, nameLocalizations } from '../../i18n/command-names.ts';

/** The subcommands that change a rule, as `/access` registers them. */
export const accessChanges = ['allow', 'block', 'remove'] as const;

/** One of `accessChanges`. */
export type AccessChange = (typeof accessChanges)[number];

/**
 * What a rule may name as its channel: channels people write in, and categories (which stand for
 * their channels). Threads are left out: a thread follows its channel.
 */
const ruleChannelTypes = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
  ChannelType.GuildCategory,
] as const;

const descriptions: Record<AccessChange, { en: string; ru: string }> = {
  allow: { en: 'Let a role use the bot, or the bot answer in a channel (then only the allowed ones)', ru: 'Разрешить боту роль или канал (тогда только разрешённые)' },
  block: { en: 'Keep a role from using the bot, or the bot from answering in a channel', ru: 'Запретить боту роль или канал' },
  remove: { en: 'Take away the rules on a role or channel', ru: 'Снять правила для роли или канала' },
};

function withTarget(command: SlashCommandSubcommandBuilder, change: AccessChange): SlashCommandSubcommandBuilder {
  const key = change === 'allow' ? 'accessAllow' : change === 'block' ? 'accessBlock' : 'accessRemove';
  return command
    .setName(commandNames[key].en)
    .setNameLocalizations(nameLocalizations(key))
    .setDescription(descriptions[change].en)
    .setDescriptionLocalizations({ ru: descriptions[change].ru })
    .addRoleOption((option) =>
      option
        .setName(commandNames.accessRole.en)
        .setNameLocalizations(nameLocalizations('accessRole'))
        .setDescription('A role (@everyone stands for every member)')
        .setDescriptionLocalizations({ ru: 'Роль (@everyone — все участники)' }),
    )
    .addChannelOption((option) =>
      option
        .setName(commandNames.accessChannel.en)
        .setNameLocalizations(nameLocalizations('accessChannel'))
        .setDescription('A channel (with its threads) or a category (with its channels)')
        .setDescriptionLocalizations({ ru: 'Канал (с его ветками) или категория (с её каналами)' })
        .addChannelTypes(...ruleChannelTypes),
    );
}

/**
 * `/access allow|block|remove [role:] [channel:]` and `/access list`: who may use the bot on this
 * server. Exactly one of `role` and `channel` is wanted; Discord cannot require "one of two", so
 * the command checks it. Like `/settings`, a server's own setting: Manage Server by default
 * (checked in code too), installed with the bot on a server and offered only there.
 */
export const accessDefinition = new SlashCommandBuilder()
  .setName(commandNames.access.en)
  .setNameLocalizations(nameLocalizations('access'))
  .setDescription('Choose who may use the bot on this server, and where')
  .setDescriptionLocalizations({ ru: 'Выбрать, кто и где может пользоваться ботом на этом сервере' })
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((command) => withTarget(command, 'allow'))
  .addSubcommand((command) => withTarget(command, 'block'))
  .addSubcommand((command) => withTarget(command, 'remove'))
  .addSubcommand((command) =>
    command
      .setName(commandNames.accessList.en)
      .setNameLocalizations(nameLocalizations('accessList'))
      .setDescription('Show this server’s rules')
      .setDescriptionLocalizations({ ru: 'Показать правила этого сервера' }),
  );
