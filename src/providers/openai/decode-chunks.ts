import { ProviderError } from '../../model/provider-error.ts';
import type { FinishReason, StreamPart, Usage } from '../../model/stream-part.ts';
import { streamDone } from '../http/event-stream.ts';
import type { ChatCompletionChunk, StreamError } from './chat-completion-chunk.ts';
import { ThinkTagSplitter } from './think-tags.ts';

/**
 * An OpenAI-compatible answer's parts from its chunks: reasoning (from the reasoning fields, or
 * a leading `<think>` block of the content) as reasoning deltas, never as text; the content as
 * text deltas; then the finish with the unified and the raw reason and the usage when sent. The
 * answer is complete with `[DONE]`, a `finish_reason`, or a usage chunk (some servers send no
 * more); a body that ends with none of them was cut. An error event throws.
 */
export async function* chatCompletionParts(
  provider: string,
  events: AsyncIterable<ChatCompletionChunk | StreamError | typeof streamDone>,
  progress: () => void,
  redact: (text: string) => string,
): AsyncGenerator<StreamPart> {
  const content = new ThinkTagSplitter();
  let rawReason: string | undefined;
  let usage: Usage | undefined;
  let done = false;
  for await (const event of events) {
    if (event === streamDone) {
      done = true;
      break;
    }
    if (event.error != null) throw midAnswerError(provider, event.error, redact);
    const { choices, usage: reported } = event;
    const choice = choices[0];
    const delta = choice?.delta;
    if (delta != null) {
      // one or the other: servers moving from the old name to the new one send both, alike
      const reasoning = delta.reasoning_content || delta.reasoning;
      if (reasoning) yield { type: 'reasoning-delta', text: reasoning };
      if (delta.content != null && delta.content !== '') {
        const pieces = content.push(delta.content);
        // a tag or whitespace held back is still the model writing
        if (pieces.length === 0) progress();
        else yield* pieces;
      }
    }
    if (choice?.finish_reason) rawReason = choice.finish_reason;
    if (reported != null) usage = usageOf(reported);
  }
  yield* content.end();
  if (!done && rawReason === undefined && usage === undefined) {
    // not retryable: events had come, so the server answered and may have begun generating
    throw new ProviderError({ provider, kind: 'cut', message: 'the answer stream ended before its end marker' });
  }
  yield {
    type: 'finish',
    reason: rawReason === undefined ? 'stop' : unifyFinishReason(rawReason),
    ...(rawReason === undefined ? {} : { rawReason }),
    ...(usage === undefined ? {} : { usage }),
  };
}

function midAnswerError(provider: string, error: StreamError['error'], redact: (text: string) => string): ProviderError {
  const upstreamMessage = redact(typeof error === 'string' ? error : (error.message ?? 'no reason given'));
  return new ProviderError({ provider, kind: 'upstream', message: `the provider failed mid-answer: ${upstreamMessage}`, upstreamMessage });
}

function usageOf(reported: NonNullable<ChatCompletionChunk['usage']>): Usage {
  const usage: Usage = {};
  if (reported.prompt_tokens != null) usage.promptTokens = reported.prompt_tokens;
  if (reported.completion_tokens != null) usage.completionTokens = reported.completion_tokens;
  if (reported.total_tokens != null) usage.totalTokens = reported.total_tokens;
  return usage;
}

/** Maps OpenAI's finish reasons onto ours (`eos`: some llama.cpp builds). */
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
