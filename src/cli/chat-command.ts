import { createInterface } from 'node:readline';
import type { ProviderRegistry, ResolvedModel } from '../providers/registry.ts';
import { UnknownModelError } from '../providers/registry.ts';
import type { ChatMessage } from '../model/chat-message.ts';
import { describeFailure } from './describe-failure.ts';
import type { AnswerOptions } from './parse-arguments.ts';
import { streamToOutput } from './stream-to-output.ts';
import { exitCodes, UsageError } from './usage-error.ts';
import type { CommandIo } from './ask-command.ts';
import { ReasoningOutput } from './reasoning-output.ts';
import { usageLine } from './usage-line.ts';

const chatHelp = `Commands: /model <provider/model> switches model, /reset forgets the conversation, /exit leaves.
Ctrl+C stops an answer being written; at the prompt it leaves.\n`;

/**
 * `cordial chat`: an interactive conversation. History is kept across turns; a failed answer's
 * partial text stays in the history so the next turn can build on it.
 */
export async function runChat(registry: ProviderRegistry, options: AnswerOptions, io: CommandIo): Promise<number> {
  if (options.model === undefined) throw new UsageError('no model: pass --model provider/model or set DEFAULT_MODEL');
  let resolved: ResolvedModel = await registry.resolveKnown(options.model, io.signal);
  const system: ChatMessage[] = options.system === undefined ? [] : [{ role: 'system', content: options.system }];
  let history: ChatMessage[] = [];
  const lines = createInterface({ input: io.input, output: io.output, terminal: io.input.isTTY === true });
  const reasoning = options.showReasoning === true ? new ReasoningOutput(io.errors) : undefined;
  let answering: AbortController | undefined;
  lines.on('SIGINT', () => (answering === undefined ? lines.close() : answering.abort()));
  io.output.write(`Chatting with ${resolved.id}. ${chatHelp}`);

  let inputClosed = false;
  lines.on('close', () => (inputClosed = true));
  // piped input may end while an answer streams; prompting a closed interface throws
  const showPrompt = () => inputClosed || lines.prompt();
  lines.setPrompt('you> ');
  showPrompt();
  try {
    // the async iterator buffers lines typed (or piped) while an answer is still streaming
    for await (const rawLine of lines) {
      const line = rawLine.trim();
      if (line === '') {
        showPrompt();
        continue;
      }
      if (line === '/exit' || line === '/quit') break;
      if (line === '/help') {
        io.output.write(chatHelp);
        showPrompt();
        continue;
      }
      if (line === '/reset') {
        history = [];
        io.output.write('History cleared.\n');
        showPrompt();
        continue;
      }
      if (line.startsWith('/model')) {
        try {
          resolved = await registry.resolveKnown(line.slice('/model'.length).trim(), io.signal);
          io.output.write(`Now chatting with ${resolved.id}.\n`);
        } catch (error) {
          if (!(error instanceof UnknownModelError)) throw error;
          io.errors.write(`error: ${error.message}\n`);
        }
        showPrompt();
        continue;
      }
      history.push({ role: 'user', content: line });
      answering = new AbortController();
      io.output.write(`${resolved.id}> `);
      const answer = await streamToOutput(resolved, [...system, ...history], options, { answer: io.output, reasoning }, AbortSignal.any([answering.signal, io.signal]));
      answering = undefined;
      io.output.write('\n');
      if (options.showUsage === true) io.errors.write(`${usageLine(resolved.provider.id, answer.finish)}\n`);
      if (answer.text !== '') history.push({ role: 'assistant', content: answer.text });
      if (answer.error !== undefined) io.errors.write(`error: ${describeFailure(answer.error)}\n`);
      showPrompt();
    }
  } finally {
    lines.close();
  }
  return exitCodes.success;
}
