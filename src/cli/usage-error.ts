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

/** The help text. */
export const usageText = `Usage:
  cordial ask --model <provider/model> [--system <text>] [--temperature <n>] [--max-tokens <n>] [--preview] <prompt…>
      Streams one answer to stdout. Without a prompt argument, reads the prompt from stdin.
      --model defaults to DEFAULT_MODEL. --preview shows the answer as the bot would post it
      in Discord: split into messages, fences balanced, paced like Discord, with its notes.
  cordial models
      Prints every configured model id, one per line, then whether its provider answered.
  cordial chat [--model <provider/model>] [--system <text>] [--temperature <n>]
      An interactive conversation that keeps its history. Type /help inside for commands.

Exit codes: 0 success, 1 provider failure, 2 usage error, 130 interrupted.
Settings come from the environment or a .env file: see .env.example.`;
