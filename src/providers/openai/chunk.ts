import { ProviderError } from '../../model/provider-error.ts';
import { messageFromErrorText } from '../http/error-body.ts';
import type { FinishReason, Usage } from '../../model/stream-part.ts';

/** What one `chat.completion.chunk` event contributes. */
export interface ParsedChunk {
  /** Visible text (may be empty). */
  text: string;
  /**
   * Whether the chunk carried reasoning (`delta.reasoning_content`: DeepSeek, vLLM;
   * `delta.reasoning`: Ollama, OpenRouter). It is never answer text; it only shows the model is
   * working, for the timeouts.
   */
  reasoning: boolean;
  /** Set on the chunk that ends the choice. */
  finishReason?: FinishReason;
  /** Set on the usage chunk (`choices: []`). */
  usage?: Usage;
}

interface RawChunk {
  error?: unknown;
  choices?: Array<{ delta?: { content?: string | null; reasoning_content?: unknown; reasoning?: unknown }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
}

/** Parses one SSE `data` payload of an OpenAI-compatible stream; an `error` object throws. */
export function parseChatCompletionChunk(provider: string, data: string, redactor: { redact(text: string): string }): ParsedChunk {
  let raw: RawChunk;
  try {
    raw = JSON.parse(data) as RawChunk;
  } catch (error) {
    throw new ProviderError({ provider, kind: 'upstream', message: 'the provider sent a malformed stream event', cause: error });
  }
  if (raw.error !== undefined && raw.error !== null) {
    const upstreamMessage = redactor.redact(messageFromErrorText(JSON.stringify(raw)));
    throw new ProviderError({ provider, kind: 'upstream', message: `the provider failed mid-answer: ${upstreamMessage}`, upstreamMessage });
  }
  const choice = raw.choices?.[0];
  const delta = choice?.delta;
  const reasoning = isNonEmptyText(delta?.reasoning_content) || isNonEmptyText(delta?.reasoning);
  const parsed: ParsedChunk = { text: delta?.content ?? '', reasoning };
  if (typeof choice?.finish_reason === 'string') parsed.finishReason = unifyFinishReason(choice.finish_reason);
  if (raw.usage !== undefined && raw.usage !== null) {
    parsed.usage = { promptTokens: raw.usage.prompt_tokens, completionTokens: raw.usage.completion_tokens, totalTokens: raw.usage.total_tokens };
  }
  return parsed;
}

function isNonEmptyText(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

/** Maps OpenAI's finish reasons onto ours. */
export function unifyFinishReason(reason: string): FinishReason {
  switch (reason) {
    case 'stop':
    case 'eos':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    default:
      return 'other';
  }
}
