import { formatByteSize } from '../attachments/byte-size.ts';
import { attachedFileLimits } from './attached-file-limits.ts';

/** The command line was wrong: exit code 2, and no upstream was contacted. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes of the CLI, part of its contract. */
export const exitCodes = {
  /** The answer arrived in full. */
  success: 0,
  /** A provider or upstream failed; streamed text stays on stdout. */
  providerFailure: 1,
  /** A usage error (bad arguments, unknown model, bad settings); nothing was sent. */
  usage: 2,
  /** Interrupted with Ctrl+C; streamed text stays on stdout. */
  interrupted: 130,
} as const;

/** What each command does and takes, as `npx cordial <command> --help` prints it. */
export const commandUsage = {
  ask: `  npx cordial ask [--model <provider/model>] [--system <text>] [--temperature <n>] [--max-tokens <n>]
                  [--image <path>]… [--file <path>]… [--reasoning] [--usage] [--preview] <prompt…>
      Streams one answer to stdout, exactly. Without a prompt argument, reads the prompt from stdin.
      --model        defaults to DEFAULT_MODEL
      --system       a system prompt
      --temperature  sampling temperature, 0 to 2
      --max-tokens   the most tokens the answer may have (a whole number)
      --image        an image (PNG, JPEG, WebP or GIF, at most ${formatByteSize(attachedFileLimits.maxImageBytes)}) sent with the prompt;
                     repeatable. Only for models in <ID>_VISION_MODELS: otherwise exit 2
      --file         a text file (text, data or source code in UTF-8, at most ${formatByteSize(attachedFileLimits.maxTextFileBytes)}) inlined
                     after the prompt with its name; repeatable
      --reasoning    writes the model's reasoning to stderr as it streams (faint at a
                     terminal); without it reasoning is dropped. stdout stays the answer
      --usage        after the answer, one stderr line with its prompt, completion and
                     total tokens as the provider reported them
      --preview      shows the answer as the bot would post it in Discord: split into
                     messages, fences balanced, paced like Discord, with its notes`,
  models: `  npx cordial models
      Prints every configured model id, one per line, then its context size. Each provider that
      does not answer is named on stderr; exit 1 when none answered.`,
  chat: `  npx cordial chat [--model <provider/model>] [--system <text>] [--temperature <n>] [--max-tokens <n>]
                   [--reasoning] [--usage]
      An interactive conversation that keeps its history. Type /help inside for commands.
      --reasoning and --usage work as for ask, for each answer.`,
} as const;

const footer = `Exit codes: 0 success, 1 provider failure, 2 usage error, 130 interrupted.
Settings come from the environment or a .env file: see .env.example.`;

/** The help text of one command, or of all of them. */
export function usageText(command?: keyof typeof commandUsage): string {
  const sections = command === undefined ? Object.values(commandUsage) : [commandUsage[command]];
  return `Usage:\n${sections.join('\n')}\n\n${footer}`;
}
