import type { ChatInputTyped } from './command-data.ts';
import type { FakeInteraction } from './interaction.ts';
import type { InstallTarget, InteractionPlace } from './interaction-place.ts';
import type { ModalValue } from './modal-submission.ts';

// What tests pass to act as people: one input per kind of interaction.

/** A chat-input command as a user would type it. */
export interface SlashCommandInput extends InteractionPlace, ChatInputTyped {}

/** An autocomplete request: the user is typing in option `focused`. */
export interface AutocompleteInput extends SlashCommandInput {
  focused: string;
}

/** A message command picked from a message's context menu (Apps → name). */
export interface MessageCommandInput extends InteractionPlace {
  /** The command's name as registered, e.g. `Ask Cordial`. */
  name: string;
  /** The message it is used on; the channel defaults to that message's. */
  targetMessageId: string;
}

/** A click on a button of a message. */
export interface ButtonClickInput extends InteractionPlace {
  messageId: string;
  customId: string;
}

/** A choice in a string select of a message. */
export interface SelectOptionInput extends InteractionPlace {
  messageId: string;
  customId: string;
  /** The values of the options picked. */
  values: string[];
}

/** A person fills in and submits the modal the bot answered an interaction with. */
export interface ModalSubmitInput {
  /** The interaction the bot answered with the modal (callback type 9). */
  from: FakeInteraction | string;
  /** Values by field `custom_id`: text for a text input, a boolean for a checkbox, values for a select. */
  values?: Record<string, ModalValue>;
  /** Default: the person the modal was shown to. */
  user?: string;
  locale?: string;
  /** Default: the installs that authorized the interaction that opened the modal. */
  install?: InstallTarget;
}
