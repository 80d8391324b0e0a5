/**
 * An answer's usage and kept reasoning between inputs and rows, for both backends. How the
 * `estimated` flag is stored (SQLite 1 or 0, PostgreSQL a boolean) stays with each backend:
 * the values below leave it out, and the reader takes it already read as a boolean.
 */
import type { AnswerUsage, KeptReasoning } from './answer-records.ts';
import type { AnswerUsageInput } from './usage-records.ts';

/**
 * The values of an `answer_usage` row but its `estimated` flag, in the order guild_id,
 * channel_id, user_id, model_id, message_id, outcome, prompt_tokens, completion_tokens,
 * answered_at; `answeredAt` is the input's time or the store's clock.
 */
export function usageRowValues(usage: AnswerUsageInput, answeredAt: number): [string | null, string, string, string, string | null, string, number | null, number | null, number] {
  return [usage.guildId, usage.channelId, usage.userId, usage.modelId, usage.messageId, usage.outcome, usage.promptTokens, usage.completionTokens, answeredAt];
}

/** An `answer_usage` row as usage; `estimated` is the row's flag read by its backend (rows carry it only when set). */
export function toAnswerUsage(row: Record<string, unknown>, estimated: boolean): AnswerUsage {
  return {
    guildId: row['guild_id'] === null ? null : String(row['guild_id']),
    channelId: String(row['channel_id']),
    userId: String(row['user_id']),
    modelId: String(row['model_id']),
    messageId: row['message_id'] === null ? null : String(row['message_id']),
    outcome: String(row['outcome']),
    promptTokens: row['prompt_tokens'] === null ? null : Number(row['prompt_tokens']),
    completionTokens: row['completion_tokens'] === null ? null : Number(row['completion_tokens']),
    answeredAt: Number(row['answered_at']),
    ...(estimated ? { estimated: true } : {}),
  };
}

/** An `answer_reasoning` row as the reasoning kept. */
export function toKeptReasoning(row: Record<string, unknown>): KeptReasoning {
  return { reasoning: String(row['reasoning']), keptAt: Number(row['kept_at']), expiresAt: Number(row['expires_at']) };
}
