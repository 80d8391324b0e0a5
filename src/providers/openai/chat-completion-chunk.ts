import { z } from 'zod';
import type { EventKind } from '../http/event-stream.ts';

const text = z.string().nullish();
const tokens = z.number().nullish();

/**
 * One `chat.completion.chunk` as OpenAI-compatible servers stream it, checked for what Cordial
 * reads; the rest (`logprobs`, `timings`, `system_fingerprint` …, which servers vary) is left out.
 * Reasoning comes as `delta.reasoning_content` (DeepSeek, vLLM) or `delta.reasoning`
 * (OpenRouter, newer vLLM and Ollama). The usage chunk has `choices: []`.
 */
const chatCompletionChunk = z.object({
  // a chunk is never an error: a chunk with an error object is the error event below
  error: z.null().optional(),
  choices: z.array(
    z.object({
      delta: z.object({ content: text, reasoning_content: text, reasoning: text }).nullish(),
      finish_reason: text,
    }),
  ),
  usage: z.object({ prompt_tokens: tokens, completion_tokens: tokens, total_tokens: tokens }).nullish(),
});

/** An error reported inside the stream: `{"error": {"message", "type", "code"}}` (vLLM, OpenRouter), or a bare string. */
const streamError = z.object({ error: z.union([z.string(), z.object({ message: z.string().optional() })]) });

/** A chunk of the answer. */
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunk>;
/** An error event. */
export type StreamError = z.infer<typeof streamError>;

/** The events of an OpenAI-compatible answer, ending with `data: [DONE]`. */
export const chatCompletionEvents = {
  // the chunk first: it is nearly every event, and a union stops at the first shape that fits
  schema: z.union([chatCompletionChunk, streamError]),
  name: 'chat.completion.chunk',
  doneData: '[DONE]',
} satisfies EventKind<ChatCompletionChunk | StreamError>;
