import { DiscordAPIError, MessageFlags, PermissionFlagsBits, RESTJSONErrorCodes, Routes, type ChatInputCommandInteraction } from 'discord.js';
import type { Catalog } from '../../i18n/catalog.ts';
import type { StoredAttachment } from '../../store/store.ts';
import type { BotContext } from '../bot-context.ts';
import { noMentions } from '../sinks/rest-write.ts';
import { threadNameFor } from '../thread-name.ts';

/** What the thread is opened on. */
export interface AnsweredAsk {
  catalog: Catalog;
  prompt: string;
  /** The answer's first message: the thread's starter, whose id the thread takes. */
  replyId: string;
  modelId: string;
  asker: { id: string; name: string };
  /** The answer's text, the thread's first assistant turn. */
  firstAnswer: string;
  /** The files given to the `/ask`: later turns of the thread read them again. */
  attachments: StoredAttachment[];
  logContext: Record<string, unknown>;
}

/**
 * Opens the thread on an `/ask` answer. Without Create Public Threads (known from the
 * interaction's app permissions, or from Discord's 50013 when they changed meanwhile) the
 * answer stays as it is and its asker is told privately why no thread follows.
 */
export async function openAnswerThread(interaction: ChatInputCommandInteraction, context: BotContext, answer: AnsweredAsk): Promise<void> {
  const { catalog, prompt, replyId, asker, logContext } = answer;
  // asking anyway would only earn a 403, and those count towards Discord's invalid-request ban
  if (!interaction.appPermissions.has(PermissionFlagsBits.CreatePublicThreads)) return tellMissingThreadPermission(interaction, context, catalog, logContext);
  const name = await threadNameFor(interaction, prompt, catalog.threadNameFallback);
  // a thread's id is its starter message's id: record it before creating it, so a message
  // posted the instant the thread appears is already recognised as a turn
  context.store.saveThread({
    threadId: replyId,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    modelId: answer.modelId,
    prompt,
    createdBy: asker.id,
    createdByName: asker.name,
    firstAnswer: answer.firstAnswer,
    promptAttachments: answer.attachments,
  });
  context.historyCache.set(replyId, []);
  try {
    await context.client.rest.post(Routes.threads(interaction.channelId, replyId), {
      body: { name, auto_archive_duration: context.config.threadAutoArchiveMinutes },
    });
  } catch (error) {
    // the answer is there; only the follow-up thread is missing
    context.store.deleteThread(replyId);
    context.historyCache.onThreadDeleted(replyId);
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions) return tellMissingThreadPermission(interaction, context, catalog, logContext);
    context.logger.warn({ ...logContext, error: (error as Error).message }, 'could not open a thread on the answer');
    return;
  }
  if (!context.messageContent) {
    const botName = interaction.guild?.members.me?.displayName ?? context.client.user.displayName;
    await context.client.rest
      .post(Routes.channelMessages(replyId), { body: { content: catalog.noMessageContentIntent(botName), allowed_mentions: noMentions } })
      .catch((error: unknown) => context.logger.warn({ ...logContext, error: (error as Error).message }, 'could not post the no-intent hint in the new thread'));
  }
}

/** Tells the asker, privately and in their language, that the bot may not open threads here. */
async function tellMissingThreadPermission(interaction: ChatInputCommandInteraction, context: BotContext, catalog: Catalog, logContext: Record<string, unknown>): Promise<void> {
  context.logger.warn({ ...logContext, permission: 'CreatePublicThreads' }, 'could not open a thread on the answer: missing permission');
  await interaction
    .followUp({ content: catalog.missingThreadPermission, flags: MessageFlags.Ephemeral, allowedMentions: noMentions })
    .catch((error: unknown) => context.logger.warn({ ...logContext, error: (error as Error).message }, 'could not tell the asker about the missing permission'));
}
