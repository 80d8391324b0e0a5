/**
 * The JSON columns read back with SQLite's tolerance: a value of another shape (a hand-edited
 * row, or one from a newer Cordial) reads as absent rather than throwing inside a handler.
 *
 * These repeat the readers private to `../store.ts` and `../saved-answers.ts`, which this
 * backend may not change; exporting those and importing them here would leave one owner.
 */
import type { StoredAttachment } from '../store.ts';
import type { AnswerRecord, AnswerTrigger } from '../saved-answers.ts';
import type { Row } from './database.ts';

// a record, so that a new trigger fails the type check until it is listed here
const ANSWER_TRIGGERS: Record<AnswerTrigger, true> = { ask: true, thread: true, dm: true, mention: true, reply: true, 'message-command': true };

/** The attachments kept as JSON; entries of another shape are left out. */
export function storedAttachments(json: unknown): StoredAttachment[] {
  const value = parsedJson(json)?.value;
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is StoredAttachment =>
      typeof entry === 'object' && entry !== null && typeof entry.id === 'string' && typeof entry.name === 'string' && typeof entry.url === 'string' && typeof entry.byteSize === 'number',
  );
}

/** A row of `answers` as an answer record, or `undefined` when its JSON or its kind is not what this code writes. */
export function toAnswerRecord(row: Row): AnswerRecord | undefined {
  const messageIds = stringArray(row['message_ids']);
  const askedBy = stringArray(row['asked_by']);
  const trigger = String(row['trigger_kind']);
  const turn = parsedJson(row['turn']);
  if (messageIds === undefined || askedBy === undefined || turn === undefined || !Object.hasOwn(ANSWER_TRIGGERS, trigger)) return undefined;
  return {
    firstMessageId: String(row['first_message_id']),
    channelId: String(row['channel_id']),
    guildId: row['guild_id'] === null ? null : String(row['guild_id']),
    messageIds,
    modelId: String(row['model_id']),
    askedBy,
    trigger: trigger as AnswerTrigger,
    turn: turn.value,
    locale: String(row['locale']),
    follows: row['follows'] === null ? null : String(row['follows']),
    createdAt: Number(row['created_at']),
  };
}

/** The parsed JSON, boxed so that a stored `null` is told apart from a parse failure. */
function parsedJson(json: unknown): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(String(json)) };
  } catch {
    return undefined;
  }
}

function stringArray(json: unknown): string[] | undefined {
  const parsed = parsedJson(json)?.value;
  return Array.isArray(parsed) && parsed.every((entry) => typeof entry === 'string') ? parsed : undefined;
}
