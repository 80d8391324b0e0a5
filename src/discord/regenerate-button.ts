import { ChannelType, MessageFlags, PermissionFlagsBits, Routes, type ButtonInteraction, type StringSelectMenuInteraction } from 'discord.js';
import { answerTurn, isRefusal, prepareTurn, refusalText, type PreparedTurn } from '../answers/answer-turn.ts';
import type { MessageSource } from '../answers/message-source.ts';
import { isLastTurn, mayRegenerate, regeneratedConversation, type RegenerateRefusal } from '../answers/regenerate-turn.ts';
import type { Catalog } from '../i18n/catalog.ts';
import { providerFailureText } from '../i18n/reply-texts-for.ts';
import { ProviderError } from '../model/provider-error.ts';
import { catalogFor } from '../i18n/locale.ts';
import type { AnswerRecord } from '../store/saved-answers.ts';
import type { BotContext } from './bot-context.ts';
import { discordMessageSource } from './discord-message-source.ts';
import { replyControlsFor } from './reply-controls-for.ts';
import { createChannelSink } from './sinks/channel-sink.ts';
import { replacingSink } from './sinks/replacing-sink.ts';
import { noMentions } from './sinks/rest-write.ts';

/**
 * Someone pressed an answer's Regenerate button, or picked a model in the select beside it:
 * the same turn is answered again — the same history, the same model or the one picked — into
 * the answer's own messages (the first keeps its id, extra old ones are deleted, new ones
 * follow). Only whoever asked, or someone who can manage messages there, may; only while the
 * answer is its conversation's last turn and not being written. Anyone else is told why,
 * privately, and nothing is asked of a model.
 */
export async function handleRegenerate(interaction: ButtonInteraction | StringSelectMenuInteraction, context: BotContext): Promise<void> {
  const catalog = catalogFor(interaction.locale);
  // a press can reach the bot before Discord's answer to the write that showed the button: its record follows within moments
  const messageId = interaction.message.id;
  const found = context.recordArrivals === undefined ? (await context.store.answerContaining(messageId)) : await context.recordArrivals.until(messageId, () => context.store.answerContaining(messageId), RECORD_WAIT_MS);
  const refuse = (refusal: RegenerateRefusal) => refuseRegenerate(context, interaction, catalog, refusal);
  if (found === undefined) return refuse('unknown');
  // one rerun of an answer at a time: a second press (a double click, the asker and a moderator)
  // is refused at once, before anything is awaited, rather than queued to rerun it again
  if (regenerating.has(found.firstMessageId)) return refuse('busy');
  regenerating.add(found.firstMessageId);
  try {
    await regenerateOnce(interaction, context, found);
  } finally {
    regenerating.delete(found.firstMessageId);
  }
}

/** How long a press waits for the record of the answer it was pressed on (well within Discord's 3 s). */
const RECORD_WAIT_MS = 750;

/** The answers being regenerated now, by first message id. */
const regenerating = new Set<string>();

async function regenerateOnce(interaction: ButtonInteraction | StringSelectMenuInteraction, context: BotContext, found: AnswerRecord): Promise<void> {
  const catalog = catalogFor(interaction.locale);
  const refuse = (refusal: RegenerateRefusal) => refuseRegenerate(context, interaction, catalog, refusal);
  const presser = { userId: interaction.user.id, canManageMessages: interaction.inGuild() && interaction.memberPermissions.has(PermissionFlagsBits.ManageMessages) };
  const early = await mayRegenerate(context, found, presser);
  if (early !== undefined) return refuse(early);
  const modelId = interaction.isStringSelectMenu() ? interaction.values[0] : found.modelId;
  const prepared = await prepareTurn(context, { modelId, askerId: presser.userId, claimQuota: true, guildId: found.guildId });
  if (isRefusal(prepared)) {
    context.logger.info({ message: found.firstMessageId, user: presser.userId, refusal: prepared.refused }, 'Regenerate refused');
    return tell(interaction, refusalText(catalog, prepared));
  }
  const record = found;
  try {
    const channel = await sourceOf(context, record.channelId);
    // the thread or DM whose history says whether the answer is still the last turn: its own, or the thread opened on it
    const ownsConversation = record.trigger === 'dm' || (await context.store.getThread(record.channelId)) !== undefined;
    const conversation = ownsConversation ? channel : (await context.store.getThread(record.firstMessageId)) === undefined ? undefined : await sourceOf(context, record.firstMessageId);
    // the press is acknowledged at once (3 s); the rest is done in the conversation's turn
    await interaction.deferUpdate();
    context.logger.info({ message: record.firstMessageId, user: presser.userId, model: prepared.resolved.id }, 'Regenerate pressed');
    await context.turns.enqueue(conversation?.id ?? record.firstMessageId, async () => {
      // read again: what the answer holds now, after anything that ran before this turn
      const current = await context.store.getAnswer(record.firstMessageId);
      if (current === undefined) return void (await followUp(interaction, catalog.regenerateUnknown));
      if (!(await isLastTurn(context, current, conversation))) return void (await followUp(interaction, catalog.regenerateNotLast));
      await regenerate(context, { record: current, channel, ownsConversation, prepared, tell: (text) => followUp(interaction, text), catalog });
    });
  } finally {
    prepared.release();
  }
}

