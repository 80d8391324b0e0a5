import { ComponentKind } from './constants.ts';
import { checkChoices } from './message-components.ts';
import type { ModalField, RecordedModal } from './modal-input.ts';

/** What a person enters in a field: text for a text input, a boolean for a checkbox, the chosen values for a select. */
export type ModalValue = string | boolean | string[];

/**
 * The `data.components` of a modal submit, in Discord's shape for each field: a Label as
 * `{ type: 18, id, component: { type, id, custom_id, value | values } }`, a classic row as
 * `{ type: 1, id, components: [{ type: 4, id, custom_id, value }] }`, a Text Display as
 * `{ type: 10, id }`. A field the test leaves out is submitted as the person would leave it:
 * a text input with its pre-filled `value` (or empty), a checkbox as its `default`, a select
 * with its `default` options. Throws, as the client would not let the person submit, when a
 * value breaks the field's rules (required, lengths, unknown option, number of choices).
 */
export function modalSubmissionComponents(modal: RecordedModal, values: Record<string, ModalValue>): unknown[] {
  for (const customId of Object.keys(values)) {
    if (!modal.fields.some((field) => field.customId === customId)) throw new Error(`fake-discord: modal "${modal.customId}" has no field "${customId}"`);
  }
  const byContainer = new Map(modal.fields.map((field) => [field.containerId, field]));
  const submitted: unknown[] = [];
  for (const top of modal.components as Array<{ type: number; id: number }>) {
    if (top.type === ComponentKind.TextDisplay) {
      submitted.push({ type: ComponentKind.TextDisplay, id: top.id });
      continue;
    }
    const field = byContainer.get(top.id);
    if (!field) continue;
    const component = { type: field.type, id: field.id, custom_id: field.customId, ...submittedValue(field, values[field.customId]) };
    submitted.push(field.container === 'label' ? { type: ComponentKind.Label, id: top.id, component } : { type: ComponentKind.ActionRow, id: top.id, components: [component] });
  }
  return submitted;
}

function submittedValue(field: ModalField, given: ModalValue | undefined): { value: string } | { value: boolean } | { values: string[] } {
  const { definition } = field;
  if (field.type === ComponentKind.Checkbox) {
    if (given !== undefined && typeof given !== 'boolean') throw new Error(`fake-discord: checkbox "${field.customId}" takes true or false`);
    return { value: given ?? definition['default'] === true };
  }
  if (field.type === ComponentKind.StringSelect) return { values: chosenValues(field, given) };
  if (given !== undefined && typeof given !== 'string') throw new Error(`fake-discord: text input "${field.customId}" takes a string`);
  const text = given ?? (typeof definition['value'] === 'string' ? definition['value'] : '');
  const required = definition['required'] !== false;
  if (required && text.length === 0) throw new Error(`fake-discord: text input "${field.customId}" is required`);
  const min = typeof definition['min_length'] === 'number' ? definition['min_length'] : 0;
  const max = typeof definition['max_length'] === 'number' ? definition['max_length'] : 4000;
  if (text.length > 0 && (text.length < min || text.length > max)) {
    throw new Error(`fake-discord: text input "${field.customId}" takes ${min}–${max} characters, not ${text.length}`);
  }
  return { value: text };
}

function chosenValues(field: ModalField, given: ModalValue | undefined): string[] {
  const options = (field.definition['options'] as Array<{ value: string; default?: boolean }> | undefined) ?? [];
  if (given !== undefined && !Array.isArray(given)) throw new Error(`fake-discord: select "${field.customId}" takes an array of values`);
  const chosen = given ?? options.filter((option) => option.default === true).map((option) => option.value);
  checkChoices(field.customId, options, chosen, {
    min: typeof field.definition['min_values'] === 'number' ? field.definition['min_values'] : 1,
    max: typeof field.definition['max_values'] === 'number' ? field.definition['max_values'] : 1,
    required: field.definition['required'] !== false,
  });
  return chosen;
}
