/**
 * The terminal composition root: `npx cordial ask|models|chat` (through src/cli/cordial.js,
 * which runs this on Node 24). It needs provider settings only — no Discord token, no
 * database — and shares the provider code path with the bot.
 */
import { loadDotenv } from './config/load-dotenv.ts';
import { ConfigError } from './config/config-error.ts';
import { loadProviderConfig } from './config/provider-config.ts';
import { createProviderRegistry, UnknownModelError, type ProviderRegistry } from './providers/registry.ts';
import { imageSupport } from './attachments/vision-models.ts';
import { runAsk, type CommandIo } from './cli/ask-command.ts';
import { runChat } from './cli/chat-command.ts';
import { runModels } from './cli/models-command.ts';
import { isCommandName, parseCommandLine } from './cli/parse-arguments.ts';
import { exitCodes, UsageError, usageText } from './cli/usage-error.ts';

async function main(argv: string[]): Promise<number> {
  const command = parseCommandLine(argv);
  if (command.name === 'help') {
    process.stdout.write(`${usageText(command.topic)}\n`);
    return exitCodes.success;
  }
  loadDotenv(process.env);
  const providerConfig = loadProviderConfig(process.env);
  const registry: ProviderRegistry = createProviderRegistry(providerConfig);
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  const io: CommandIo = { input: process.stdin, output: process.stdout, errors: process.stderr, signal: interrupt.signal };
  try {
    if (command.name === 'models') return await runModels(registry, io);
    const model = command.options.model ?? emptyToUndefined(process.env['DEFAULT_MODEL']);
    if (command.name === 'chat') return await runChat(registry, { ...command.options, model }, io);
    const models = { registry, imageSupport: (modelId: string) => imageSupport(providerConfig, modelId) };
    return await runAsk(models, { ...command.options, model }, command.prompt, io);
  } finally {
    await registry.close();
  }
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

const argv = process.argv.slice(2);
try {
  process.exitCode = await main(argv);
} catch (error) {
  if (error instanceof UsageError || error instanceof UnknownModelError || error instanceof ConfigError) {
    const help = isCommandName(argv[0]) ? `npx cordial ${argv[0]} --help` : 'npx cordial help';
    process.stderr.write(`cordial: ${error.message}\n${error instanceof UsageError ? `Run '${help}' for usage.\n` : ''}`);
    process.exitCode = exitCodes.usage;
  } else {
    process.stderr.write(`cordial: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = exitCodes.providerFailure;
  }
}
