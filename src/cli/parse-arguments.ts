import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.ts';

/** Options shared by `ask` and `chat`. */
export interface AnswerOptions {
  /** `provider/model`, when given. */
  model?: string;
  /** A system prompt. */
  system?: string;
  /** Sampling temperature, 0–2. */
  temperature?: number;
  /** Cap on generated tokens. */
  maxTokens?: number;
  /** Show the answer as Discord would (split, paced, with notes) instead of raw text. */
  preview?: boolean;
  /** `--reasoning`: write the model's reasoning to stderr as it streams (else it is dropped). */
  showReasoning?: boolean;
  /** `--usage`: after each answer, one stderr line with its token usage. */
  showUsage?: boolean;
}

/** Options of `ask` alone. */
export interface AskOptions extends AnswerOptions {
  /** `--image` paths, in the order given (repeatable). */
  images: string[];
  /** `--file` paths, in the order given (repeatable). */
  files: string[];
}

/** The commands of the CLI. */
export const commandNames = ['ask', 'chat', 'models'] as const;
/** One of the commands. */
export type CommandName = (typeof commandNames)[number];

/** A parsed command line. */
export type CliCommand =
  | { name: 'ask'; options: AskOptions; prompt: string | undefined }
  | { name: 'chat'; options: AnswerOptions }
  | { name: 'models' }
  | { name: 'help'; topic?: CommandName };

/** Whether `word` names a command. */
export function isCommandName(word: string | undefined): word is CommandName {
  return (commandNames as readonly string[]).includes(word ?? '');
}

/** Parses argv (without the node and script paths); throws UsageError on anything wrong. */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return parseHelp(rest);
  if (!isCommandName(command)) throw new UsageError(`unknown command "${command}"`);
  // --help wins over anything else on the line, as in most tools; after "--" it is prompt text
  const beforeTerminator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeTerminator.includes('--help') || beforeTerminator.includes('-h')) return { name: 'help', topic: command };
  if (command === 'models') {
    if (rest.length > 0) throw new UsageError(`models takes no arguments, got "${rest.join(' ')}"`);
    return { name: 'models' };
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: command === 'ask',
      strict: true,
      options: {
        model: { type: 'string', short: 'm' },
        system: { type: 'string', short: 's' },
        temperature: { type: 'string', short: 't' },
        'max-tokens': { type: 'string' },
        preview: { type: 'boolean' },
        reasoning: { type: 'boolean' },
        usage: { type: 'boolean' },
        image: { type: 'string', multiple: true },
        file: { type: 'string', multiple: true },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const options: AnswerOptions = {
    model: parsed.values.model,
    system: parsed.values.system,
    temperature: parseNumber('--temperature', parsed.values.temperature, 0, 2, false),
    maxTokens: parseNumber('--max-tokens', parsed.values['max-tokens'], 1, 1_000_000, true),
    preview: parsed.values.preview,
    showReasoning: parsed.values.reasoning,
    showUsage: parsed.values.usage,
  };
  const images = parsed.values.image ?? [];
  const files = parsed.values.file ?? [];
  if (command === 'chat') {
    if (images.length + files.length > 0) throw new UsageError('--image and --file are options of ask, not of chat');
    if (options.preview === true) throw new UsageError('--preview is an option of ask, not of chat');
    return { name: 'chat', options };
  }
  const prompt = parsed.positionals.join(' ');
  return { name: 'ask', options: { ...options, images, files }, prompt: prompt === '' ? undefined : prompt };
}

/** `help`, `help <command>`. */
function parseHelp(rest: readonly string[]): CliCommand {
  const [topic, ...extra] = rest;
  if (topic === undefined) return { name: 'help' };
  if (!isCommandName(topic) || extra.length > 0) throw new UsageError(`help takes one command name (${commandNames.join(', ')}), got "${rest.join(' ')}"`);
  return { name: 'help', topic };
}

function parseNumber(flag: string, text: string | undefined, minimum: number, maximum: number, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < minimum || value > maximum || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${flag} takes ${integer ? 'a whole number' : 'a number'} from ${minimum} to ${maximum}, got "${text}"`);
  }
  return value;
}
