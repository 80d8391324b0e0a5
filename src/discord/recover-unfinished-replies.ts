import { DiscordAPIError, Routes, type APIMessage } from 'discord.js';
import { catalogFor } from '../i18n/locale.ts';
import { DEFAULT_TYPING_MARKER } from '../reply/reply-streamer.ts';
import { DISCORD_MESSAGE_LIMIT } from '../reply/split.ts';
import type { BotContext } from './bot-context.ts';
import { noMentions } from './sinks/rest-write.ts';

/**
 * Marks the replies a crash cut off mid-writing (those still in the store's journal at
 * start-up): each loses its "still writing" marker and its Stop button, and gets a note that
 * it was interrupted, so nobody waits for an answer that will never come. A message that is
 * gone or out of reach is skipped. Every entry is forgotten either way. Returns how many
 * messages were marked.
 */
export async function recoverUnfinishedReplies(context: Pick<BotContext, 'client' | 'store' | 'logger'>): Promise<number> {
  const { client, store, logger } = context;
  let marked = 0;
  for (const reply of store.unfinishedReplies()) {
    try {
      const route = Routes.channelMessage(reply.channelId, reply.messageId);
      const message = (await client.rest.get(route)) as APIMessage;
      const content = withNote(withoutMarker(message.content), catalogFor(reply.locale).interruptedByCrash);
      await client.rest.patch(route, { body: { content, components: [], allowed_mentions: noMentions } });
      marked += 1;
    } catch (error) {
      const code = error instanceof DiscordAPIError ? error.code : undefined;
      logger.warn({ message: reply.messageId, channel: reply.channelId, code, error: (error as Error).message }, 'could not mark a reply a crash cut off');
    } finally {
      store.forgetUnfinishedReply(reply.messageId);
    }
  }
  return marked;
}

function withoutMarker(content: string): string {
  return content.endsWith(DEFAULT_TYPING_MARKER) ? content.slice(0, -DEFAULT_TYPING_MARKER.length) : content;
}

/** The note under the text, when it fits in the message; else the text alone. */
function withNote(content: string, note: string): string {
  const noted = content.trim() === '' ? note : `${content}\n\n${note}`;
  return noted.length <= DISCORD_MESSAGE_LIMIT ? noted : content;
}
