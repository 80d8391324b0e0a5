/**
 * The provider contract: what every model backend (h2o, aivvm, OpenAI-compatible) offers.
 * Nothing here knows about Discord; the bot and the CLI both consume these types.
 */
import type { ChatMessage } from './chat-message.ts';
import type { StreamPart } from './stream-part.ts';

/** A request for one streamed answer. */
export interface StreamRequest {
  /** The provider's own model id (the part after `provider/`). */
  model: string;
  /** The conversation, oldest first. System messages may appear first. */
  messages: ChatMessage[];
  /** Sampling temperature; each provider has its own default when absent. */
  temperature?: number;
  /** Upper bound on generated tokens; provider default when absent. */
  maxTokens?: number;
  /** Aborting it stops the stream and closes the upstream connection. */
  signal?: AbortSignal;
}

/** A model a provider offers. */
export interface ModelInfo {
  /** Full id, `provider/model`. */
  id: string;
  /** The provider's id. */
  provider: string;
  /** The model id within its provider. */
  model: string;
  /** How many tokens of context the model takes (prompt + answer), for history trimming. */
  contextTokens: number;
}

/** A configured model backend. */
export interface Provider {
  /** The provider id, the prefix of its model ids (`h2o`, `aivvm`, `openai`, `ollama` …). */
  readonly id: string;
  /**
   * The models it offers. For OpenAI-compatible endpoints without a configured list this
   * asks the upstream (`GET /models`) and may throw a `ProviderError`.
   */
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /**
   * Whether `model` (the id within this provider) is known without asking the upstream:
   * `true` / `false` when the list is static, `undefined` when only the upstream can tell.
   */
  knowsModel(model: string): boolean | undefined;
  /** Resolves when the upstream answers HTTP at all; throws `ProviderError` when it does not. */
  checkReachable(signal?: AbortSignal): Promise<void>;
  /**
   * Streams one answer. Yields text deltas and, from reasoning models, reasoning deltas (usually
   * all before the text), then exactly one finish part.
   * Throws `ProviderError` on any failure, including a stream cut before its end marker.
   */
  stream(request: StreamRequest): AsyncIterable<StreamPart>;
}
