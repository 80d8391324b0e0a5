import { z } from 'zod';
import type { LevelWithSilent } from 'pino';
import { ConfigError } from './config-error.ts';
import { readDiscordToken } from './discord-token.ts';
import { httpUrl, loadProviderConfig, positiveInteger, readVariable, type Environment, type ProviderConfig } from './provider-config.ts';

/** Everything the bot needs, validated once at start-up. */
export interface BotConfig {
  /** The bot token from the Developer Portal. */
  discordToken: string;
  /** Discord's REST base (without `/v10`); a local fake in tests. */
  discordApiUrl: string;
  /** Guild for development command registration (`npm run deploy-commands`); global when absent. */
  devGuildId?: string;
  /** The model used where neither the thread, the option nor the server chose one. */
  defaultModel?: string;
  /** SQLite file. */
  databasePath: string;
  /**
   * How long a starting bot waits, in ms, for another process to let go of the database (an
   * overlapping restart) before refusing to start; 0 refuses at once.
   */
  databaseLockWaitMs: number;
  /**
   * The PostgreSQL database every process of a sharded bot shares (`postgres://…`); absent, the
   * state is in the SQLite file at `databasePath`. A secret: it may carry a password.
   */
  databaseUrl?: string;
  /**
   * The Redis that holds the Discord budget all processes share (`redis://…`); absent, each
   * process keeps its share (the budget ÷ the shard count) itself. A secret, as `databaseUrl`.
   */
  redisUrl?: string;
  /** The PostgreSQL schema the state lives in (bots or tests sharing one database each have their own). Default `public`. */
  databaseSchema: string;
  /** Where `/healthz`, `/readyz` and `/metrics` are served; absent, nowhere. */
  healthPort?: number;
  /** The system prompt every conversation starts with. */
  systemPrompt: string;
  /** Tokens kept free for the answer when trimming history to a model's context. */
  answerReserveTokens: number;
  /** Longest `/ask` prompt accepted, in characters. */
  maxPromptLength: number;
  /** The fastest a reply is edited, in milliseconds (Discord's buckets may slow it further). */
  minEditIntervalMs: number;
  /**
   * Message writes per second the bot allows itself through its bot token, shared fairly by
   * every reply (Discord's global limit is 50 requests per second per bot, all routes together).
   */
  discordWritesPerSecond: number;
  /**
   * How long a reply's writes are retried while Discord fails them (5xx, network errors), in ms,
   * before its answer is ended with the text so far (its final writes are retried longer).
   */
  discordRetryWindowMs: number;
  /** The most Discord messages one answer may take; a longer one is cut with a note. 0: no cap. */
  replyMaxMessages: number;
  /** Minutes of inactivity before a conversation thread archives itself. */
  threadAutoArchiveMinutes: 60 | 1440 | 4320 | 10080;
  /** How many threads' histories are kept in memory. */
  historyCacheThreads: number;
  /** The newest messages read from a thread when rebuilding its history. */
  historyMaxMessages: number;
  /**
   * The most entries of a reply chain given to the model (messages, and the question that
   * started it): a reply to one of the bot's answers outside its threads reads the chain up to
   * here, and drops the oldest beyond.
   */
  replyChainMaxMessages: number;
  /** Whether people can talk to the bot in direct messages (else it points them to `/ask`). */
  directMessages: boolean;
  /** How many answers to `/ask`s and DMs one person can have being written at once; 0: no limit. */
  maxAnswersPerUser: number;
  /**
   * Daily token quotas (prompt and completion tokens per UTC day) where a server set none with
   * `/quota`; 0: none. A person's counts their tokens in one server (DMs apart); a server's, everyone's there.
   */
  tokenQuotas: { personTokensPerDay: number; serverTokensPerDay: number };
  /**
   * How a reasoning model's reasoning is shown: `button`, a Reasoning button under the answer that
   * shows it privately (kept in the database for `reasoningRetentionDays`); `hidden`, not at all
   * (nor kept); `inline`, quoted above the answer (not kept). Never sent back to the model.
   */
  reasoningDisplay: 'button' | 'hidden' | 'inline';
  /** Days the reasoning behind an answer is kept for its Reasoning button, then deleted. */
  reasoningRetentionDays: number;
  /** How long an answer is kept for its Regenerate button, in days (ANSWER_RETENTION_DAYS); older ones are told they can no longer be. */
  answerRetentionDays: number;
  /** How people's attachments are fetched and given to models. */
  attachments: AttachmentSettings;
  /** Provider settings. */
  providers: ProviderConfig;
  /** Log level. */
  logLevel: LevelWithSilent;
  /** Log format; `auto` picks pretty at a terminal and JSON elsewhere. */
  logFormat: 'auto' | 'json' | 'pretty';
}

