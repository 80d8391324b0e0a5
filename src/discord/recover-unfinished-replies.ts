import { DiscordAPIError, Routes, type APIMessage } from 'discord.js';
import { catalogFor } from '../i18n/locale.ts';
import { DEFAULT_TYPING_MARKER } from '../reply/reply-streamer.ts';
import { DISCORD_MESSAGE_LIMIT } from '../reply/split.ts';
import type { Shard, UnfinishedReply } from '../store/store.ts';
import type { BotContext } from './bot-context.ts';
import { noMentions } from './sinks/rest-write.ts';

/**
 * The process run that repairs, and what it knows of the others. `shard` is the shard this run
 * holds the lease of (see `ShardLease`): no other live process serves it.
 */
export interface Repairer {
  /** This run's `ProcessInstance` id: its own entries are its answers in flight. */
  instanceId: string;
  /** The shard this run serves. */
  shard: Shard;
  /** Whether no live process serves `shard` now (a shard of an older shard count, say). */
  isShardFree(shard: Shard): Promise<boolean>;
}

/**
 * Marks the replies a crash cut off mid-writing: the journal's entries whose owner (the process
 * run that was writing them) is gone. Each loses its "still writing" marker and its Stop button,
 * and gets a note that it was interrupted, so nobody waits for an answer that will never come.
 *
 * Each entry is repaired by its owner's successor only: the run that took its owner's shard
 * (holding the shard's lease, it knows the owner is gone). Entries whose owner is not recorded,
 * or whose owner served a shard of another shard count that no live process serves any more, are
 * repaired by shard 0. Entries of other shards are theirs, live or about to restart, as are this
 * run's own new answers, journaled while this runs.
 *
 * An entry is forgotten once marked, or when its message is gone or out of reach (a 4xx); one
 * that failed for a reason that may pass (a 5xx, a network error) stays for the next start.
 * This shard's earlier runs left owning nothing are forgotten too. Returns how many messages were marked.
 */
export async function recoverUnfinishedReplies(context: Pick<BotContext, 'client' | 'store' | 'logger'>, repairer: Repairer): Promise<number> {
  const { client, store, logger } = context;
  let marked = 0;
  for (const reply of await store.unfinishedReplies()) {
    if (!(await isMine(reply, repairer))) continue;
    try {
      const route = Routes.channelMessage(reply.channelId, reply.messageId);
      const message = (await client.rest.get(route)) as APIMessage;
      const content = withNote(withoutMarker(message.content), catalogFor(reply.locale).interruptedByCrash);
      await client.rest.patch(route, { body: { content, components: [], allowed_mentions: noMentions } });
      marked += 1;
      await store.forgetUnfinishedReply(reply.messageId);
    } catch (error) {
      const code = error instanceof DiscordAPIError ? error.code : undefined;
      const isFinal = isOutOfReach(error);
      logger.warn(
        { message: reply.messageId, channel: reply.channelId, owner: reply.ownerId, code, error: (error as Error).message, kept: !isFinal },
        isFinal ? 'could not mark a reply a crash cut off' : 'could not mark a reply a crash cut off yet: the next start tries again',
      );
      if (isFinal) await store.forgetUnfinishedReply(reply.messageId);
    }
  }
  await store.forgetIdleInstances([repairer.instanceId], repairer.shard);
  return marked;
}

/** Whether `repairer` is the successor of the entry's owner (see `recoverUnfinishedReplies`). */
async function isMine(reply: UnfinishedReply, repairer: Repairer): Promise<boolean> {
  if (reply.ownerId === repairer.instanceId) return false;
  const owner = reply.ownerShard;
  if (owner === null) return repairer.shard.id === 0;
  if (owner.count === repairer.shard.count) return owner.id === repairer.shard.id;
  return repairer.shard.id === 0 && (await repairer.isShardFree(owner));
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
