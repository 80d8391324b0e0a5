import { ChannelType, PermissionFlagsBits, type Message } from 'discord.js';
import { withoutMentionOf } from '../answers/reply-chain.ts';
import { promptConversation } from '../answers/turn-conversation.ts';
import type { MessageAttachment } from '../conversation/thread-message.ts';
import { hasVisibleText } from '../conversation/visible-text.ts';
import { commandText } from '../i18n/command-names.ts';
import { catalogFor, languageOf } from '../i18n/locale.ts';
import { answerInChannel } from './answer-in-channel.ts';
import type { BotContext } from './bot-context.ts';
import { discordMessageSource } from './discord-message-source.ts';
import { openAnswerThread } from './open-answer-thread.ts';
import { settingsChannelId } from './settings-channel.ts';
import { noMentions } from './sinks/rest-write.ts';
import { toThreadMessage } from './thread-message-from-discord.ts';
import { canReplyIn } from './reply-permission.ts';
import type { PromptTurn } from '../answers/regenerate-turn.ts';

/** Channels whose messages can carry a thread (text in a voice channel cannot). */
const threadParents: ReadonlySet<ChannelType> = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

/**
 * `@Cordial question` in a server channel (not one of the bot's threads): answers the question,
 * with the server's model, in a reply to the message, then opens a thread on the answer as
 * `/ask` does — except in another thread, where the reply is all. A mention that asks nothing
 * gets a reply saying how to ask.
 */
export async function answerMention(context: BotContext, message: Message<true>): Promise<void> {
  const locale = message.guild.preferredLocale;
  const catalog = catalogFor(locale);
  const asked = toThreadMessage(message, context.botUserId);
  // other mentions stay as Discord wrote them, as in an /ask prompt; the thread's name shows them by name
  const prompt = withoutMentionOf(message.content, context.botUserId);
  const attachments = [...(asked.attachments ?? [])];
  const say = (content: string) => message.reply({ content, allowedMentions: noMentions });
  if (!hasVisibleText(prompt) && attachments.length === 0) {
    const language = languageOf(locale);
    return void (await say(catalog.mentionWithoutQuestion(commandText(language, 'ask'), commandText(language, 'help'))));
  }
  if (prompt.length > context.config.maxPromptLength) return void (await say(catalog.promptTooLong(prompt.length, context.config.maxPromptLength)));

  const asker = { id: asked.authorId, name: asked.authorName };
  const place = { guildId: message.guildId, channelId: settingsChannelId(message.channel, message.channelId) };
  const logContext = { trigger: 'mention', guild: message.guildId, channel: message.channelId, message: message.id, user: asker.id };
  const answered = await answerInChannel(context, {
    trigger: 'mention',
    source: discordMessageSource(message.channel, context),
    guildId: message.guildId,
    locale,
    modelId: (await context.models.effective(place))?.modelId,
    askerId: asker.id,
    claimQuota: true,
    ...(canReplyIn(message.channel, context.client.user) ? { replyTo: message.id } : {}),
    conversation: (modelId, contextTokens) =>
      promptConversation(context, { messages: [], prompt: { authorId: asker.id, authorName: asker.name, content: prompt, attachments }, modelId, contextTokens, place }),
    record: () => ({ turn: { prompt, attachments, authorId: asker.id, authorName: asker.name } satisfies PromptTurn, follows: null }),
    logContext,
  });
  if (answered === undefined || !threadParents.has(message.channel.type)) return;
  await openAnswerThread(context, {
    catalog,
    prompt,
    result: answered.result,
    guild: message.guild,
    guildId: message.guildId,
    channelId: message.channelId,
    modelId: answered.modelId,
    asker,
    attachments,
    canCreateThreads: message.channel.permissionsFor(context.client.user)?.has(PermissionFlagsBits.CreatePublicThreads) === true,
    // a message has no private way back to its author, and a public note under every mention
    // would repeat to everyone until an admin grants the permission: the log names it
    tellMissingPermission: async () => undefined,
    logContext,
  });
}
