/**
 * Reading the JSON columns back, for both backends: a value of another shape (a hand-edited
 * row, or one from a newer Cordial) reads as absent rather than throwing inside a handler.
 * Both drivers hand these columns over as text, so each reader parses what it is given.
 */
import type { StoredAttachment } from './store.ts';

/** The parsed JSON, boxed so that a stored `null` is told apart from a parse failure. */
export function parsedJson(json: unknown): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(String(json)) };
  } catch {
    return undefined;
  }
}

/** A JSON array of strings, or `undefined` when the column holds anything else. */
export function stringArray(json: unknown): string[] | undefined {
  const parsed = parsedJson(json)?.value;
  return Array.isArray(parsed) && parsed.every((entry) => typeof entry === 'string') ? parsed : undefined;
}

/** The attachments kept as JSON; entries of another shape are left out, and unreadable JSON reads as none. */
export function storedAttachments(json: unknown): StoredAttachment[] {
  const value = parsedJson(json)?.value;
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is StoredAttachment =>
      typeof entry === 'object' && entry !== null && typeof entry.id === 'string' && typeof entry.name === 'string' && typeof entry.url === 'string' && typeof entry.byteSize === 'number',
  );
}
