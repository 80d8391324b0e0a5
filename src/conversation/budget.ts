/**
 * A cheap token estimate, so that trimming needs no tokenizer. It errs on the high side, so a
 * trimmed history fits the real context window.
 *
 * Per character (code point): ASCII 0.3 (≈ 3.3 characters per token: English runs ~4, code ~3);
 * other Latin, Greek, Cyrillic, Hebrew, Arabic 0.5 (Russian runs ~2.5 per token in GPT
 * tokenizers); CJK ideographs, kana and Hangul 1; characters outside the BMP (emoji) 2; anything
 * else 1. The sum is rounded up. Each message adds 4 tokens of framing, and a conversation 3 for
 * the primed answer, as OpenAI's counting guide does. A file counts as its inlined text (with the
 * lines naming it); an image as a fixed estimate (`IMAGE_TOKENS`): providers charge by its size
 * and detail (OpenAI 85 to ~1,100 tokens, Llama 3.2 Vision ~1,600 per tile), which the bot does
 * not decode.
 */
import type { ChatMessage } from '../model/chat-message.ts';
import { partText } from '../model/message-content.ts';

/** Framing tokens per message (role and separators). */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** Tokens that prime the answer, once per conversation. */
export const CONVERSATION_OVERHEAD_TOKENS = 3;
/** Most of the context kept for the answer by default: a quarter of the context, at most 1,024. */
export const DEFAULT_MAX_ANSWER_RESERVE_TOKENS = 1024;

/** Cost units per token: weights are in tenths of a token, so sums stay integers. */
export const UNITS_PER_TOKEN = 10;

/** The cost in tenths of a token of the code point starting at `code` (a UTF-16 unit). */
export function codePointUnits(code: number): number {
  if (code < 0x80) return 3;
  if (isHighSurrogate(code)) return 20;
  if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff)) return 10;
  if ((code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff)) return 10;
  if (code <= 0x024f || (code >= 0x0370 && code <= 0x06ff)) return 5;
  return 10;
}

/** The cost of a text in tenths of a token. */
export function textUnits(text: string): number {
  let units = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    units += codePointUnits(code);
    // a surrogate pair is one code point
    if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(index + 1))) index += 1;
  }
  return units;
}

/** Estimated tokens of a text (see the module comment). */
export function estimateTextTokens(text: string): number {
  return Math.ceil(textUnits(text) / UNITS_PER_TOKEN);
}

/** What the estimate charges for parts that are not text. */
export interface TokenCosts {
  /** Tokens one image part is taken to cost. */
  imageTokens: number;
}

/** The tokens an image is taken to cost when IMAGE_TOKENS is not set. */
export const DEFAULT_IMAGE_TOKENS = 1000;

/** The costs used when none are given. */
export const defaultTokenCosts: TokenCosts = { imageTokens: DEFAULT_IMAGE_TOKENS };

/** Estimated tokens of a message's content: its text, its files' text, and each image's estimate. */
export function estimateContentTokens(content: ChatMessage['content'], costs: TokenCosts = defaultTokenCosts): number {
  if (typeof content === 'string') return estimateTextTokens(content);
  let total = 0;
  for (const part of content) total += part.type === 'image' ? costs.imageTokens : estimateTextTokens(partText(part));
  return total;
}

/** Estimated tokens of one message: framing and content. */
export function estimateMessageTokens(message: ChatMessage, costs: TokenCosts = defaultTokenCosts): number {
  return MESSAGE_OVERHEAD_TOKENS + estimateContentTokens(message.content, costs);
}

/** Estimated tokens of a whole conversation as sent. */
export function estimateConversationTokens(messages: readonly ChatMessage[], costs: TokenCosts = defaultTokenCosts): number {
  let total = CONVERSATION_OVERHEAD_TOKENS;
  for (const message of messages) total += estimateMessageTokens(message, costs);
  return total;
}

/**
 * The tokens kept for the answer, which is also the `max_tokens` the bot asks for: the larger of
 * the configured reserve and the configured answer bound, but never more than half the context.
 * Strict servers (vLLM) refuse a request whose prompt plus `max_tokens` exceeds the context, so
 * the history is trimmed to what the answer leaves, and the answer asked for is no longer.
 */
export function answerTokens(contextTokens: number, reserveTokens: number, maxAnswerTokens: number | undefined): number {
  return Math.min(Math.max(reserveTokens, maxAnswerTokens ?? 0), Math.floor(contextTokens / 2));
}

/** The answer reserve when none is configured: a quarter of the context, at most 1,024 tokens. */
export function defaultAnswerReserve(contextTokens: number): number {
  return Math.min(DEFAULT_MAX_ANSWER_RESERVE_TOKENS, Math.floor(contextTokens / 4));
}

/** The tokens the history may take: the model's context minus what is kept for the answer. */
export function historyBudget(contextTokens: number, reservedAnswerTokens: number = defaultAnswerReserve(contextTokens)): number {
  return Math.max(0, contextTokens - reservedAnswerTokens);
}

/**
 * The longest end of `text` that costs at most `maxUnits`, never splitting a surrogate pair.
 * Counting from the end keeps it consistent with `textUnits`.
 */
export function tailWithinUnits(text: string, maxUnits: number): string {
  let units = 0;
  let start = text.length;
  while (start > 0) {
    let codeStart = start - 1;
    const code = text.charCodeAt(codeStart);
    if (isLowSurrogate(code) && isHighSurrogate(text.charCodeAt(codeStart - 1))) codeStart -= 1;
    const cost = codePointUnits(text.charCodeAt(codeStart));
    if (units + cost > maxUnits) break;
    units += cost;
    start = codeStart;
  }
  return text.slice(start);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
