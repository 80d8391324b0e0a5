/**
 * An answer kept for Regenerate between records and `answers` rows, for both backends: the
 * values the upsert binds, the messages indexed for it, and the record read back.
 */
import type { AnswerRecord, AnswerRecordInput, AnswerTrigger } from './saved-answers.ts';
import { parsedJson, stringArray } from './stored-json.ts';

// a record, so that a new trigger fails the type check until it is listed here
const ANSWER_TRIGGERS: Record<AnswerTrigger, true> = { ask: true, thread: true, dm: true, mention: true, reply: true, 'message-command': true };

/**
 * The values of an `answers` row, in the order first_message_id, channel_id, guild_id,
 * message_ids, model_id, asked_by, trigger_kind, turn, locale, follows, created_at.
 *
 * @throws TypeError when `turn` cannot be turned into JSON (a cycle, a BigInt): call it before
 * writing anything, so that such a save leaves the store as it was.
 */
export function answerValues(record: AnswerRecordInput, now: () => number): [string, string, string | null, string, string, string, AnswerTrigger, string, string, string | null, number] {
  const turn = JSON.stringify(record.turn ?? null);
  return [
    record.firstMessageId,
    record.channelId,
    record.guildId,
    JSON.stringify(record.messageIds),
    record.modelId,
    JSON.stringify(record.askedBy),
    record.trigger,
    turn,
    record.locale,
    record.follows,
    record.createdAt ?? now(),
  ];
}

/** The messages indexed for an answer: its first message and the others, each once, first first. */
export function messagesOf(firstMessageId: string, messageIds: readonly string[]): string[] {
  return [...new Set([firstMessageId, ...messageIds])];
}

/**
 * A row as an answer record, or `undefined` when its JSON or its kind is not what this code
 * writes (a hand-edited row, or one from a newer Cordial): a Regenerate of such an answer is
 * refused as for an unknown one, rather than a lookup throwing inside a button handler.
 */
export function toAnswerRecord(row: Record<string, unknown>): AnswerRecord | undefined {
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
