import { ChannelType, Events, type AnyThreadChannel, type DMChannel, type Message, type PartialDMChannel, type PartialMessage } from 'discord.js';
import { catalogFor } from '../i18n/locale.ts';
import { hasVisibleText } from '../conversation/visible-text.ts';
import type { BotContext } from './bot-context.ts';
import { answerDirectTurn, answerThreadTurn } from './conversation-turn.ts';
import { noMentions } from './sinks/rest-write.ts';
import { isConversational, toThreadMessage } from './thread-message-from-discord.ts';

/**
 * Keeps conversation histories current from gateway events and answers people's messages in
 * bot threads and in direct messages: each is a turn, queued one at a time per channel.
 */
export function listenToMessages(context: BotContext): void {
  const { client, historyCache } = context;
  client.on(Events.MessageCreate, (message) => {
    if (!isConversational(message)) return;
    const channel = message.channel;
    if (channel.isThread()) {
      historyCache.onMessageCreated(channel.id, toThreadMessage(message, client.user.id));
      if (isFromPerson(context, message) && context.store.getThread(channel.id) !== undefined) onThreadMessage(context, channel);
    } else if (channel.type === ChannelType.DM) {
      // a DM channel discord.js had not cached arrives partial; its id is all a turn needs
      historyCache.onMessageCreated(channel.id, toThreadMessage(message, client.user.id));
      if (isFromPerson(context, message)) onDirectMessage(context, channel, message.author.id);
    }
  });
  client.on(Events.MessageUpdate, (_old, message) => {
    if (!(message.channel.isThread() || message.channel.isDMBased()) || message.partial) return;
    historyCache.onMessageUpdated(message.channelId, toThreadMessage(message, client.user.id));
  });
  client.on(Events.MessageDelete, (message: Message | PartialMessage) => historyCache.onMessageDeleted(message.channelId, message.id));
  client.on(Events.ThreadDelete, (thread) => {
    historyCache.onThreadDeleted(thread.id);
    context.store.deleteThread(thread.id);
  });
}

/**
 * A person's message with text the bot can read (without the Message Content intent only
 * mentions have it) and a person could see, or with files attached (an image alone is a
 * question): zero-width characters alone start no turn.
 */
function isFromPerson(context: BotContext, message: Message): boolean {
  const hasSomething = hasVisibleText(message.content) || message.attachments.size > 0;
  return !message.author.bot && message.webhookId === null && !context.runner.shuttingDown && hasSomething;
}

function onThreadMessage(context: BotContext, thread: AnyThreadChannel): void {
  takeTurn(context, thread.id, () => answerThreadTurn(context, thread), (text) => thread.send({ content: text, allowedMentions: noMentions }), catalogFor(thread.guild.preferredLocale).unexpectedError);
}

function onDirectMessage(context: BotContext, channel: DMChannel | PartialDMChannel, personId: string): void {
  const catalog = catalogFor(undefined);
  if (!context.config.directMessages) {
    void channel.send({ content: catalog.directMessagesOff, allowedMentions: noMentions }).catch(() => undefined);
    return;
  }
  takeTurn(context, channel.id, () => answerDirectTurn(context, channel, personId), (text) => channel.send({ content: text, allowedMentions: noMentions }), catalog.unexpectedError);
}

/** Queues a turn in the conversation; messages that arrive meanwhile fold into the next turn. */
function takeTurn(context: BotContext, conversationId: string, answer: () => Promise<void>, say: (text: string) => Promise<unknown>, failureText: string): void {
  context.turns.request(conversationId, async () => {
    try {
      await answer();
    } catch (error) {
      // e.g. the history could not be read: say so rather than leave the question unanswered
      context.logger.error({ err: error, channel: conversationId }, 'conversation turn failed');
      await say(failureText).catch(() => undefined);
    }
  });
}
