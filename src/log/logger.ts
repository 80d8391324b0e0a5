import { pino, type Logger, type LevelWithSilent } from 'pino';
import pinoPretty from 'pino-pretty';
import { redactSecrets } from './redact-secrets.ts';

/** How log lines are written. */
export type LogFormat = 'json' | 'pretty';

/** Options of `createLogger`. */
export interface LoggerOptions {
  /** Minimum level written. */
  level: LevelWithSilent;
  /** JSON for machines (production), pretty for humans at a terminal. */
  format: LogFormat;
  /**
   * Secret values (tokens, keys) to blank out of every line, wherever they appear —
   * also inside error messages and URLs, which path-based redaction cannot reach.
   */
  secrets?: string[];
  /** Where lines go; stderr by default so the CLI's stdout stays the answer alone. */
  destination?: NodeJS.WritableStream;
}

/** Field paths that hold secrets in any object we log. */
const redactedPaths = [
  'token', '*.token', 'apiKey', '*.apiKey', 'key', '*.key', 'authorization', '*.authorization',
  'headers.authorization', '*.headers.authorization', 'headers.cookie', '*.headers.cookie',
  'DISCORD_TOKEN', '*.DISCORD_TOKEN', '*_API_KEY',
];

/** Builds the process logger: pino with path redaction plus value redaction of known secrets. */
export function createLogger(options: LoggerOptions): Logger {
  // secrets shorter than 6 characters are left alone in logs as too likely to be ordinary words
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 6);
  const base = {
    level: options.level,
    redact: { paths: redactedPaths, censor: '[REDACTED]' },
    hooks: secrets.length > 0 ? { streamWrite: (line: string) => redactSecrets(line, secrets) } : undefined,
  };
  if (options.format === 'pretty') {
    // pino-pretty as a synchronous stream (not a worker thread) so the CLI exits promptly.
    const pretty = pinoPretty({ destination: options.destination ?? 2, sync: true, colorize: false, ignore: 'pid,hostname' });
    return pino(base, pretty);
  }
  return pino(base, options.destination ?? pino.destination({ dest: 2, sync: true }));
}

/** Chooses the format: JSON when NODE_ENV=production or output is not a terminal, else pretty. */
export function defaultLogFormat(environment: string | undefined, isTerminal: boolean): LogFormat {
  return environment === 'production' || !isTerminal ? 'json' : 'pretty';
}
