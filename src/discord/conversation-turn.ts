import type { AnyThreadChannel, DMChannel, PartialDMChannel } from 'discord.js';
import { catalogFor } from '../i18n/locale.ts';
import { unknownModelReason } from '../i18n/unknown-model-reason.ts';
import { UnknownModelError } from '../providers/registry.ts';
import type { BotContext } from './bot-context.ts';
import { contextTokensOf, resolveOrExplain } from './model-lookup.ts';
import { rememberedSink } from './remembered-sink.ts';
import { createChannelSink } from './sinks/channel-sink.ts';
import { noMentions } from './sinks/rest-write.ts';
import { stopControls } from './stop-button.ts';
import { awaitsAnswerIn, directConversation, threadConversation, type ThreadConversation } from './thread-history.ts';
import { toThreadMessage } from './thread-message-from-discord.ts';

/** A channel the bot holds a conversation in: a bot thread, or a direct message. */
export type ConversationChannel = AnyThreadChannel | DMChannel | PartialDMChannel;

/** Answers a bot thread's newest messages with its history and the model it started with. */
export async function answerThreadTurn(context: BotContext, thread: AnyThreadChannel): Promise<void> {
  const record = context.store.getThread(thread.id);
  if (record === undefined || !(await hasSomethingToAnswer(context, thread))) return;
  await answerConversation(context, thread, {
    locale: thread.guild.preferredLocale,
    modelId: record.modelId,
    conversation: (contextTokens) => threadConversation(context, thread, record, contextTokens),
  });
}

/**
 * Answers a person's newest direct messages with the DM's history and the bot's global default
 * model (a DM belongs to no server, so no server default applies).
 */
export async function answerDirectTurn(context: BotContext, channel: DMChannel | PartialDMChannel, personId: string): Promise<void> {
  if (!(await hasSomethingToAnswer(context, channel))) return;
  const catalog = catalogFor(undefined);
  const modelId = context.config.defaultModel;
  if (modelId === undefined) {
    await sendNote(context, channel, catalog.noModelForDirectMessages);
    return;
  }
  const release = context.quota.claim(personId);
  if (release === undefined) {
    await sendNote(context, channel, catalog.tooManyAnswers(context.quota.limit));
    return;
  }
  try {
    await answerConversation(context, channel, {
      // a DM has no server language and a message carries no locale: the default language
      locale: undefined,
      modelId,
      conversation: (contextTokens) => directConversation(context, channel, contextTokens),
    });
  } finally {
    release();
  }
}

async function answerConversation(
  context: BotContext,
  channel: ConversationChannel,
  turn: { locale: string | undefined; modelId: string; conversation: (contextTokens: number) => Promise<ThreadConversation> },
): Promise<void> {
  const catalog = catalogFor(turn.locale);
  // a courtesy while the model thinks: never awaited, and skipped when message writes are
  // already queueing for Discord's global budget (the answer itself shows up soon enough)
  if (context.writeGate.waiting === 0) void channel.sendTyping().catch(() => undefined);
  const resolved = await resolveOrExplain(context, turn.modelId);
  if (resolved instanceof UnknownModelError) {
    await sendNote(context, channel, catalog.unknownModel(turn.modelId, unknownModelReason(turn.modelId, context.registry.providers)));
    return;
  }
  const conversation = await turn.conversation(await contextTokensOf(resolved));
  // the model cannot see this turn's images: the channel is told in one line, before the answer
  if (conversation.imagesNotShown.length > 0) {
    await sendNote(context, channel, catalog.imagesNotShown(conversation.imagesNotShown, resolved.id)).catch((error: unknown) => {
      context.logger.warn({ err: error, channel: channel.id }, 'could not say which images the model was not shown');
    });
  }
  const channelSink = createChannelSink(context.client.rest, channel.id, context.writeGate, stopControls(catalog));
  const reply = rememberedSink(channelSink);
  const result = await context.answers.run({
    resolved,
    messages: conversation.messages,
    ...(conversation.maxTokens === undefined ? {} : { maxTokens: conversation.maxTokens }),
    sink: reply.sink,
    showControls: channelSink.showControls,
    catalog,
    askedBy: conversation.askedBy,
    place: { guildId: channel.isDMBased() ? null : channel.guildId, channelId: channel.id },
    recoverable: { channelId: channel.id, locale: turn.locale ?? '' },
    logContext: { ...(channel.isDMBased() ? { dm: channel.id } : { thread: channel.id, guild: channel.guildId }), dropped: conversation.dropped.length },
  });
  reply.remember(context.historyCache, channel.id, context.client.user.id);
  const firstMessageId = result.messageIds[0];
  if (firstMessageId !== undefined && conversation.newestMessageId !== undefined) context.answerAnchors.set(firstMessageId, conversation.newestMessageId);
}

/**
 * A thread answers once per batch of new messages: when two arrive before a turn reads the
 * history, that turn answers both, and the turn the second one queued finds nothing left.
 */
async function hasSomethingToAnswer(context: BotContext, channel: ConversationChannel): Promise<boolean> {
  if (await awaitsAnswerIn(context, channel)) return true;
  context.logger.debug({ channel: channel.id }, 'turn skipped: nothing new to answer');
  return false;
}

/**
 * Sends a note that stands for this turn's answer, and puts it into the history cache at once,
 * as `rememberedSink` does for answers: the next turn must see that this one was answered, even
 * before the gateway's MESSAGE_CREATE arrives.
 */
async function sendNote(context: BotContext, channel: ConversationChannel, content: string): Promise<void> {
  const sent = await channel.send({ content, allowedMentions: noMentions });
  context.historyCache.onMessageCreated(channel.id, toThreadMessage(sent, context.client.user.id));
}
