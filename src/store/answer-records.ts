/**
 * What the store keeps about answers once they are written: the token usage of each (the
 * ground for quotas and reports) and, for a while, the reasoning behind it (the Reasoning button).
 */
import type { DatabaseSync } from 'node:sqlite';
import { usageRecorder, type AnswerUsageInput } from './usage-records.ts';
import { toAnswerUsage, toKeptReasoning } from './usage-rows.ts';

/** One answer's token usage, as its provider reported it or, when it reported none, as the bot estimated it. */
export interface AnswerUsage {
  /** The server, or `null` in a direct message. */
  guildId: string | null;
  /** The channel, thread or DM the answer was written in. */
  channelId: string;
  /** The person it answered (in a thread: the author of the newest message it answers). */
  userId: string;
  /** The model, `provider/model`. */
  modelId: string;
  /** The answer's first message, when one was written. */
  messageId: string | null;
  /** How the reply ended (`complete`, `failed`, `aborted`, `sink-failed`). */
  outcome: string;
  /** Prompt tokens as the provider reported them (or the estimate); `null` when unknown (rows written before estimates). */
  promptTokens: number | null;
  /** Completion tokens as the provider reported them (or the estimate); `null` when unknown. */
  completionTokens: number | null;
  /**
   * `true` when a count is the bot's estimate because the provider reported none (rows read
   * back carry it only then); absent when the counts are the provider's, or unknown.
   */
  estimated?: boolean;
  /** When the reply ended, in ms since the epoch. */
  answeredAt: number;
}

/** The reasoning behind an answer, while it is kept. */
export interface KeptReasoning {
  /** The reasoning text, exactly as the model produced it. */
  reasoning: string;
  /** When it was kept, in ms since the epoch. */
  keptAt: number;
  /** When it stops being kept, in ms since the epoch. */
  expiresAt: number;
}

/** The store's methods about answers (part of `Store`). */
export interface AnswerRecords {
  /** Adds one answer's usage row and its share of the day's rollup, in one transaction; `answeredAt` defaults to now. */
  recordUsage(usage: AnswerUsageInput): void;
  /** Usage rows of a server (`null`: direct messages) answered in `[from, to)`, oldest first. */
  usageOfGuild(guildId: string | null, range?: { from?: number; to?: number }): AnswerUsage[];
  /** Keeps the reasoning behind the answer whose first message is `messageId`, for `keepForMs` from now. */
  keepReasoning(messageId: string, reasoning: string, keepForMs: number): void;
  /** The reasoning behind that answer, or `undefined` once it has expired (or was never kept). */
  keptReasoning(messageId: string): KeptReasoning | undefined;
  /** Deletes the reasoning whose time has passed; returns how many rows went. */
  purgeExpiredReasoning(): number;
}

/** The answer records of an open, migrated database; `now` is the store's clock. */
export function answerRecords(database: DatabaseSync, now: () => number): AnswerRecords {
  const recordUsage = usageRecorder(database, now);
  // IS matches NULL as well: the DMs' rows have no server
  const usageOfGuild = database.prepare(
    `SELECT guild_id, channel_id, user_id, model_id, message_id, outcome, prompt_tokens, completion_tokens, answered_at, estimated
     FROM answer_usage WHERE guild_id IS ? AND answered_at >= ? AND answered_at < ? ORDER BY answered_at, usage_id`,
  );
  const keepReasoning = database.prepare(
    `INSERT INTO answer_reasoning (message_id, reasoning, kept_at, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (message_id) DO UPDATE SET reasoning = excluded.reasoning, kept_at = excluded.kept_at, expires_at = excluded.expires_at`,
  );
  const keptReasoning = database.prepare('SELECT reasoning, kept_at, expires_at FROM answer_reasoning WHERE message_id = ? AND expires_at > ?');
  const purgeExpired = database.prepare('DELETE FROM answer_reasoning WHERE expires_at <= ?');
  return {
    recordUsage,
    usageOfGuild(guildId, range = {}) {
      // SQLite keeps the flag as 1 or 0
      return usageOfGuild.all(guildId, range.from ?? 0, range.to ?? Number.MAX_SAFE_INTEGER).map((row) => toAnswerUsage(row, row['estimated'] === 1));
    },
    keepReasoning(messageId, reasoning, keepForMs) {
      const keptAt = now();
      keepReasoning.run(messageId, reasoning, keptAt, keptAt + keepForMs);
    },
    keptReasoning(messageId) {
      const row = keptReasoning.get(messageId, now());
      return row === undefined ? undefined : toKeptReasoning(row);
    },
    purgeExpiredReasoning() {
      return Number(purgeExpired.run(now()).changes);
    },
  };
}
