import { DiscordAPIError, RESTJSONErrorCodes, type AnyThreadChannel, type Collection, type DMChannel, type GuildTextBasedChannel, type Message, type PartialDMChannel } from 'discord.js';
import type { MessagePage, MessageSource } from '../answers/message-source.ts';
import type { HistoryCache } from '../conversation/history-cache.ts';
import { noMentions } from './sinks/rest-write.ts';
import { isConversational, toThreadMessage } from './thread-message-from-discord.ts';

/** A channel a conversation happens in: a bot thread, a DM, or a server channel (reply chains). */
export type ConversationChannel = AnyThreadChannel | DMChannel | PartialDMChannel | GuildTextBasedChannel;

/**
 * A Discord channel as the answers layer's `MessageSource`. Pages go into discord.js's message
 * cache too: it delivers edits and deletions only of messages it holds (the client has no
 * Message partials), and the history cache needs both. Notes it posts go into the history cache
 * at once, as answers do: the next turn must see that this one was answered, even before the
 * gateway's MESSAGE_CREATE arrives.
 */
export function discordMessageSource(channel: ConversationChannel, options: { botUserId: string; historyCache: HistoryCache }): MessageSource {
  const { botUserId, historyCache } = options;
  return {
    id: channel.id,
    async page({ limit, before }): Promise<MessagePage> {
      const page: Collection<string, Message> = await channel.messages.fetch({ limit, ...(before === undefined ? {} : { before }), cache: true });
      const messages = [...page.values()].filter(isConversational).map((message) => toThreadMessage(message, botUserId));
      return { messages, fetched: page.size, oldestId: page.lastKey() };
    },
    async message(messageId) {
      try {
        return toThreadMessage(await channel.messages.fetch({ message: messageId, cache: true }), botUserId);
      } catch (error) {
        // deleted, or out of the bot's reach: a chain simply starts after it
        if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMessage || error.status === 403)) return undefined;
        throw error;
      }
    },
    async post(content) {
      const sent = toThreadMessage(await channel.send({ content, allowedMentions: noMentions }), botUserId);
      historyCache.onMessageCreated(channel.id, sent);
      return sent;
    },
    typing() {
      void channel.sendTyping().catch(() => undefined);
    },
  };
}
