import { config } from 'dotenv';
import type { Environment } from './provider-config.ts';

/**
 * Loads `.env` from the working directory into `process.env` without overriding variables
 * already set. Only composition roots call this. `CORDIAL_ENV_FILE` names another file, or
 * `none` to skip (tests use it so a developer's own `.env` cannot leak into them).
 */
export function loadDotenv(env: Environment): void {
  const file = env['CORDIAL_ENV_FILE'];
  if (file === 'none') return;
  config({ path: file === undefined || file === '' ? '.env' : file, quiet: true, processEnv: env as Record<string, string> });
}
