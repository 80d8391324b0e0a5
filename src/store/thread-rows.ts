/**
 * A bot thread and its `/ask` prompts between records and table rows, for both backends: the
 * values each INSERT binds, in the column order both name, and the records read back.
 */
import type { ThreadPrompt, ThreadRecord, ThreadRecordInput } from './store.ts';
import { storedAttachments } from './stored-json.ts';

/** What `saveThreadPrompt` takes: a prompt whose `createdAt` defaults to now. */
export type ThreadPromptInput = Omit<ThreadPrompt, 'createdAt'> & { createdAt?: number };

/**
 * The values of a `threads` row, in the order thread_id, guild_id, channel_id, model_id, prompt,
 * system_prompt, created_by, created_at, created_by_name, first_answer, prompt_attachments.
 */
export function threadValues(thread: ThreadRecordInput, now: () => number): [string, string | null, string, string, string, string | null, string, number, string, string, string] {
  return [
    thread.threadId,
    thread.guildId,
    thread.channelId,
    thread.modelId,
    thread.prompt,
    thread.system ?? null,
    thread.createdBy,
    thread.createdAt ?? now(),
    thread.createdByName,
    thread.firstAnswer,
    JSON.stringify(thread.promptAttachments ?? []),
  ];
}

/** The values of a `thread_prompts` row, in the order message_id, thread_id, author_id, author_name, prompt, created_at, attachments. */
export function threadPromptValues(prompt: ThreadPromptInput, now: () => number): [string, string, string, string, string, number, string] {
  return [prompt.messageId, prompt.threadId, prompt.authorId, prompt.authorName, prompt.prompt, prompt.createdAt ?? now(), JSON.stringify(prompt.attachments ?? [])];
}

/** A `threads` row as a record: a NULL system prompt and an empty attachment list are left out. */
export function toThreadRecord(row: Record<string, unknown>): ThreadRecord {
  const record: ThreadRecord = {
    threadId: String(row['thread_id']),
    guildId: row['guild_id'] === null ? null : String(row['guild_id']),
    channelId: String(row['channel_id']),
    modelId: String(row['model_id']),
    prompt: String(row['prompt']),
    createdBy: String(row['created_by']),
    createdByName: String(row['created_by_name']),
    firstAnswer: String(row['first_answer']),
    createdAt: Number(row['created_at']),
  };
  if (row['system_prompt'] !== null) record.system = String(row['system_prompt']);
  const attachments = storedAttachments(row['prompt_attachments']);
  if (attachments.length > 0) record.promptAttachments = attachments;
  return record;
}

/** A `thread_prompts` row as a prompt: an empty attachment list is left out. */
export function toThreadPrompt(row: Record<string, unknown>): ThreadPrompt {
  const prompt: ThreadPrompt = {
    messageId: String(row['message_id']),
    threadId: String(row['thread_id']),
    authorId: String(row['author_id']),
    authorName: String(row['author_name']),
    prompt: String(row['prompt']),
    createdAt: Number(row['created_at']),
  };
  const attachments = storedAttachments(row['attachments']);
  if (attachments.length > 0) prompt.attachments = attachments;
  return prompt;
}
