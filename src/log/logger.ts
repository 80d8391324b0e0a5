import { pino, type Logger, type LevelWithSilent } from 'pino';
import pinoPretty from 'pino-pretty';
import { censorSecretFields } from './censor-secret-fields.ts';
import { createSecretRedactor } from './redact-secrets.ts';

/** How log lines are written. */
export type LogFormat = 'json' | 'pretty';

/** Options of `createLogger`. */
export interface LoggerOptions {
  /** Minimum level written. */
  level: LevelWithSilent;
  /** JSON for machines (production), pretty for humans at a terminal. */
  format: LogFormat;
  /**
   * Secret values (tokens, keys) to blank out of every line, wherever and however they appear:
   * also inside error messages and URLs, and encoded, which field-based redaction cannot reach.
   */
  secrets?: string[];
  /** Where lines go; stderr by default so the CLI's stdout stays the answer alone. */
  destination?: NodeJS.WritableStream;
}

/**
 * Builds the process logger. Two layers, because each misses what the other catches:
 * - by field: every credential field (`authorization`, `apiKey`, `*_TOKEN`, raw header lists …)
 *   is blanked at any depth, errors included, whatever its value;
 * - by value: each known secret is blanked from the finished line in every form it leaks in
 *   (base64 of `Bearer <key>`, a truncated copy …), inside messages, stacks and URLs too.
 */
export function createLogger(options: LoggerOptions): Logger {
  // secrets shorter than 6 characters are left alone in logs as too likely to be ordinary words
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 6);
  const redact = createSecretRedactor(secrets);
  const base = {
    level: options.level,
    // errors are serialized by censorSecretFields already; pino's serializer would undo its type
    serializers: { err: (error: unknown) => error },
    formatters: { log: (object: Record<string, unknown>) => censorSecretFields(object) as Record<string, unknown> },
    hooks: secrets.length > 0 ? { streamWrite: redact } : undefined,
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
