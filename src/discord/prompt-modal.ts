import { ComponentType, LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type ModalSubmitInteraction } from 'discord.js';
import type { Catalog } from '../i18n/catalog.ts';

/** Whose system prompt a `/prompt set|reset` is about: the server's own, or one channel's. */
export type PromptScope = 'server' | 'channel';

/** The start of every `/prompt set` modal's `custom_id`; `server`, or `channel:<id>`, follows. */
export const PROMPT_MODAL_PREFIX = 'cordial:prompt:';

/** Discord's cap on a modal text input (and on its pre-filled value). */
export const PROMPT_MAX_LENGTH = 4000;

const promptFieldId = 'prompt';
const snowflake = /^\d{17,20}$/;

/** Where a prompt is set: the scope, and for a channel its id (the modal's `custom_id` carries it). */
export interface PromptTarget {
  scope: PromptScope;
  /** The channel whose prompt it is (`scope: 'channel'`); never a thread. */
  channelId?: string;
}

/** What a person submitted in a `/prompt set` modal. */
export interface PromptSubmission extends PromptTarget {
  /** The text as typed, not trimmed (it is saved as written); may be blank, which the caller refuses. */
  prompt: string;
}

/**
 * The modal `/prompt set` opens: one required paragraph of up to Discord's 4,000 characters,
 * pre-filled with the scope's current prompt so that a change starts from it. The target rides in
 * the `custom_id`, since a submission carries nothing else of the command.
 */
export function promptModal(target: PromptTarget, current: string | undefined, catalog: Catalog): ModalBuilder {
  const input = new TextInputBuilder()
    .setCustomId(promptFieldId)
    .setStyle(TextInputStyle.Paragraph)
    .setPlaceholder(catalog.prompt.fieldPlaceholder)
    .setRequired(true)
    .setMaxLength(PROMPT_MAX_LENGTH);
  // a value longer than the field would get the whole modal refused
  if (current !== undefined && current !== '') input.setValue(current.slice(0, PROMPT_MAX_LENGTH));
  return new ModalBuilder()
    .setCustomId(promptModalId(target))
    .setTitle(catalog.prompt.modalTitle(target.scope))
    .addLabelComponents(new LabelBuilder().setLabel(catalog.prompt.fieldLabel).setTextInputComponent(input));
}

/** The `custom_id` of the modal for `target`. */
export function promptModalId(target: PromptTarget): string {
  return target.scope === 'server' ? `${PROMPT_MODAL_PREFIX}server` : `${PROMPT_MODAL_PREFIX}channel:${target.channelId ?? ''}`;
}

/** Whether a modal submission's `custom_id` is a `/prompt set` modal's (for the interaction router). */
export function isPromptModal(customId: string): boolean {
  return customId.startsWith(PROMPT_MODAL_PREFIX);
}

/** Reads a `/prompt set` submission; `undefined` when it is not one or is malformed (no target, no field). */
export function parsePromptSubmission(interaction: Pick<ModalSubmitInteraction, 'customId' | 'fields'>): PromptSubmission | undefined {
  const target = parsePromptModalId(interaction.customId);
  if (target === undefined) return undefined;
  // `fields.get…` throws on a missing field: the raw collection lets a malformed one read as absent
  const field = interaction.fields.fields.get(promptFieldId);
  if (field?.type !== ComponentType.TextInput) return undefined;
  return { ...target, prompt: field.value };
}

/** The target a `custom_id` names, or `undefined`. */
export function parsePromptModalId(customId: string): PromptTarget | undefined {
  if (!isPromptModal(customId)) return undefined;
  const rest = customId.slice(PROMPT_MODAL_PREFIX.length);
  if (rest === 'server') return { scope: 'server' };
  const channelId = rest.startsWith('channel:') ? rest.slice('channel:'.length) : '';
  return snowflake.test(channelId) ? { scope: 'channel', channelId } : undefined;
}
