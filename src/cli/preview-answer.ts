import type { ResolvedModel } from '../providers/registry.ts';
import type { ChatMessage } from '../model/chat-message.ts';
import { systemClock } from '../model/clock.ts';
import { streamReply, type ReplyResult } from '../reply/reply-streamer.ts';
import type { AnswerOptions } from './parse-arguments.ts';
import { TerminalSink } from './terminal-sink.ts';

/**
 * `ask --preview`: runs the answer through the same reply streamer as the bot, into a terminal
 * sink paced like Discord, then prints the messages as Discord would show them, each under a
 * rule, and on `errors` how many writes it took. Shows splitting, fences and notes exactly.
 */
export async function previewAnswer(
  resolved: ResolvedModel,
  messages: ChatMessage[],
  options: AnswerOptions,
  io: { output: NodeJS.WritableStream; errors: NodeJS.WritableStream & { isTTY?: boolean }; signal: AbortSignal },
): Promise<ReplyResult> {
  const started = systemClock.now();
  const live = io.errors.isTTY === true;
  let shown = 0;
  const sink = new TerminalSink(systemClock, () => {
    // a live heartbeat at a terminal: how far the reply has got, without touching stdout
    shown += 1;
    if (live) io.errors.write(`\r${shown} write${shown === 1 ? '' : 's'}…`);
  });
  const parts = resolved.provider.stream({ model: resolved.model, messages, temperature: options.temperature, maxTokens: options.maxTokens, signal: io.signal });
  const result = await streamReply({ parts, sink, signal: io.signal });
  if (live) io.errors.write('\r\x1b[K');
  sink.messages.forEach((message, index) => {
    const content = message.versions.at(-1) ?? '';
    io.output.write(`── message ${index + 1} of ${sink.messages.length} · ${content.length} characters · ${message.versions.length} versions ──\n${content}\n`);
  });
  const seconds = ((systemClock.now() - started) / 1000).toFixed(1);
  io.errors.write(`${sink.writes.length} writes in ${seconds} s, paced as Discord's 5-per-5-s buckets allow; outcome: ${result.outcome}\n`);
  return result;
}
