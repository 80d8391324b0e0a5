/** What a model's answer stream is made of: text, reasoning, and how it ended. */

/** Why an answer ended, unified across providers. */
export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'other';

/** Token counts as reported by the upstream, when it reports them. */
export interface Usage {
  /** Tokens in the prompt. */
  promptTokens?: number;
  /** Tokens generated. */
  completionTokens?: number;
  /** Both together. */
  totalTokens?: number;
}

/** A piece of visible answer text. */
export interface TextDeltaPart {
  type: 'text-delta';
  /** Text to append to the answer, exactly as the model produced it. */
  text: string;
}

/** The last part of a successful stream. */
export interface FinishPart {
  type: 'finish';
  /** Why the model stopped. */
  reason: FinishReason;
  /** The provider's own word for it (`eos_token`, `stop`, `length` …), when it sent one. */
  rawReason?: string;
  /** Token usage when the upstream reports it. */
  usage?: Usage;
}

/**
 * A piece of the model's reasoning (its "thinking"), from reasoning models: activity for the
 * timeouts, never part of the answer, never sent back to the model in later turns.
 */
export interface ReasoningDeltaPart {
  type: 'reasoning-delta';
  /** Reasoning text to append, exactly as the model produced it. */
  text: string;
}

/** What `Provider.stream` yields. Failures are thrown as `ProviderError`, never yielded. */
export type StreamPart = TextDeltaPart | ReasoningDeltaPart | FinishPart;
