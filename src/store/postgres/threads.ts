/**
 * The bot's threads and the `/ask` prompts used inside them, in PostgreSQL (see `../store.ts`):
 * a thread's record is updated in place (its prompts stay), and forgetting the thread takes its
 * prompts with it (ON DELETE CASCADE).
 */
import type { Asynchronous } from '../store-port.ts';
import type { SqliteStore } from '../store.ts';
import { threadPromptValues, threadValues, toThreadPrompt, toThreadRecord } from '../thread-rows.ts';
import type { PostgresDatabase } from './database.ts';

/** The thread methods of the store. */
export type Threads = Asynchronous<Pick<SqliteStore, 'getThread' | 'saveThread' | 'updateThreadFirstAnswer' | 'saveThreadPrompt' | 'getThreadPrompts' | 'deleteThread'>>;

const GET = `SELECT thread_id, guild_id, channel_id, model_id, prompt, system_prompt, created_by, created_at, created_by_name, first_answer, prompt_attachments
  FROM threads WHERE thread_id = $1`;
// an upsert, never a delete and insert: the delete would take the thread's prompts (ON DELETE CASCADE)
const SAVE = `INSERT INTO threads
  (thread_id, guild_id, channel_id, model_id, prompt, system_prompt, created_by, created_at, created_by_name, first_answer, prompt_attachments)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  ON CONFLICT (thread_id) DO UPDATE SET guild_id = EXCLUDED.guild_id, channel_id = EXCLUDED.channel_id,
    model_id = EXCLUDED.model_id, prompt = EXCLUDED.prompt, system_prompt = EXCLUDED.system_prompt,
    created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at,
    created_by_name = EXCLUDED.created_by_name, first_answer = EXCLUDED.first_answer,
    prompt_attachments = EXCLUDED.prompt_attachments`;
const UPDATE_FIRST_ANSWER = 'UPDATE threads SET first_answer = $1, model_id = $2 WHERE thread_id = $3';
const SAVE_PROMPT = `INSERT INTO thread_prompts (message_id, thread_id, author_id, author_name, prompt, created_at, attachments) VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (message_id) DO UPDATE SET thread_id = EXCLUDED.thread_id, author_id = EXCLUDED.author_id,
    author_name = EXCLUDED.author_name, prompt = EXCLUDED.prompt, created_at = EXCLUDED.created_at,
    attachments = EXCLUDED.attachments`;
const GET_PROMPTS = 'SELECT message_id, thread_id, author_id, author_name, prompt, created_at, attachments FROM thread_prompts WHERE thread_id = $1 ORDER BY created_at, message_id';
const DELETE = 'DELETE FROM threads WHERE thread_id = $1';

/** The thread methods; `now` is the store's clock. */
export function postgresThreads(database: PostgresDatabase, now: () => number): Threads {
  return {
    async getThread(threadId) {
      const row = (await database.query(GET, [threadId])).rows[0];
      return row === undefined ? undefined : toThreadRecord(row);
    },
    async saveThread(thread) {
      await database.query(SAVE, threadValues(thread, now));
    },
    async updateThreadFirstAnswer(threadId, change) {
      return (await database.query(UPDATE_FIRST_ANSWER, [change.firstAnswer, change.modelId, threadId])).rowCount > 0;
    },
    async saveThreadPrompt(prompt) {
      await database.query(SAVE_PROMPT, threadPromptValues(prompt, now));
    },
    async getThreadPrompts(threadId) {
      return (await database.query(GET_PROMPTS, [threadId])).rows.map(toThreadPrompt);
    },
    async deleteThread(threadId) {
      return (await database.query(DELETE, [threadId])).rowCount > 0;
    },
  };
}