/** Limits on reading the images and files people attach (see `src/attachments/`). */
export interface AttachmentSettings {
  /** Origins attachments are fetched from (Discord's CDN); a URL anywhere else is never requested. */
  allowedOrigins: string[];
  /** The largest file fetched, in bytes. */
  maxFileBytes: number;
  /** The most bytes fetched for the files of one message. */
  maxMessageBytes: number;
  /** The largest text file inlined for the model, in bytes; a bigger one is named, not read. */
  maxTextFileBytes: number;
  /** How long fetching one file may take, in ms; past it the file is named as not fetched. */
  fetchTimeoutMs: number;
  /** The most images of a conversation's history given to a model, newest first. */
  historyMaxImages: number;
  /** The most bytes of files read from a conversation's history, newest first. */
  historyMaxBytes: number;
  /** Memory the cache of read attachments may hold, in bytes. */
  cacheBytes: number;
  /** Tokens one image is assumed to cost when trimming history to a model's context. */
  imageTokens: number;
}

/** Discord's CDN origins, where attachments are served. */
export const discordAttachmentOrigins = ['https://cdn.discordapp.com', 'https://media.discordapp.net'];

/** A comma-separated list of http(s) origins (scheme, host and port; no path). */
const originList = z
  .string()
  .default(discordAttachmentOrigins.join(','))
  .transform((text) => text.split(',').map((item) => item.trim().replace(/\/+$/, '')).filter((item) => item !== ''))
  .refine((origins) => origins.length > 0 && origins.every((origin) => URL.canParse(origin) && /^https?:$/.test(new URL(origin).protocol) && new URL(origin).origin === origin));

function loadAttachmentSettings(env: Environment): AttachmentSettings {
  const bytes = (name: string, fallback: number): number => readVariable(env, name, positiveInteger(fallback), 'a positive whole number of bytes');
  return {
    allowedOrigins: readVariable(env, 'DISCORD_ATTACHMENT_ORIGINS', originList, 'comma-separated origins such as https://cdn.discordapp.com (scheme, host and port, no path)'),
    maxFileBytes: bytes('ATTACHMENT_MAX_FILE_BYTES', 10 * 1024 * 1024),
    maxMessageBytes: bytes('ATTACHMENT_MAX_MESSAGE_BYTES', 25 * 1024 * 1024),
    maxTextFileBytes: bytes('ATTACHMENT_MAX_TEXT_BYTES', 64 * 1024),
    fetchTimeoutMs: readVariable(env, 'ATTACHMENT_FETCH_TIMEOUT_MS', positiveInteger(15_000), 'milliseconds (a positive whole number)'),
    historyMaxImages: readVariable(env, 'HISTORY_MAX_IMAGES', z.coerce.number().int().min(0).default(4), 'a whole number (0: no images)'),
    historyMaxBytes: bytes('HISTORY_MAX_ATTACHMENT_BYTES', 25 * 1024 * 1024),
    cacheBytes: bytes('ATTACHMENT_CACHE_BYTES', 64 * 1024 * 1024),
    imageTokens: readVariable(env, 'IMAGE_TOKENS', positiveInteger(1000), 'a positive whole number of tokens'),
  };
}

/** The system prompt used when SYSTEM_PROMPT is not set. */
export const defaultSystemPrompt =
  'You are Cordial, a helpful assistant in a Discord server. Several people may talk to you in one conversation; ' +
  'their messages start with their names. Answer in the language of the question, concisely, using Discord markdown.';

const snowflake = z.string().regex(/^\d{17,20}$/);

