import { DiscordAPIError, RESTJSONErrorCodes, Routes, type Guild } from 'discord.js';
import type { AnswerResult } from '../answers/answer-runner.ts';
import { systemPromptFor } from '../answers/system-prompt-lookup.ts';
import type { Catalog } from '../i18n/catalog.ts';
import type { StoredAttachment } from '../store/store.ts';
import type { BotContext } from './bot-context.ts';
import { noMentions } from './sinks/rest-write.ts';
import { threadNameFor } from './thread-name.ts';

/** An answer a thread is opened on (an `/ask`'s, a mention's). */
export interface AnswerThread {
  catalog: Catalog;
  /** The asker's turn as the model was given it: the first user turn of the thread's history. */
  prompt: string;
  /** What the thread is named after, when not `prompt` (the question alone, without what it quoted). */
  name?: string;
  /** How the answer went: its first message is the thread's starter, whose id the thread takes; its text the first assistant turn. */
  result: AnswerResult;
  /** The server and channel the answer is in. */
  guild: Guild | null;
  guildId: string;
  channelId: string;
  modelId: string;
  asker: { id: string; name: string };
  /** The files given with the question: later turns read them again. */
  attachments: StoredAttachment[];
  /** Whether the bot may create public threads there, as far as it knows. */
  canCreateThreads: boolean;
  /** Says why no thread follows (privately where it can: to an interaction's asker). */
  tellMissingPermission(): Promise<void>;
  logContext: Record<string, unknown>;
}

/**
 * Whether the talk can go on from an answer: it has text, and it ended by itself, failed, or was
 * stopped by a person (one cut by a shutdown or a failing write is not a conversation's start).
 */
export function canContinueFrom(result: AnswerResult): boolean {
  if (result.text === '' || result.messageIds.length === 0) return false;
  return result.outcome === 'complete' || result.outcome === 'failed' || (result.outcome === 'aborted' && result.stoppedBy !== undefined);
}

/**
 * Opens the thread on an answer the talk can go on from (see `canContinueFrom`; otherwise
 * nothing happens). Without Create Public Threads (known beforehand, or from Discord's 50013 when
 * it changed meanwhile) the answer stays as it is and the asker is told why no thread follows.
 */
export async function openAnswerThread(context: BotContext, answer: AnswerThread): Promise<void> {
  const { catalog, prompt, asker, logContext, result } = answer;
  const replyId = result.messageIds[0];
  if (replyId === undefined || !canContinueFrom(result)) return;
  // asking anyway would only earn a 403, and those count towards Discord's invalid-request ban
  if (!answer.canCreateThreads) return tellMissingThreadPermission(context, answer);
  const name = await threadNameFor({ guild: answer.guild, client: context.client }, answer.name ?? prompt, catalog.threadNameFallback);
  // a thread's id is its starter message's id: record it before creating it, so a message
  // posted the instant the thread appears is already recognised as a turn
  await context.store.saveThread({
    threadId: replyId,
    guildId: answer.guildId,
    channelId: answer.channelId,
    modelId: answer.modelId,
    // the prompt the answer was given: the thread keeps it, as it keeps its model, whatever /prompt set does later
    system: (await systemPromptFor(context, { guildId: answer.guildId, channelId: answer.channelId })).prompt,
    prompt,
    createdBy: asker.id,
    createdByName: asker.name,
    firstAnswer: result.text,
    promptAttachments: answer.attachments,
  });
  context.historyCache.set(replyId, []);
  try {
    await context.client.rest.post(Routes.threads(answer.channelId, replyId), {
      body: { name, auto_archive_duration: context.config.threadAutoArchiveMinutes },
    });
  } catch (error) {
    // the answer is there; only the follow-up thread is missing
    await context.store.deleteThread(replyId);
    context.historyCache.onThreadDeleted(replyId);
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions) return tellMissingThreadPermission(context, answer);
    context.logger.warn({ ...logContext, error: (error as Error).message }, 'could not open a thread on the answer');
    return;
  }
  if (!context.messageContent) {
    const botName = answer.guild?.members.me?.displayName ?? context.client.user.displayName;
    await context.client.rest
      .post(Routes.channelMessages(replyId), { body: { content: catalog.noMessageContentIntent(botName), allowed_mentions: noMentions } })
      .catch((error: unknown) => context.logger.warn({ ...logContext, error: (error as Error).message }, 'could not post the no-intent hint in the new thread'));
  }
}

async function tellMissingThreadPermission(context: BotContext, answer: AnswerThread): Promise<void> {
  context.logger.warn({ ...answer.logContext, permission: 'CreatePublicThreads' }, 'could not open a thread on the answer: missing permission');
  await answer.tellMissingPermission().catch((error: unknown) => context.logger.warn({ ...answer.logContext, error: (error as Error).message }, 'could not tell the asker about the missing permission'));
}
