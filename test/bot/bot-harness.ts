/**
 * End-to-end world for the bot: a fake Discord and a fake OpenAI-compatible upstream in this
 * process, and the real bot (`node src/main.ts`) as a child process with its own SQLite file —
 * exactly as it runs in production, only pointed at 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDiscord, type FakeDiscordOptions } from '../fake-discord/fake-discord.ts';
import { latestVersion } from '../fake-discord/state.ts';
import type { StoredMessage } from '../fake-discord/types.ts';
import { startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import { followBotLogs, type BotLogs } from './bot-logs.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A running bot process and what it logged. */
export interface BotProcess {
  child: ChildProcess;
  /** Every log line so far. */
  logs: string[];
  /** Resolves with the first log line (past or future) that satisfies `match`. */
  waitForLog(match: (line: string) => boolean): Promise<string>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The fakes, the database directory, and a way to (re)start the bot. */
export interface World {
  discord: FakeDiscord;
  upstream: OpenAiFake;
  databasePath: string;
  env: Record<string, string>;
  bot: BotProcess;
  startBot(extraEnv?: Record<string, string>): Promise<BotProcess>;
  close(): Promise<void>;
}

/** Starts the fakes, registers the commands with the real deploy script, and starts the bot. */
export async function startWorld(options: { discord?: FakeDiscordOptions; env?: Record<string, string> } = {}): Promise<World> {
  const discord = await FakeDiscord.start(options.discord);
  const upstream = await startOpenAiFake({ models: ['gpt-4o-mini', 'gpt-4o'] });
  const directory = mkdtempSync(path.join(tmpdir(), 'cordial-e2e-'));
  const databasePath = path.join(directory, 'cordial.sqlite');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    CORDIAL_ENV_FILE: 'none',
    DISCORD_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.restUrl,
    // the fake's CDN stands for Discord's: attachments on it are fetched, any other origin never
    DISCORD_ATTACHMENT_ORIGINS: discord.cdnOrigin,
    DEV_GUILD_ID: discord.defaults.guild.id,
    DATABASE_PATH: databasePath,
    PROVIDERS: 'openai',
    OPENAI_BASE_URL: upstream.url,
    OPENAI_MODELS: 'gpt-4o-mini,gpt-4o',
    DEFAULT_MODEL: 'openai/gpt-4o-mini',
    PROVIDER_MAX_RETRIES: '0',
    REPLY_MIN_EDIT_INTERVAL_MS: '50',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  await runScript('src/deploy-commands.ts', env);
  const world: World = {
    discord,
    upstream,
    databasePath,
    env,
    bot: undefined as unknown as BotProcess,
    async startBot(extraEnv = {}) {
      world.bot = await startBotProcess({ ...env, ...extraEnv });
      return world.bot;
    },
    async close() {
      if (world.bot.child.exitCode === null) await world.bot.stop();
      await discord.stop();
      await upstream.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  await world.startBot();
  return world;
}

async function runScript(script: string, env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [path.join(repositoryRoot, script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`${script} failed (${code}): ${output}`);
}

async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const child = spawn(process.execPath, [path.join(repositoryRoot, 'src/main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = followBotLogs(child);
  await logs.online;
  return {
    child,
    logs: logs.lines,
    waitForLog: (match) => logs.waitForLog(match),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}

/**
 * Starts another bot process without waiting for it to come online: one expected to refuse to
 * start, or to wait for the database (pass `world.env` with changes, e.g. to run a second bot on
 * the same database). Its `logs` hold its stderr, the refusal line included.
 */
export function spawnBot(env: Record<string, string>): { child: ChildProcess; logs: BotLogs; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(repositoryRoot, 'src/main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = followBotLogs(child, { onlineTimeoutMs: 60_000 });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, logs, exited };
}

/** The content a user sees now. */
export function contentOf(message: StoredMessage): string {
  return latestVersion(message).content;
}

/** Waits until the interaction's original reply exists and its newest version satisfies `done`. */
export async function waitForReply(world: World, interactionId: string, done: (content: string) => boolean): Promise<StoredMessage> {
  return world.discord.waitForMessage({ where: (message) => message.interactionId === interactionId && done(contentOf(message)) });
}
