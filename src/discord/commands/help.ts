import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { systemPromptFor } from '../../answers/system-prompt-lookup.ts';
import { catalogFor, languageOf } from '../../i18n/locale.ts';
import type { ThreadRecord } from '../../store/store.ts';
import type { BotContext } from '../bot-context.ts';
import { commandGuildOf } from '../command-mentions.ts';
import { helpText, type HelpPlace } from '../help-text.ts';
import { botIsInChannel } from '../interaction-place.ts';
import { settingsChannelId } from '../settings-channel.ts';
import { noMentions } from '../sinks/rest-write.ts';
import { helpDefinition } from './help-definition.ts';

/** `/help`. */
export const data = helpDefinition;

/**
 * `/help`: a private answer, in the asker's language, saying how to talk to the bot where they
 * are and what applies there (model, system prompt, limits), with clickable command mentions.
 * Deferred first: the first mention lookup is a REST call that may outlast Discord's 3 seconds.
 */
export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { place, thread } = await helpPlaceOf(interaction, context);
  const settingsPlace = { guildId: place === 'dm' ? null : interaction.guildId, channelId: settingsChannelId(interaction.channel, interaction.channelId) };
  const inServer = place === 'channel' || place === 'thread' || place === 'bot-thread';
  const mention = await context.commandMentions.mentionsFor(commandGuildOf(interaction), languageOf(interaction.locale));
  const content = helpText({
    catalog: catalogFor(interaction.locale),
    place,
    bot: { id: context.client.user.id, name: interaction.guild?.members.me?.displayName ?? context.client.user.displayName },
    // a DM turn answers with DEFAULT_MODEL and SYSTEM_PROMPT: no server's or channel's setting applies there
    model: (await context.models.effective({ threadModel: thread?.modelId, channelId: settingsPlace.channelId, guildId: settingsPlace.guildId })),
    systemPrompt: (await systemPromptFor(context, { threadPrompt: thread?.system, ...settingsPlace })),
    maxAnswersPerUser: context.config.maxAnswersPerUser,
    maxPromptLength: context.config.maxPromptLength,
    threadReplies: inServer && interaction.guildId !== null ? (await context.store.getThreadReplies(interaction.guildId)) : 'every-message',
    readsMessages: context.messageContent,
    directMessages: context.config.directMessages,
    mention,
  });
  await interaction.editReply({ content, allowedMentions: noMentions });
}

/** Where `/help` was used (see `HelpPlace`), with the bot thread's record when it is one. */
export async function helpPlaceOf(interaction: ChatInputCommandInteraction, context: Pick<BotContext, 'store'>): Promise<{ place: HelpPlace; thread?: ThreadRecord }> {
  if (!botIsInChannel(interaction)) return { place: 'user-install' };
  if (interaction.guildId === null) return { place: 'dm' };
  const channel = interaction.channel;
  if (channel?.isThread() !== true) return { place: 'channel' };
  const thread = await context.store.getThread(channel.id);
  return thread === undefined ? { place: 'thread' } : { place: 'bot-thread', thread };
}
