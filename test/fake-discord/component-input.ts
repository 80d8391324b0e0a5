import { ComponentKind } from './constants.ts';
import { checkBoolean, checkInteger, checkList, checkString, maxLength, required, type FieldErrors } from './field-checks.ts';

/** Discord's limits on message and modal components. */
export const COMPONENT_LIMITS = {
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionText: 100,
  selectPlaceholder: 150,
  selectValues: 25,
} as const;

const BUTTON_STYLES = new Set([1, 2, 3, 4, 5, 6]);
const LINK_STYLE = 5;
const PREMIUM_STYLE = 6;
/** Selects take a whole action row on their own. */
const SELECT_TYPES = new Set<number>([
  ComponentKind.StringSelect,
  ComponentKind.UserSelect,
  ComponentKind.RoleSelect,
  ComponentKind.MentionableSelect,
  ComponentKind.ChannelSelect,
]);

/**
 * Checks a message's action rows as Discord does for messages without the components-v2 flag:
 * at most 5 rows, each holding 1–5 buttons or exactly one select; a button has a valid style, a
 * label or an emoji (label ≤ 80), a `custom_id` unless it is a link (`url`) or premium button; a
 * string select as `checkStringSelect` says. Custom ids are 1–100 characters and unique in the
 * message. Other top-level components (components v2) are stored unchecked.
 */
export function readMessageComponents(fields: Record<string, unknown>, errors: FieldErrors): unknown[] | undefined {
  const value = fields['components'];
  if (value === undefined) return undefined;
  if (value === null) return [];
  if (!Array.isArray(value)) {
    errors['components'] = [{ code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }];
    return [];
  }
  if (value.length > COMPONENT_LIMITS.actionRows) errors['components'] = [maxLength(COMPONENT_LIMITS.actionRows)];
  const seenIds = new Set<string>();
  for (const [rowIndex, row] of value.entries()) {
    const rowFields = (row ?? {}) as { type?: unknown; components?: unknown };
    if (rowFields.type !== ComponentKind.ActionRow) continue;
    checkRow(errors, `components.${rowIndex}`, rowFields.components, seenIds);
  }
  return value;
}

