import { once } from 'node:events';
import type { ChatMessage } from '../model/chat-message.ts';
import type { FinishPart } from '../model/stream-part.ts';
import type { ResolvedModel } from '../providers/registry.ts';
import type { AnswerOptions } from './parse-arguments.ts';

/** A partial answer and why it ended; `error` is set when the provider failed mid-way. */
export interface StreamedAnswer {
  /** The text written, exactly. */
  text: string;
  /** The finish part, when the answer completed. */
  finish?: FinishPart;
  /** The failure, when it did not complete. */
  error?: unknown;
}

/**
 * Streams one answer to `output` delta by delta, respecting back-pressure. Never throws:
 * a failure is returned beside the text already written, so nothing is lost.
 */
export async function streamToOutput(
  resolved: ResolvedModel,
  messages: ChatMessage[],
  options: AnswerOptions,
  output: NodeJS.WritableStream,
  signal: AbortSignal,
): Promise<StreamedAnswer> {
  let text = '';
  try {
    const stream = resolved.provider.stream({ model: resolved.model, messages, temperature: options.temperature, maxTokens: options.maxTokens, signal });
    for await (const part of stream) {
      if (part.type === 'finish') return { text, finish: part };
      // stdout carries the answer only
      if (part.type !== 'text-delta') continue;
      text += part.text;
      if (!output.write(part.text)) await once(output, 'drain');
    }
    return { text, error: new Error('the stream ended without a finish') };
  } catch (error) {
    return { text, error };
  }
}