/** A channel, thread or DM of the bot's as a message source; undefined when it is gone or out of reach. */
async function sourceOf(context: BotContext, channelId: string): Promise<MessageSource | undefined> {
  const channel = await context.client.channels.fetch(channelId).catch(() => null);
  if (channel === null || !channel.isTextBased() || channel.type === ChannelType.GroupDM) return undefined;
  return discordMessageSource(channel, context);
}

/** Writes the new answer into the old one's messages, deletes those it no longer needs, and keeps the record in step. */
async function regenerate(
  context: BotContext,
  turn: { record: AnswerRecord; channel: MessageSource | undefined; ownsConversation: boolean; prepared: PreparedTurn; tell(text: string): Promise<void>; catalog: Catalog },
): Promise<void> {
  const { record, channel, prepared } = turn;
  const modelId = prepared.resolved.id;
  // the answer's own words stay in the language it was written in
  const catalog = catalogFor(record.locale === '' ? undefined : record.locale);
  const ownConversation = turn.ownsConversation ? channel : undefined;
  const sink = replacingSink(createChannelSink(context.client.rest, record.channelId, context.writeGate, await replyControlsFor(context, catalog, modelId, true)), record.messageIds);
  const answered = await answerTurn(context, {
    prepared,
    catalog,
    place: { guildId: record.guildId, channelId: record.channelId },
    ...(record.askedBy[0] === undefined ? {} : { askerId: record.askedBy[0] }),
    conversation: async (contextTokens) => {
      const rebuilt = await regeneratedConversation(context, record, channel, modelId, contextTokens);
      if (rebuilt === undefined) throw new Error(`the turn of answer ${record.firstMessageId} (${record.trigger}) cannot be rebuilt`);
      return rebuilt;
    },
    reply: {
      sink,
      showControls: (messageId, controls) => sink.showControls(messageId, controls),
      recoverable: { channelId: record.channelId, locale: record.locale },
      ...(ownConversation === undefined ? {} : { conversationId: ownConversation.id }),
    },
    logContext: { regenerate: record.firstMessageId, trigger: record.trigger, channel: record.channelId },
  });
  const { result } = answered;
  if (sink.keptOldAnswer()) {
    // nothing came to replace it (the model failed or gave no text, or the first write failed): the old answer stays
    const reason = result.error instanceof ProviderError ? providerFailureText(turn.catalog, result.error) : undefined;
    await turn.tell(turn.catalog.regenerateFailed(reason));
    return;
  }
  const unused = sink.unused();
  for (const messageId of unused) {
    await context.client.rest.delete(Routes.channelMessage(record.channelId, messageId)).catch((error: unknown) => {
      context.logger.warn({ message: messageId, error: (error as Error).message }, 'could not delete a message the regenerated answer no longer needs');
    });
    if (ownConversation !== undefined) context.historyCache.onMessageDeleted(ownConversation.id, messageId);
  }
  if (result.messageIds.length === 0) return;
  await context.store.replaceAnswer(record.firstMessageId, { messageIds: [...result.messageIds], modelId });
  // the opening answer of a thread is its first assistant turn, kept in the store: it changes with it
  if ((await context.store.getThread(record.firstMessageId)) !== undefined) await context.store.updateThreadFirstAnswer(record.firstMessageId, { firstAnswer: result.text, modelId });
}

/** Tells the presser privately why not, and says so in the log (a refusal asks no model, so nothing else would). */
async function refuseRegenerate(context: BotContext, interaction: ButtonInteraction | StringSelectMenuInteraction, catalog: Catalog, refusal: RegenerateRefusal): Promise<void> {
  context.logger.info({ message: interaction.message.id, user: interaction.user.id, refusal }, 'Regenerate refused');
  await tell(interaction, refusalTextOf(catalog, refusal));
}

function refusalTextOf(catalog: Catalog, refusal: RegenerateRefusal): string {
  switch (refusal) {
    case 'unknown':
      return catalog.regenerateUnknown;
    case 'not-allowed':
      return catalog.regenerateNotAllowed;
    case 'busy':
      return catalog.regenerateBusy;
    case 'not-last':
      return catalog.regenerateNotLast;
  }
}

async function tell(interaction: ButtonInteraction | StringSelectMenuInteraction, content: string): Promise<void> {
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
}

async function followUp(interaction: ButtonInteraction | StringSelectMenuInteraction, content: string): Promise<void> {
  await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions }).catch(() => undefined);
}
