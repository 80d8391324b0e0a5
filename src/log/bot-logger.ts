import type { Logger } from 'pino';
import type { BotConfig } from '../config/bot-config.ts';
import { createLogger, defaultLogFormat } from './logger.ts';

/**
 * The logger of a bot process (`npm start`, a shard, the sharding manager): `LOG_LEVEL` and
 * `LOG_FORMAT` as set, and every secret the settings hold blanked out of every line (the Discord
 * token, each provider's API key, the database and Redis URLs, which may carry passwords).
 */
export function createBotLogger(config: BotConfig, env: NodeJS.ProcessEnv): Logger {
  const secrets = [config.discordToken, ...config.providers.openaiCompatible.map((endpoint) => endpoint.apiKey), config.databaseUrl, config.redisUrl].filter(
    (secret): secret is string => secret !== undefined,
  );
  return createLogger({
    level: config.logLevel,
    format: config.logFormat === 'auto' ? defaultLogFormat(env['NODE_ENV'], process.stderr.isTTY === true) : config.logFormat,
    secrets,
  });
}
