import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord.js';
import type { FinalControls } from '../answers/after-answer.ts';
import type { Catalog } from '../i18n/catalog.ts';
import type { StreamingControls } from './sinks/streaming-controls.ts';

/** The `custom_id` of the Stop button on an answer being written. */
export const STOP_BUTTON_ID = 'cordial:stop';
/** The `custom_id` of the Regenerate button on a finished answer's last message. */
export const REGENERATE_BUTTON_ID = 'cordial:regenerate';
/** The `custom_id` of the select beside it that regenerates with another model. */
export const REGENERATE_SELECT_ID = 'cordial:regenerate-with';
/**
 * How the custom id of a Reasoning button begins; the answer's first message id follows (the
 * button sits under the answer's last message, and the reasoning is kept by its first).
 */
export const REASONING_BUTTON_PREFIX = 'cordial:reasoning:';

/** Discord's caps on a string select: 25 options, labels and values of 100 characters. */
const MAX_SELECT_OPTIONS = 25;
const MAX_OPTION_LENGTH = 100;

/** The components of an answer's reply: the Stop button while it streams, its final controls after. */
export interface ReplyControls {
  /** Under every message of the reply while it shows an answer being written. */
  streaming: StreamingControls;
  /** Under the answer's last message once it is final (none on the others). */
  final(controls: FinalControls): StreamingControls;
}

/**
 * An answer's controls, labelled in its language: Stop while it is written; once it is final,
 * Regenerate (with the Reasoning button when its reasoning is kept) and, when `otherModels`
 * lists any, a select to regenerate with one of them. `regenerate: false` (private answers,
 * which no one else can see or rerun) leaves Regenerate out.
 */
export function answerControls(catalog: Catalog, options: { regenerate: boolean; otherModels?: readonly string[] }): ReplyControls {
  const stop: APIComponentInMessageActionRow = { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: STOP_BUTTON_ID, label: catalog.stopButton, emoji: { name: '⏹️' } };
  // Discord refuses a select whose values repeat (a listing may name a model twice), which would fail the answer's final write
  const models = options.regenerate ? [...new Set(options.otherModels ?? [])].filter((id) => id.length <= MAX_OPTION_LENGTH).slice(0, MAX_SELECT_OPTIONS) : [];
  return {
    streaming: [row([stop])],
    final(controls) {
      const buttons: APIComponentInMessageActionRow[] = [];
      if (options.regenerate) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: REGENERATE_BUTTON_ID, label: catalog.regenerateButton, emoji: { name: '🔁' } });
      if (controls.reasoningOf !== undefined) {
        buttons.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `${REASONING_BUTTON_PREFIX}${controls.reasoningOf}`, label: catalog.reasoningButton, emoji: { name: '💭' } });
      }
      const rows = buttons.length === 0 ? [] : [row(buttons)];
      if (models.length > 0) {
        rows.push(
          row([
            {
              type: ComponentType.StringSelect,
              custom_id: REGENERATE_SELECT_ID,
              placeholder: catalog.regenerateWithPlaceholder,
              options: models.map((id) => ({ label: id, value: id })),
            },
          ]),
        );
      }
      return rows;
    },
  };
}

function row(components: APIComponentInMessageActionRow[]): APIActionRowComponent<APIComponentInMessageActionRow> {
  return { type: ComponentType.ActionRow, components };
}
