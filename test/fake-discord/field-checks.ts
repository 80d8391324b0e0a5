import type { FieldError } from './errors.ts';

/**
 * The small checks Discord's form validation makes, each adding its error under a dotted path
 * (`components.0.components.1.custom_id`), so a 50035 names every bad field at once.
 */
export type FieldErrors = Record<string, FieldError[]>;

export function maxLength(limit: number): FieldError {
  return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${limit} or fewer in length.` };
}

export const required: FieldError = { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };

/** A string of `min`–`max` characters; `optional` lets it be absent. Returns it, if it is one. */
export function checkString(errors: FieldErrors, path: string, value: unknown, min: number, max: number, optional = false): string | undefined {
  if (value === undefined || value === null) {
    if (!optional) errors[path] = [required];
    return undefined;
  }
  if (typeof value !== 'string') {
    errors[path] = [{ code: 'STRING_TYPE_CONVERT', message: 'Could not interpret value as string.' }];
    return undefined;
  }
  if (value.length < min || value.length > max) {
    errors[path] = [min === 0 ? maxLength(max) : { code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` }];
  }
  return value;
}

/** An integer in `min`–`max`, when present. Returns it, if it is one. */
export function checkInteger(errors: FieldErrors, path: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors[path] = [{ code: 'NUMBER_TYPE_COERCE', message: `Value "${String(value)}" is not int.` }];
    return undefined;
  }
  if (value < min) errors[path] = [{ code: 'NUMBER_TYPE_MIN', message: `int value should be greater than or equal to ${min}.` }];
  if (value > max) errors[path] = [{ code: 'NUMBER_TYPE_MAX', message: `int value should be less than or equal to ${max}.` }];
  return value;
}

/** A boolean, when present. */
export function checkBoolean(errors: FieldErrors, path: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    errors[path] = [{ code: 'BOOLEAN_TYPE_CONVERT', message: 'Must be either true or false.' }];
    return undefined;
  }
  return value;
}

/** An array; reports a non-list and returns `[]` for it. */
export function checkList(errors: FieldErrors, path: string, value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  errors[path] = [value === undefined || value === null ? required : { code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }];
  return [];
}
