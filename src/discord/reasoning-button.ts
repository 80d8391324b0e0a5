import { ButtonStyle, ComponentType, MessageFlags, type ButtonInteraction } from 'discord.js';
import type { Catalog } from '../i18n/catalog.ts';
import { catalogFor } from '../i18n/locale.ts';
import { splitMessages } from '../reply/split.ts';
import type { BotContext } from './bot-context.ts';
import { noMentions } from './sinks/rest-write.ts';
import type { StreamingControls } from './sinks/streaming-controls.ts';

/**
 * How the custom id of a Reasoning button begins; the answer's first message id follows (the
 * button sits under the answer's last message, and the reasoning is kept by its first).
 */
export const REASONING_BUTTON_PREFIX = 'cordial:reasoning:';

/**
 * The most private messages one press shows: a reasoning longer than this many messages of
 * 2,000 characters (about 20,000) shows its beginning and a note, not a flood of follow-ups.
 */
export const MAX_REASONING_MESSAGES = 10;

/** The row holding an answer's Reasoning button, labelled in the answer's language. */
export function reasoningControls(catalog: Catalog, firstMessageId: string): StreamingControls {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `${REASONING_BUTTON_PREFIX}${firstMessageId}`, label: catalog.reasoningButton, emoji: { name: '💭' } },
      ],
    },
  ];
}

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
  const kept = context.store.keptReasoning(firstMessageId);
  context.logger.info({ message: firstMessageId, user: interaction.user.id, kept: kept !== undefined }, 'Reasoning button pressed');
  if (kept === undefined) {
    await interaction.reply({ content: catalog.reasoningNotKept(context.config.reasoningRetentionDays), flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
    return;
  }
  const [first = catalog.emptyAnswer, ...rest] = reasoningMessages(kept.reasoning, catalog);
  await interaction.reply({ content: first, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
  for (const content of rest) await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
}
