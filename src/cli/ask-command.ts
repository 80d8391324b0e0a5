import { text } from 'node:stream/consumers';
import type { ProviderRegistry } from '../providers/registry.ts';
import { oneShotMessages } from './build-messages.ts';
import { describeFailure } from './describe-failure.ts';
import type { AskOptions } from './parse-arguments.ts';
import { streamToOutput } from './stream-to-output.ts';
import { previewAnswer } from './preview-answer.ts';
import { exitCodes, UsageError } from './usage-error.ts';
import { ProviderError } from '../model/provider-error.ts';
import { ReasoningOutput } from './reasoning-output.ts';
import { usageLine } from './usage-line.ts';
import { readAttachedFiles } from './attached-files.ts';
import { requireVision } from './require-vision.ts';
import type { ImageSupport } from '../attachments/vision-models.ts';

/** Where the ask command reads and writes. */
export interface CommandIo {
  /** Standard input (prompt when none is given on the command line). */
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The answer goes here, exactly. */
  output: NodeJS.WritableStream;
  /** Errors go here, and what `--reasoning` and `--usage` show. */
  errors: NodeJS.WritableStream & { isTTY?: boolean };
  /** Aborted on Ctrl+C. */
  signal: AbortSignal;
}

/** The models the ask command can use, and which of them are given images. */
export interface AskModels {
  /** Every configured provider. */
  registry: ProviderRegistry;
  /** Whether `modelId` (`provider/model`) is given image parts (`<ID>_VISION_MODELS`), and why not. */
  imageSupport: (modelId: string) => ImageSupport;
}

/**
 * `cordial ask`: streams one answer to stdout and returns the exit code. Every usage error
 * (model, vision, prompt, files) is found before the answer is requested.
 */
export async function runAsk(models: AskModels, options: AskOptions, promptArgument: string | undefined, io: CommandIo): Promise<number> {
  if (options.model === undefined) throw new UsageError('no model: pass --model provider/model or set DEFAULT_MODEL');
  // every usage error before resolveKnown, which may ask a discovering endpoint for its models
  if (options.images.length > 0) {
    const resolvedByName = models.registry.resolve(options.model);
    requireVision(resolvedByName, models.imageSupport(resolvedByName.id));
  }
  const prompt = promptArgument ?? (io.input.isTTY === true ? '' : (await text(io.input)).trim());
  if (prompt === '') throw new UsageError('no prompt: pass it as arguments or on stdin');
  const attached = await readAttachedFiles(options);
  const resolved = await models.registry.resolveKnown(options.model, io.signal);
  const messages = oneShotMessages(prompt, options.system, attached);

  if (options.preview === true) {
    const reply = await previewAnswer(resolved, messages, options, io);
    // the preview's live write count holds stderr while it runs: reasoning comes once it is over
    if (options.showReasoning === true) await showReasoning(reply.reasoning, io.errors);
    if (options.showUsage === true) io.errors.write(`${usageLine(resolved.provider.id, reply.finish)}\n`);
    if (reply.outcome === 'complete') return exitCodes.success;
    if (reply.outcome === 'aborted') return exitCodes.interrupted;
    io.errors.write(`error: ${describeFailure(reply.error)}\n`);
    return exitCodes.providerFailure;
  }
  const reasoning = options.showReasoning === true ? new ReasoningOutput(io.errors) : undefined;
  const answer = await streamToOutput(resolved, messages, options, { answer: io.output, reasoning }, io.signal);
  if (answer.text !== '') io.output.write('\n');
  if (options.showUsage === true) io.errors.write(`${usageLine(resolved.provider.id, answer.finish)}\n`);
  if (answer.error === undefined) return exitCodes.success;
  if (answer.error instanceof ProviderError && answer.error.kind === 'aborted') {
    io.errors.write('stopped: the answer was interrupted\n');
    return exitCodes.interrupted;
  }
  io.errors.write(`error: ${describeFailure(answer.error)}${answer.text === '' ? '' : ' (the answer above is incomplete)'}\n`);
  return exitCodes.providerFailure;
}

/** Writes reasoning received in full to stderr, shown as `--reasoning` shows it live. */
async function showReasoning(reasoning: string, errors: CommandIo['errors']): Promise<void> {
  const output = new ReasoningOutput(errors);
  await output.write(reasoning);
  output.end();
}
