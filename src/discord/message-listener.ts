import { Events, type AnyThreadChannel, type Message, type PartialMessage } from 'discord.js';
import { catalogFor } from '../i18n/locale.ts';
import { UnknownModelError } from '../providers/registry.ts';
import type { BotContext } from './bot-context.ts';
import { contextTokensOf, resolveOrExplain } from './model-lookup.ts';
import { createChannelSink } from './sinks/channel-sink.ts';
import { rememberedSink } from './remembered-sink.ts';
import { noMentions } from './sinks/rest-write.ts';
import { isConversational, toThreadMessage } from './thread-message-from-discord.ts';
import { threadConversation } from './thread-history.ts';
import { stopControls } from './stop-button.ts';

/**
 * Keeps thread histories current from gateway events and answers people's messages in bot
 * threads: each is a turn, queued one at a time per thread, with the thread's own model.
 */
export function listenToMessages(context: BotContext): void {
  const { client, historyCache } = context;
  client.on(Events.MessageCreate, (message) => {
    if (!message.channel.isThread() || !isConversational(message)) return;
    historyCache.onMessageCreated(message.channelId, toThreadMessage(message, client.user.id));
    onPersonSpoke(context, message);
  });
  client.on(Events.MessageUpdate, (_old, message) => {
    if (!message.channel.isThread() || message.partial) return;
    historyCache.onMessageUpdated(message.channelId, toThreadMessage(message, client.user.id));
  });
  client.on(Events.MessageDelete, (message: Message | PartialMessage) => historyCache.onMessageDeleted(message.channelId, message.id));
  client.on(Events.ThreadDelete, (thread) => {
    historyCache.onThreadDeleted(thread.id);
    context.store.deleteThread(thread.id);
  });
}

function onPersonSpoke(context: BotContext, message: Message): void {
  if (message.author.bot || message.webhookId !== null || context.answers.shuttingDown) return;
  const thread = message.channel as AnyThreadChannel;
  if (context.store.getThread(thread.id) === undefined) return;
  // without the Message Content intent only messages that mention the bot have text
  if (message.content.trim() === '') return;
  context.turns.request(thread.id, async () => {
    try {
      await answerTurn(context, thread);
    } catch (error) {
      // e.g. the history could not be read: say so rather than leave the question unanswered
      context.logger.error({ err: error, thread: thread.id }, 'thread turn failed');
      await thread.send({ content: catalogFor(thread.guild.preferredLocale).unexpectedError, allowedMentions: noMentions }).catch(() => undefined);
    }
  });
}

/** Answers the thread's newest messages with its history and the model it started with. */
async function answerTurn(context: BotContext, thread: AnyThreadChannel): Promise<void> {
  const record = context.store.getThread(thread.id);
  if (record === undefined) return;
  const locale = thread.guild.preferredLocale;
  const catalog = catalogFor(locale);
  // a courtesy while the model thinks: never awaited, and skipped when message writes are
  // already queueing for Discord's global budget (the answer itself shows up soon enough)
  if (context.writeGate.waiting === 0) void thread.sendTyping().catch(() => undefined);
  const resolved = await resolveOrExplain(context, record.modelId);
  if (resolved instanceof UnknownModelError) {
    await thread.send({ content: catalog.unknownModel(record.modelId, resolved.message), allowedMentions: noMentions });
    return;
  }
  const conversation = await threadConversation(context, thread, record, await contextTokensOf(resolved));
  const reply = rememberedSink(createChannelSink(context.client.rest, thread.id, context.writeGate, stopControls(catalog)));
  const result = await context.answers.run({
    resolved,
    messages: conversation.messages,
    sink: reply.sink,
    catalog,
    askedBy: conversation.askedBy,
    recoverable: { channelId: thread.id, locale },
    logContext: { thread: thread.id, guild: thread.guildId, dropped: conversation.dropped.length },
  });
  reply.remember(context.historyCache, thread.id, context.client.user.id);
  const firstMessageId = result.messageIds[0];
  if (firstMessageId !== undefined && conversation.newestMessageId !== undefined) context.answerAnchors.set(firstMessageId, conversation.newestMessageId);
}