function checkRow(errors: FieldErrors, rowPath: string, components: unknown, seenIds: Set<string>): void {
  const children = Array.isArray(components) ? components : [];
  const selects = children.filter((child) => SELECT_TYPES.has((child as { type?: number } | null)?.type ?? -1)).length;
  if (children.length === 0) {
    errors[`${rowPath}.components`] = [{ code: 'BASE_TYPE_MIN_LENGTH', message: 'Must be 1 or more in length.' }];
  } else if (selects > 0 && children.length > 1) {
    // a select fills the row's whole width: it can share it with nothing
    errors[`${rowPath}.components`] = [{ code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', message: 'The specified component exceeds the maximum width' }];
  } else if (children.length > COMPONENT_LIMITS.buttonsPerRow) {
    errors[`${rowPath}.components`] = [maxLength(COMPONENT_LIMITS.buttonsPerRow)];
  }
  for (const [index, child] of children.entries()) {
    const component = (child ?? {}) as Record<string, unknown>;
    const path = `${rowPath}.components.${index}`;
    if (component['type'] === ComponentKind.Button) checkButton(errors, path, component, seenIds);
    if (component['type'] === ComponentKind.StringSelect) {
      checkStringSelect(errors, path, component, { inModal: false });
      checkCustomId(errors, path, component['custom_id'], seenIds);
    }
  }
}

function checkButton(errors: FieldErrors, path: string, button: Record<string, unknown>, seenIds: Set<string>): void {
  const style = button['style'];
  if (typeof style !== 'number' || !BUTTON_STYLES.has(style)) {
    errors[`${path}.style`] = [{ code: 'BASE_TYPE_CHOICES', message: `Value must be one of {1, 2, 3, 4, 5, 6}.` }];
    return;
  }
  const label = button['label'];
  if (typeof label === 'string' && label.length > COMPONENT_LIMITS.buttonLabel) errors[`${path}.label`] = [maxLength(COMPONENT_LIMITS.buttonLabel)];
  if (style !== PREMIUM_STYLE && label === undefined && button['emoji'] === undefined) {
    errors[path] = [{ code: 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', message: 'A label or an emoji is required.' }];
  }
  if (style === LINK_STYLE) {
    if (typeof button['url'] !== 'string') errors[`${path}.url`] = [required];
    return;
  }
  if (style === PREMIUM_STYLE) return;
  checkCustomId(errors, path, button['custom_id'], seenIds);
}

/** A `custom_id` of 1–100 characters, not already used in the message or modal. */
export function checkCustomId(errors: FieldErrors, path: string, customId: unknown, seenIds: Set<string>): void {
  if (typeof customId !== 'string' || customId === '') {
    errors[`${path}.custom_id`] = [required];
  } else if (customId.length > COMPONENT_LIMITS.customId) {
    errors[`${path}.custom_id`] = [maxLength(COMPONENT_LIMITS.customId)];
  } else if (seenIds.has(customId)) {
    errors[`${path}.custom_id`] = [{ code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' }];
  } else seenIds.add(customId);
}

/**
 * A string select (its `custom_id` is checked by the caller, for uniqueness): 1–25 options, each
 * with a label and a value of 1–100 characters (description ≤ 100); placeholder ≤ 150;
 * `min_values` 0–25 and `max_values` 1–25, min not above max. In a modal `disabled` is refused
 * and `min_values` 0 needs `required: false`.
 */
export function checkStringSelect(errors: FieldErrors, path: string, select: Record<string, unknown>, options: { inModal: boolean }): void {
  const choices = checkList(errors, `${path}.options`, select['options']);
  if (Array.isArray(select['options']) && (choices.length < 1 || choices.length > COMPONENT_LIMITS.selectOptions)) {
    errors[`${path}.options`] = [{ code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between 1 and ${COMPONENT_LIMITS.selectOptions} in length.` }];
  }
  for (const [index, choice] of choices.entries()) {
    const option = (choice ?? {}) as Record<string, unknown>;
    const optionPath = `${path}.options.${index}`;
    checkString(errors, `${optionPath}.label`, option['label'], 1, COMPONENT_LIMITS.selectOptionText);
    checkString(errors, `${optionPath}.value`, option['value'], 1, COMPONENT_LIMITS.selectOptionText);
    checkString(errors, `${optionPath}.description`, option['description'], 0, COMPONENT_LIMITS.selectOptionText, true);
    checkBoolean(errors, `${optionPath}.default`, option['default']);
  }
  checkString(errors, `${path}.placeholder`, select['placeholder'], 0, COMPONENT_LIMITS.selectPlaceholder, true);
  const min = checkInteger(errors, `${path}.min_values`, select['min_values'], 0, COMPONENT_LIMITS.selectValues);
  const max = checkInteger(errors, `${path}.max_values`, select['max_values'], 1, COMPONENT_LIMITS.selectValues);
  // the two codes below are the fake's own names: Discord refuses these, its exact strings are not documented
  if ((min ?? 1) > (max ?? 1)) {
    errors[`${path}.min_values`] = [{ code: 'SELECT_COMPONENT_MIN_VALUES_GREATER_THAN_MAX', message: 'min_values must be less than or equal to max_values' }];
  }
  if (options.inModal) {
    if (select['disabled'] !== undefined) errors[`${path}.disabled`] = [{ code: 'COMPONENT_DISABLED_NOT_ALLOWED', message: 'Modal components cannot be disabled' }];
    const isRequired = checkBoolean(errors, `${path}.required`, select['required']) ?? true;
    if (isRequired && min === 0) errors[`${path}.min_values`] = [{ code: 'NUMBER_TYPE_MIN', message: 'int value should be greater than or equal to 1.' }];
  }
}
