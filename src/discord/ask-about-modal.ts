import { CheckboxBuilder, ComponentType, LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type ModalSubmitInteraction } from 'discord.js';
import type { Catalog } from '../i18n/catalog.ts';

/** The start of the `custom_id` of every "Ask Cordial" modal; the target message's id follows. */
export const ASK_ABOUT_MODAL_PREFIX = 'cordial:ask-about:';

/** Discord's cap on a modal text input's length. */
const textInputMaxLength = 4000;
const questionFieldId = 'question';
const privateFieldId = 'private';
const snowflake = /^\d{17,20}$/;

/** What a person asked in an "Ask Cordial" modal. */
export interface AskAboutSubmission {
  /** The message the command was used on (the modal's `custom_id` carries it: the modal submission does not). */
  targetMessageId: string;
  /** The question, trimmed; may be blank (a required field still accepts only spaces), which the caller refuses like a blank `/ask`. */
  question: string;
  /** "Only I see the answer" was ticked: answer ephemerally, with no thread. */
  isPrivate: boolean;
}

/**
 * The modal "Ask Cordial" opens on `targetMessageId`, in the asker's language: a required
 * paragraph for the question, at most `maxPromptLength` (MAX_PROMPT_LENGTH) or Discord's 4000
 * characters, whichever is less, so a too-long question cannot even be typed; and an unticked
 * "Only I see the answer" checkbox. Built of Label components (type 18), the modal form Discord
 * documents now: a checkbox exists only inside a label.
 */
export function askAboutModal(targetMessageId: string, catalog: Catalog, maxPromptLength: number): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(`${ASK_ABOUT_MODAL_PREFIX}${targetMessageId}`)
    .setTitle(catalog.askAboutModalTitle)
    .addLabelComponents(
      new LabelBuilder()
        .setLabel(catalog.askAboutQuestionLabel)
        .setTextInputComponent(
          new TextInputBuilder()
            .setCustomId(questionFieldId)
            .setStyle(TextInputStyle.Paragraph)
            .setPlaceholder(catalog.askAboutQuestionPlaceholder)
            .setRequired(true)
            .setMaxLength(Math.min(textInputMaxLength, maxPromptLength)),
        ),
      new LabelBuilder().setLabel(catalog.askAboutPrivateLabel).setCheckboxComponent(new CheckboxBuilder().setCustomId(privateFieldId).setDefault(false)),
    );
}

/** Whether a modal submission's `custom_id` is an "Ask Cordial" modal's (for the interaction router). */
export function isAskAboutModal(customId: string): boolean {
  return customId.startsWith(ASK_ABOUT_MODAL_PREFIX);
}

/**
 * Reads an "Ask Cordial" modal submission; `undefined` when it is not one, or is malformed (no
 * message id, no question field). A missing checkbox reads as unticked, its default.
 */
export function parseAskAboutSubmission(interaction: Pick<ModalSubmitInteraction, 'customId' | 'fields'>): AskAboutSubmission | undefined {
  if (!isAskAboutModal(interaction.customId)) return undefined;
  const targetMessageId = interaction.customId.slice(ASK_ABOUT_MODAL_PREFIX.length);
  if (!snowflake.test(targetMessageId)) return undefined;
  // `fields.get…` throws on a missing field: the raw collection lets a malformed one read as absent
  const question = interaction.fields.fields.get(questionFieldId);
  if (question?.type !== ComponentType.TextInput) return undefined;
  const checkbox = interaction.fields.fields.get(privateFieldId);
  const isPrivate = checkbox?.type === ComponentType.Checkbox && checkbox.value;
  return { targetMessageId, question: question.value.trim(), isPrivate };
}
