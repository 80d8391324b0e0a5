import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { Catalog } from '../i18n/catalog.ts';
import { catalogFor } from '../i18n/locale.ts';
import { splitMessages } from '../reply/split.ts';
import type { BotContext } from './bot-context.ts';
import { noMentions } from './sinks/rest-write.ts';
import { REASONING_BUTTON_PREFIX } from './answer-controls.ts';

/**
 * The most private messages one press shows: a reasoning longer than this many messages of
 * 2,000 characters (about 20,000) shows its beginning and a note, not a flood of follow-ups.
 */
export const MAX_REASONING_MESSAGES = 10;

/** The private messages that show `reasoning`: split as an answer is, at most `maxMessages`, the last one a note when it is longer. */
export function reasoningMessages(reasoning: string, catalog: Catalog, maxMessages = MAX_REASONING_MESSAGES): string[] {
  const pieces = splitMessages(reasoning);
  if (pieces.length <= maxMessages) return pieces;
  return [...pieces.slice(0, maxMessages - 1), catalog.reasoningCut(maxMessages)];
}

/**
 * Someone pressed a Reasoning button: whoever it is sees the reasoning behind the answer,
 * privately (ephemeral messages only they see), in their own language's words; once it is no
 * longer kept, they are told so.
 */
export async function handleReasoningClick(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const catalog = catalogFor(interaction.locale);
  const firstMessageId = interaction.customId.slice(REASONING_BUTTON_PREFIX.length);
  const kept = await context.store.keptReasoning(firstMessageId);
  context.logger.info({ message: firstMessageId, user: interaction.user.id, kept: kept !== undefined }, 'Reasoning button pressed');
  if (kept === undefined) {
    await interaction.reply({ content: catalog.reasoningNotKept(context.config.reasoningRetentionDays), flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
    return;
  }
  const [first = catalog.emptyAnswer, ...rest] = reasoningMessages(kept.reasoning, catalog);
  await interaction.reply({ content: first, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
  for (const content of rest) await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
}