/** Parses the bot's settings; throws ConfigError naming the first bad variable. */
export function loadBotConfig(env: Environment): BotConfig {
  const defaultModel = readVariable(env, 'DEFAULT_MODEL', z.string().regex(/^[a-z][a-z0-9-]*\/.+$/).optional(), 'a model id provider/model, e.g. openai/gpt-4o-mini');
  const providers = loadProviderConfig(env);
  if (defaultModel !== undefined && !providers.enabled.includes(defaultModel.split('/', 1)[0] ?? '')) {
    throw new ConfigError('DEFAULT_MODEL', `a model of an enabled provider (${providers.enabled.join(', ')}), got "${defaultModel}"`);
  }
  const archive = readVariable(env, 'THREAD_AUTO_ARCHIVE_MINUTES', z.coerce.number().pipe(z.union([z.literal(60), z.literal(1440), z.literal(4320), z.literal(10080)])).default(1440), 'one of 60, 1440, 4320, 10080');
  return {
    discordToken: readDiscordToken(env),
    discordApiUrl: readVariable(env, 'DISCORD_API_URL', httpUrl.default('https://discord.com/api'), 'an http(s) URL such as https://discord.com/api'),
    devGuildId: readVariable(env, 'DEV_GUILD_ID', snowflake.optional(), 'a server id (17–20 digits)'),
    defaultModel,
    databasePath: readVariable(env, 'DATABASE_PATH', z.string().min(1).default('data/cordial.sqlite'), 'a file path'),
    databaseLockWaitMs: readVariable(env, 'DATABASE_LOCK_WAIT_MS', z.coerce.number().int().min(0).max(600_000).default(5000), 'milliseconds (a whole number up to 600000)'),
    ...optional('databaseUrl', readVariable(env, 'DATABASE_URL', z.string().regex(/^postgres(?:ql)?:\/\/[^\s]+$/).optional(), 'a PostgreSQL URL postgres://user:password@host:5432/database')),
    databaseSchema: readVariable(env, 'DATABASE_SCHEMA', z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('public'), 'a schema name (lower-case letters, digits and _, up to 63)'),
    ...optional('redisUrl', readVariable(env, 'REDIS_URL', z.string().regex(/^rediss?:\/\/[^\s]+$/).optional(), 'a Redis URL redis://host:6379')),
    ...optional('healthPort', readVariable(env, 'HEALTH_PORT', z.coerce.number().int().min(0).max(65_535).optional(), 'a TCP port (a whole number up to 65535)')),
    systemPrompt: readVariable(env, 'SYSTEM_PROMPT', z.string().default(defaultSystemPrompt), 'text'),
    answerReserveTokens: readVariable(env, 'ANSWER_RESERVE_TOKENS', positiveInteger(1024), 'a positive whole number of tokens'),
    maxPromptLength: readVariable(env, 'MAX_PROMPT_LENGTH', z.coerce.number().int().min(1).max(6000).default(4000), 'a whole number from 1 to 6000'),
    minEditIntervalMs: readVariable(env, 'REPLY_MIN_EDIT_INTERVAL_MS', z.coerce.number().int().min(0).default(1000), 'milliseconds (a whole number)'),
    discordWritesPerSecond: readVariable(env, 'DISCORD_WRITES_PER_SECOND', z.coerce.number().int().min(1).max(50).default(40), 'a whole number from 1 to 50'),
    discordRetryWindowMs: readVariable(env, 'DISCORD_RETRY_WINDOW_MS', z.coerce.number().int().min(0).default(60_000), 'milliseconds (a whole number)'),
    replyMaxMessages: readVariable(env, 'REPLY_MAX_MESSAGES', z.coerce.number().int().min(0).default(10), 'a whole number (0 for no cap)'),
    threadAutoArchiveMinutes: archive as BotConfig['threadAutoArchiveMinutes'],
    historyCacheThreads: readVariable(env, 'HISTORY_CACHE_THREADS', positiveInteger(500), 'a positive whole number'),
    historyMaxMessages: readVariable(env, 'HISTORY_MAX_MESSAGES', positiveInteger(200), 'a positive whole number'),
    replyChainMaxMessages: readVariable(env, 'REPLY_CHAIN_MAX_MESSAGES', positiveInteger(50), 'a positive whole number'),
    directMessages: readVariable(env, 'DIRECT_MESSAGES', z.enum(['on', 'off']).default('on'), 'on or off') === 'on',
    maxAnswersPerUser: readVariable(env, 'MAX_ANSWERS_PER_USER', z.coerce.number().int().min(0).default(2), 'a whole number (0 for no limit)'),
    tokenQuotas: {
      personTokensPerDay: readVariable(env, 'QUOTA_PERSON_TOKENS_PER_DAY', z.coerce.number().int().min(0).default(0), 'a whole number of tokens (0 for no quota)'),
      serverTokensPerDay: readVariable(env, 'QUOTA_SERVER_TOKENS_PER_DAY', z.coerce.number().int().min(0).default(0), 'a whole number of tokens (0 for no quota)'),
    },
    reasoningDisplay: readVariable(env, 'REASONING_DISPLAY', z.enum(['button', 'hidden', 'inline']).default('button'), 'button, hidden or inline'),
    answerRetentionDays: readVariable(env, 'ANSWER_RETENTION_DAYS', z.coerce.number().int().min(1).max(3650).default(30), 'a whole number of days from 1 to 3650'),
    reasoningRetentionDays: readVariable(env, 'REASONING_RETENTION_DAYS', z.coerce.number().int().min(1).max(3650).default(7), 'a whole number of days from 1 to 3650'),
    attachments: loadAttachmentSettings(env),
    providers,
    logLevel: readVariable(env, 'LOG_LEVEL', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), 'one of fatal, error, warn, info, debug, trace, silent'),
    logFormat: readVariable(env, 'LOG_FORMAT', z.enum(['auto', 'json', 'pretty']).default('auto'), 'auto, json or pretty'),
  };
}

/** `{ [name]: value }`, or nothing when the setting is absent (optional properties stay absent, not `undefined`). */
function optional<K extends string, T>(name: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: T };
}
