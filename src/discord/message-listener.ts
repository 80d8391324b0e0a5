import { ChannelType, Events, MessageType, type AnyThreadChannel, type DMChannel, type Message, type PartialDMChannel, type PartialMessage } from 'discord.js';
import { mentionsUser } from '../answers/reply-chain.ts';
import { catalogFor } from '../i18n/locale.ts';
import { admitsMessage } from './access-gate.ts';
import { hasVisibleText } from '../conversation/visible-text.ts';
import type { BotContext } from './bot-context.ts';
import { answerDirectTurn, answerThreadTurn } from './conversation-turn.ts';
import { answerMention } from './mention-turn.ts';
import { answerReplyChain } from './reply-chain-turn.ts';
import { noMentions } from './sinks/rest-write.ts';
import { isConversational, toThreadMessage } from './thread-message-from-discord.ts';
import { TurnQueue } from '../conversation/turn-queue.ts';

/**
 * Keeps conversation histories current from gateway events and answers people: their messages
 * in bot threads (all, or in a server set to `mentions` only those that mention or reply to the
 * bot) and in direct messages, each a turn queued one at a time per channel; elsewhere in a
 * server, a reply to one of the bot's answers (a reply chain) or a message mentioning the bot.
 * Without the Message Content intent Discord still gives the bot the text of messages that
 * mention it (a reply that pings it too), so mentions and replies work then as well.
 */
export function listenToMessages(context: BotContext): { idle(): Promise<void> } {
  const { client, historyCache } = context;
  const failed = (error: unknown, channelId: string) => context.logger.error({ err: error, channel: channelId }, 'could not handle a message');
  // a handler awaits the store before it queues a turn: without one queue per channel, two
  // messages whose lookups come back out of order (a pool of PostgreSQL connections) would queue
  // their turns out of order; channels do not wait for each other
  const inOrder = new TurnQueue(failed);
  const handleInOrder = (channelId: string, handle: () => Promise<void>) => void inOrder.enqueue(channelId, handle).catch((error: unknown) => failed(error, channelId));
  client.on(Events.MessageCreate, (message) => {
    if (!isConversational(message)) return;
    const channel = message.channel;
    if (channel.isThread()) {
      historyCache.onMessageCreated(channel.id, toThreadMessage(message, client.user.id));
      if (!isFromPerson(context, message)) return;
      handleInOrder(channel.id, async () => {
        if ((await context.store.getThread(channel.id)) !== undefined) {
          // the server's access rules come after the mode: a message that starts no turn is told nothing
          if ((await startsThreadTurn(context, message)) && (!message.inGuild() || (await admitsMessage(message, context)))) onThreadMessage(context, channel, message.author.id);
        } else if (message.inGuild()) {
          await onChannelMessage(context, message);
        }
      });
    } else if (channel.type === ChannelType.DM) {
      // a DM channel discord.js had not cached arrives partial; its id is all a turn needs
      historyCache.onMessageCreated(channel.id, toThreadMessage(message, client.user.id));
      if (isFromPerson(context, message)) onDirectMessage(context, channel, message.author.id);
    } else if (message.inGuild() && isFromPerson(context, message)) {
      handleInOrder(channel.id, () => onChannelMessage(context, message));
    }
  });
  client.on(Events.MessageUpdate, (_old, message) => {
    if (!(message.channel.isThread() || message.channel.isDMBased()) || message.partial) return;
    historyCache.onMessageUpdated(message.channelId, toThreadMessage(message, client.user.id));
  });
  client.on(Events.MessageDelete, (message: Message | PartialMessage) => historyCache.onMessageDeleted(message.channelId, message.id));
  client.on(Events.ThreadDelete, (thread) => {
    historyCache.onThreadDeleted(thread.id);
    context.store.deleteThread(thread.id).catch((error: unknown) => context.logger.warn({ err: error, thread: thread.id }, 'could not forget a deleted thread'));
  });
  // a shutdown waits for the messages being handled (their store reads), as for turns
  return { idle: () => inOrder.idle() };
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

/**
 * Whether a person's message in a bot thread starts a turn: every one does, unless the server
 * chose `mentions` (`/settings threads`), where only a message that mentions the bot or replies
 * to one of its messages does. The others still belong to the history the next turn reads.
 */
async function startsThreadTurn(context: BotContext, message: Message): Promise<boolean> {
  if (!message.inGuild() || (await context.store.getThreadReplies(message.guildId)) === 'every-message') return true;
  return mentionsUser(message.content, context.botUserId) || message.mentions.repliedUser?.id === context.botUserId;
}

/**
 * A person's message in a server channel or another thread: a reply to one of the bot's
 * answers continues that answer's conversation; else a message that mentions the bot asks it a
 * question. Replies to messages with no answer record (other people's, or the bot's notes and
 * old answers) are ignored unless they mention the bot. Each is a turn of its own (keyed by
 * the message), so a shutdown waits for it. Either is first let through the server's access
 * rules (`admitsMessage`).
 */
async function onChannelMessage(context: BotContext, message: Message<true>): Promise<void> {
  const repliedTo = message.type === MessageType.Reply ? message.reference?.messageId : undefined;
  const known = repliedTo === undefined ? undefined : (await context.store.answerContaining(repliedTo));
  // a reply to a message of the bot's whose record is not there yet (the answer was just
  // written: its record is saved when Discord answers that write) waits for it a moment
  const maybeAnswer = repliedTo !== undefined && known === undefined && message.mentions.repliedUser?.id === context.botUserId;
  const mentions = mentionsUser(message.content, context.botUserId);
  if (known === undefined && !maybeAnswer && !mentions) return;
  if (!(await admitsMessage(message, context))) return;
  const say = (text: string) => message.reply({ content: text, allowedMentions: noMentions });
  const failureText = catalogFor(message.guild.preferredLocale).unexpectedError;
  takeTurn(
    context,
    message.id,
    async () => {
      const arrivals = context.recordArrivals;
      const answer = known ?? (maybeAnswer && arrivals !== undefined ? await arrivals.until(repliedTo!, () => context.store.answerContaining(repliedTo!), RECORD_WAIT_MS) : undefined);
      if (answer !== undefined && answer.channelId === message.channelId) await answerReplyChain(context, message, answer);
      else if (mentions) await answerMention(context, message);
    },
    say,
    failureText,
  );
}

/** How long a reply to the bot's message waits for that answer's record. */
const RECORD_WAIT_MS = 1000;

/** Queues a thread turn; folded turns run the newest request, so `authorId` is the newest message's author. */
function onThreadMessage(context: BotContext, thread: AnyThreadChannel, authorId: string): void {
  takeTurn(context, thread.id, () => answerThreadTurn(context, thread, authorId), (text) => thread.send({ content: text, allowedMentions: noMentions }), catalogFor(thread.guild.preferredLocale).unexpectedError);
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
