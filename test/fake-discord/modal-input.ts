import { checkCustomId, checkStringSelect } from './component-input.ts';
import { ComponentKind } from './constants.ts';
import { invalidFormBody } from './errors.ts';
import { checkBoolean, checkInteger, checkList, checkString, type FieldErrors } from './field-checks.ts';

/** Discord's limits on a modal (callback type 9). */
export const MODAL_LIMITS = {
  customId: 100,
  title: 45,
  components: 5,
  label: 45,
  labelDescription: 100,
  textInputLength: 4000,
  textInputPlaceholder: 100,
  textDisplay: 4000,
} as const;

/** One thing a person fills in, and where it sits in the modal. */
export interface ModalField {
  /** The top-level component holding it: an action row (the classic form) or a Label. */
  container: 'row' | 'label';
  /** The top-level component's `id`. */
  containerId: number;
  /** 4 text input, 23 checkbox, 3 string select. */
  type: number;
  id: number;
  customId: string;
  /** The component as the bot defined it (`min_length`, `options`, `default`…). */
  definition: Record<string, unknown>;
}

/** A modal the bot opened, as validated. */
export interface RecordedModal {
  customId: string;
  title: string;
  /** `components` as the bot sent them, with the `id`s Discord fills in where none was given. */
  components: unknown[];
  /** The fields in order; a Text Display (type 10) has none and is in `textDisplayIds`. */
  fields: ModalField[];
  /** Ids of the modal's Text Display components, which a submission lists too. */
  textDisplayIds: number[];
}

/**
 * Validates the data of a modal callback as Discord does (else 400 50035 naming the fields):
 * `custom_id` 1–100, `title` 1–45, 1–5 top-level components, each a Label (type 18: `label`
 * ≤ 45, `description` ≤ 100, `component` a text input, checkbox or string select), a Text
 * Display (type 10), or the classic action row (type 1) holding one text input with a `label`.
 * Custom ids are unique in the modal. Components without an `id` get the next free one, as
 * Discord numbers them.
 */
