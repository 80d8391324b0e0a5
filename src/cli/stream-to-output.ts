import { once } from 'node:events';
import type { ChatMessage } from '../model/chat-message.ts';
import type { FinishPart } from '../model/stream-part.ts';
import type { ResolvedModel } from '../providers/registry.ts';
import type { AnswerOptions } from './parse-arguments.ts';
import type { ReasoningOutput } from './reasoning-output.ts';

/** A partial answer and why it ended; `error` is set when the provider failed mid-way. */
export interface StreamedAnswer {
  /** The text written, exactly. */
  text: string;
  /** The finish part, when the answer completed. */
  finish?: FinishPart;
  /** The failure, when it did not complete. */
  error?: unknown;
}

/** Where a streamed answer goes. */
export interface AnswerStreams {
  /** The answer text, exactly and nothing else (stdout). */
  answer: NodeJS.WritableStream;
  /** Where reasoning goes (`--reasoning`); without it reasoning is dropped. */
  reasoning?: ReasoningOutput;
}

/**
 * Streams one answer to `streams.answer` delta by delta, respecting back-pressure. Never throws:
 * a failure is returned beside the text already written, so nothing is lost.
 */
export async function streamToOutput(
  resolved: ResolvedModel,
  messages: ChatMessage[],
  options: AnswerOptions,
  streams: AnswerStreams,
  signal: AbortSignal,
): Promise<StreamedAnswer> {
  let text = '';
  try {
    const stream = resolved.provider.stream({ model: resolved.model, messages, temperature: options.temperature, maxTokens: options.maxTokens, signal });
    for await (const part of stream) {
      if (part.type === 'reasoning-delta') {
        await streams.reasoning?.write(part.text);
        continue;
      }
      streams.reasoning?.end();
      if (part.type === 'finish') return { text, finish: part };
      text += part.text;
      if (!streams.answer.write(part.text)) await once(streams.answer, 'drain');
    }
    return { text, error: new Error('the stream ended without a finish') };
  } catch (error) {
    return { text, error };
  } finally {
    // a failure or Ctrl+C mid-reasoning still closes it (and a terminal's faint style)
    streams.reasoning?.end();
  }
}
