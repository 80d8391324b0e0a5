import { DiscordAPIError, Routes, type APIMessage } from 'discord.js';
import { catalogFor } from '../i18n/locale.ts';
import { DEFAULT_TYPING_MARKER } from '../reply/reply-streamer.ts';
import { DISCORD_MESSAGE_LIMIT } from '../reply/split.ts';
import type { BotContext } from './bot-context.ts';
import { noMentions } from './sinks/rest-write.ts';

/**
 * Marks the replies a crash cut off mid-writing: the journal's entries whose owner (the process
 * run that was writing them) is not among `liveInstanceIds`. Each loses its "still writing"
 * marker and its Stop button, and gets a note that it was interrupted, so nobody waits for an
 * answer that will never come. Entries of live owners are theirs to finish and are not touched:
 * this process's own new answers, journaled while this runs, and, where several processes share
 * a database, theirs.
 *
 * An entry is forgotten once marked, or when its message is gone or out of reach (a 4xx); one
 * that failed for a reason that may pass (a 5xx, a network error) stays for the next start.
 * Process runs left owning nothing are forgotten too. Returns how many messages were marked.
 */
export async function recoverUnfinishedReplies(
  context: Pick<BotContext, 'client' | 'store' | 'logger'>,
  liveInstanceIds: readonly string[],
): Promise<number> {
  const { client, store, logger } = context;
  const live = new Set(liveInstanceIds);
  let marked = 0;
  for (const reply of store.unfinishedReplies()) {
    if (reply.ownerId !== null && live.has(reply.ownerId)) continue;
    try {
      const route = Routes.channelMessage(reply.channelId, reply.messageId);
      const message = (await client.rest.get(route)) as APIMessage;
      const content = withNote(withoutMarker(message.content), catalogFor(reply.locale).interruptedByCrash);
      await client.rest.patch(route, { body: { content, components: [], allowed_mentions: noMentions } });
      marked += 1;
      store.forgetUnfinishedReply(reply.messageId);
    } catch (error) {
      const code = error instanceof DiscordAPIError ? error.code : undefined;
      const isFinal = isOutOfReach(error);
      logger.warn(
        { message: reply.messageId, channel: reply.channelId, owner: reply.ownerId, code, error: (error as Error).message, kept: !isFinal },
        isFinal ? 'could not mark a reply a crash cut off' : 'could not mark a reply a crash cut off yet: the next start tries again',
      );
      if (isFinal) store.forgetUnfinishedReply(reply.messageId);
    }
  }
  store.forgetIdleInstances(liveInstanceIds);
  return marked;
}

/** A 4xx other than 429: the message was deleted, or the bot can no longer see or edit it. */
function isOutOfReach(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

function withoutMarker(content: string): string {
  return content.endsWith(DEFAULT_TYPING_MARKER) ? content.slice(0, -DEFAULT_TYPING_MARKER.length) : content;
}

/** The note under the text, when it fits in the message; else the text alone. */
function withNote(content: string, note: string): string {
  const noted = content.trim() === '' ? note : `${content}\n\n${note}`;
  return noted.length <= DISCORD_MESSAGE_LIMIT ? noted : content;
}