export function parseModal(data: unknown): RecordedModal {
  const fields = (data ?? {}) as Record<string, unknown>;
  const errors: FieldErrors = {};
  const customId = checkString(errors, 'data.custom_id', fields['custom_id'], 1, MODAL_LIMITS.customId) ?? '';
  const title = checkString(errors, 'data.title', fields['title'], 1, MODAL_LIMITS.title) ?? '';
  const components = structuredClone(checkList(errors, 'data.components', fields['components'])) as Array<Record<string, unknown>>;
  if (Array.isArray(fields['components']) && (components.length < 1 || components.length > MODAL_LIMITS.components)) {
    errors['data.components'] = [{ code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between 1 and ${MODAL_LIMITS.components} in length.` }];
  }
  const seenIds = new Set<string>();
  const modalFields: Array<Omit<ModalField, 'id' | 'containerId'> & { child: Record<string, unknown>; top: Record<string, unknown> }> = [];
  const textDisplays: Array<Record<string, unknown>> = [];
  for (const [index, entry] of components.entries()) {
    const top = (entry ?? {}) as Record<string, unknown>;
    const path = `data.components.${index}`;
    if (top['type'] === ComponentKind.Label) {
      checkString(errors, `${path}.label`, top['label'], 1, MODAL_LIMITS.label);
      checkString(errors, `${path}.description`, top['description'], 0, MODAL_LIMITS.labelDescription, true);
      const child = (top['component'] ?? null) as Record<string, unknown> | null;
      if (!child) errors[`${path}.component`] = [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }];
      else if (checkField(errors, `${path}.component`, child, seenIds)) modalFields.push({ container: 'label', type: child['type'] as number, customId: String(child['custom_id']), definition: child, child, top });
    } else if (top['type'] === ComponentKind.ActionRow) {
      const children = checkList(errors, `${path}.components`, top['components']) as Array<Record<string, unknown> | null>;
      const input = children[0];
      if (children.length !== 1 || input?.['type'] !== ComponentKind.TextInput) {
        errors[`${path}.components`] = [{ code: 'MODAL_ACTION_ROW_TEXT_INPUT_ONLY', message: 'An action row in a modal holds exactly one text input.' }];
      } else {
        checkString(errors, `${path}.components.0.label`, input['label'], 1, MODAL_LIMITS.label);
        if (checkField(errors, `${path}.components.0`, input, seenIds)) modalFields.push({ container: 'row', type: ComponentKind.TextInput, customId: String(input['custom_id']), definition: input, child: input, top });
      }
    } else if (top['type'] === ComponentKind.TextDisplay) {
      checkString(errors, `${path}.content`, top['content'], 1, MODAL_LIMITS.textDisplay);
      textDisplays.push(top);
    } else {
      errors[`${path}.type`] = [{ code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1, 10, 18}.' }];
    }
  }
  if (Object.keys(errors).length > 0) throw invalidFormBody(errors);
  assignIds(components);
  return {
    customId,
    title,
    components,
    fields: modalFields.map(({ child, top, ...field }) => ({ ...field, id: child['id'] as number, containerId: top['id'] as number })),
    textDisplayIds: textDisplays.map((display) => display['id'] as number),
  };
}

/** A component a person fills in; `false` when it is not one of those the fake models. */
function checkField(errors: FieldErrors, path: string, component: Record<string, unknown>, seenIds: Set<string>): boolean {
  const type = component['type'];
  if (type === ComponentKind.TextInput) checkTextInput(errors, path, component);
  else if (type === ComponentKind.StringSelect) checkStringSelect(errors, path, component, { inModal: true });
  else if (type === ComponentKind.Checkbox) checkBoolean(errors, `${path}.default`, component['default']);
  else if (typeof type === 'number' && [5, 6, 7, 8, 19, 21, 22].includes(type)) {
    // valid on Discord, but not modeled here: fail loudly (a 500) rather than pretend
    throw new Error(`fake-discord: modal component type ${type} is not modeled`);
  } else {
    errors[`${path}.type`] = [{ code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {3, 4, 23}.' }];
    return false;
  }
  checkCustomId(errors, path, component['custom_id'], seenIds);
  return true;
}

/** A text input: style 1 or 2, `min_length` 0–4000 ≤ `max_length` 1–4000, `value` ≤ 4000, `placeholder` ≤ 100. */
function checkTextInput(errors: FieldErrors, path: string, input: Record<string, unknown>): void {
  if (input['style'] !== 1 && input['style'] !== 2) errors[`${path}.style`] = [{ code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1, 2}.' }];
  const min = checkInteger(errors, `${path}.min_length`, input['min_length'], 0, MODAL_LIMITS.textInputLength);
  const max = checkInteger(errors, `${path}.max_length`, input['max_length'], 1, MODAL_LIMITS.textInputLength);
  if (min !== undefined && max !== undefined && min > max) {
    errors[`${path}.min_length`] = [{ code: 'NUMBER_TYPE_MAX', message: `int value should be less than or equal to ${max}.` }];
  }
  checkBoolean(errors, `${path}.required`, input['required']);
  checkString(errors, `${path}.value`, input['value'], 0, max ?? MODAL_LIMITS.textInputLength, true);
  checkString(errors, `${path}.placeholder`, input['placeholder'], 0, MODAL_LIMITS.textInputPlaceholder, true);
}

/** Numbers every component without an `id` (or with `0`) with the next id no component uses, in document order. */
function assignIds(components: Array<Record<string, unknown>>): void {
  const all: Array<Record<string, unknown>> = [];
  for (const top of components) {
    all.push(top);
    if (top['component']) all.push(top['component'] as Record<string, unknown>);
    for (const child of (top['components'] as Array<Record<string, unknown>> | undefined) ?? []) all.push(child);
  }
  const used = new Set(all.map((component) => component['id']).filter((id): id is number => typeof id === 'number' && id !== 0));
  let next = 1;
  for (const component of all) {
    if (typeof component['id'] === 'number' && component['id'] !== 0) continue;
    while (used.has(next)) next += 1;
    component['id'] = next;
    used.add(next);
  }
}
