import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { ConfigError } from './config-error.ts';
import type { Environment } from './provider-config.ts';

/**
 * Loads `.env` from the working directory into `env` without overriding variables already
 * set. Only composition roots call this. `CORDIAL_ENV_FILE` names another file, or `none` to
 * skip (tests use it so a developer's own `.env` cannot leak into them).
 *
 * A missing `.env` is normal (settings may all come from the environment), but a file named in
 * `CORDIAL_ENV_FILE` that cannot be read is a mistake worth stopping for: running on without
 * it would start with other settings than the ones the person chose. Throws ConfigError then.
 */
export function loadDotenv(env: Environment): void {
  const named = env['CORDIAL_ENV_FILE'];
  if (named === 'none') return;
  const chosen = named !== undefined && named !== '';
  const path = chosen ? named : '.env';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (!chosen && (error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ConfigError('CORDIAL_ENV_FILE', `${unreadable(path, error as NodeJS.ErrnoException)}; name an existing env file, or "none" to read none`);
  }
  for (const [name, value] of Object.entries(parse(text))) {
    if (env[name] === undefined) env[name] = value;
  }
}

function unreadable(path: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return `the file "${path}" does not exist`;
  if (error.code === 'EISDIR') return `"${path}" is a folder, not a file`;
  if (error.code === 'EACCES' || error.code === 'EPERM') return `the file "${path}" cannot be read (permission denied)`;
  return `the file "${path}" cannot be read (${error.code ?? error.message})`;
}
