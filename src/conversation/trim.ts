/**
 * Fitting a conversation to a model's budget: the oldest turns go first; the system prompt and
 * the newest message always stay. When even those two do not fit, the newest message loses its
 * beginning (the end of what someone wrote is usually the question).
 */
import type { ChatMessage } from '../model/chat-message.ts';
import { contentText } from '../model/message-content.ts';
import { defaultTokenCosts, estimateConversationTokens, estimateMessageTokens, tailWithinUnits, textUnits, UNITS_PER_TOKEN, type TokenCosts } from './budget.ts';

/** Put before the kept end of a truncated newest message. */
export const TRUNCATION_MARKER = '…';

/** The least content the newest message keeps when the system prompt leaves no room, in tokens. */
export const MINIMUM_NEWEST_CONTENT_TOKENS = 64;

/** What `trimHistory` kept and left out. */
export interface TrimResult {
  /** The conversation to send, in the original order. */
  messages: ChatMessage[];
  /** The turns left out, oldest first, so the bot can say how much it forgot. */
  dropped: ChatMessage[];
  /** Characters removed from the beginning of the newest message; 0 when it is whole. */
  truncatedCharacters: number;
  /** The estimated tokens of `messages`. */
  estimatedTokens: number;
}

/**
 * Trims `messages` (leading system messages, then turns oldest first) to at most
 * `budgetTokens` estimated tokens: leading system messages and the last message are always kept;
 * the turns between are kept newest first as long as they fit, and the rest is dropped from the
 * oldest. If the system messages and the last message alone exceed the budget, the last message
 * keeps only its end, prefixed by "…", and never less than 64 tokens of it — the only case in
 * which the result may exceed the budget. Such a message's files are cut as text, and its images
 * become notes: a message that big has no room for them.
 */
export function trimHistory(messages: readonly ChatMessage[], budgetTokens: number, costs: TokenCosts = defaultTokenCosts): TrimResult {
  let systemCount = 0;
  while (systemCount < messages.length && messages[systemCount]!.role === 'system') systemCount += 1;
  const newest = messages.at(-1);
  if (newest === undefined || systemCount === messages.length) {
    return { messages: [...messages], dropped: [], truncatedCharacters: 0, estimatedTokens: estimateConversationTokens(messages, costs) };
  }

  const system = messages.slice(0, systemCount);
  const middle = messages.slice(systemCount, -1);
  const fixedTokens = estimateConversationTokens(system, costs);
  let keptNewest = newest;
  let truncatedCharacters = 0;
  if (fixedTokens + estimateMessageTokens(newest, costs) > budgetTokens) {
    const framingTokens = estimateMessageTokens({ ...newest, content: '' }, costs);
    const contentTokens = Math.max(MINIMUM_NEWEST_CONTENT_TOKENS, budgetTokens - fixedTokens - framingTokens);
    const text = contentText(newest.content);
    const tail = tailWithinUnits(text, contentTokens * UNITS_PER_TOKEN - textUnits(TRUNCATION_MARKER));
    if (tail.length < text.length) {
      truncatedCharacters = text.length - tail.length;
      keptNewest = { ...newest, content: TRUNCATION_MARKER + tail };
    }
  }

  let total = fixedTokens + estimateMessageTokens(keptNewest, costs);
  let firstKept = middle.length;
  while (firstKept > 0) {
    const cost = estimateMessageTokens(middle[firstKept - 1]!, costs);
    if (total + cost > budgetTokens) break;
    total += cost;
    firstKept -= 1;
  }
  return {
    messages: [...system, ...middle.slice(firstKept), keptNewest],
    dropped: middle.slice(0, firstKept),
    truncatedCharacters,
    estimatedTokens: total,
  };
}
