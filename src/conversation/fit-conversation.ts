/**
 * A conversation ready for any model: trimmed to its budget, then in the alternating shape
 * strict chat templates require.
 */
import type { ChatMessage } from '../model/chat-message.ts';
import { alternateRoles } from './alternate-roles.ts';
import { defaultTokenCosts, estimateConversationTokens, type TokenCosts } from './budget.ts';
import { trimHistory, type TrimResult } from './trim.ts';

/**
 * Trims `history` (as `buildHistory` makes it: one turn per message) to `budgetTokens`, then
 * alternates its roles (`alternateRoles`). Trimming goes first, message by message, so the
 * oldest messages go and a run of one person's messages is not cut as one block; merging only
 * removes framing, so the result still fits. Answers left first by the trim are among `dropped`.
 */
export function fitConversation(history: readonly ChatMessage[], budgetTokens: number, costs: TokenCosts = defaultTokenCosts): TrimResult {
  const trimmed = trimHistory(history, budgetTokens, costs);
  const alternated = alternateRoles(trimmed.messages);
  return {
    messages: alternated.messages,
    dropped: [...trimmed.dropped, ...alternated.dropped],
    truncatedCharacters: trimmed.truncatedCharacters,
    estimatedTokens: estimateConversationTokens(alternated.messages, costs),
  };
}
