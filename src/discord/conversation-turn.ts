import type { AnyThreadChannel, DMChannel, PartialDMChannel } from 'discord.js';
import { awaitsAnswerIn } from '../answers/conversation-history.ts';
import type { MessageSource } from '../answers/message-source.ts';
import { directConversation, threadConversation } from '../answers/turn-conversation.ts';
import { catalogFor } from '../i18n/locale.ts';
import { answerInChannel } from './answer-in-channel.ts';
import type { BotContext } from './bot-context.ts';
import { discordMessageSource } from './discord-message-source.ts';

/**
 * Answers a bot thread's newest messages with its history and the model it started with;
 * `newestAuthorId`, who wrote the newest of them, is the one whose daily token quota it counts against.
 */
export async function answerThreadTurn(context: BotContext, thread: AnyThreadChannel, newestAuthorId: string): Promise<void> {
  const record = await context.store.getThread(thread.id);
  const source = discordMessageSource(thread, context);
  if (record === undefined || !(await hasSomethingToAnswer(context, source))) return;
  await answerInChannel(context, {
    trigger: 'thread',
    source,
    guildId: thread.guildId,
    locale: thread.guild.preferredLocale,
    modelId: record.modelId,
    quotaUserId: newestAuthorId,
    claimQuota: false,
    conversationId: thread.id,
    conversation: (_modelId, contextTokens) => threadConversation(context, source, record, contextTokens),
    // a Regenerate answers the thread as it was up to the newest message this turn read
    record: (conversation) => ({ turn: { upTo: conversation.newestMessageId }, follows: null }),
    logContext: { thread: thread.id, guild: thread.guildId },
  });
}

/**
 * Answers a person's newest direct messages with the DM's history and the bot's global default
 * model (a DM belongs to no server, so no server default applies).
 */
export async function answerDirectTurn(context: BotContext, channel: DMChannel | PartialDMChannel, personId: string): Promise<void> {
  const source = discordMessageSource(channel, context);
  if (!(await hasSomethingToAnswer(context, source))) return;
  await answerInChannel(context, {
    trigger: 'dm',
    source,
    guildId: null,
    // a DM has no server language and a message carries no locale: the default language
    locale: undefined,
    modelId: context.config.defaultModel,
    askerId: personId,
    claimQuota: true,
    noModelText: catalogFor(undefined).noModelForDirectMessages,
    conversationId: channel.id,
    conversation: (modelId, contextTokens) => directConversation(context, source, modelId, contextTokens),
    record: (conversation) => ({ turn: { upTo: conversation.newestMessageId }, follows: null }),
    logContext: { dm: channel.id },
  });
}

/**
 * A thread answers once per batch of new messages: when two arrive before a turn reads the
 * history, that turn answers both, and the turn the second one queued finds nothing left.
 */
async function hasSomethingToAnswer(context: BotContext, source: MessageSource): Promise<boolean> {
  if (await awaitsAnswerIn(context, source)) return true;
  context.logger.debug({ channel: source.id }, 'turn skipped: nothing new to answer');
  return false;
}
