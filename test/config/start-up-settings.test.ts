import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadDotenv } from '../../src/config/load-dotenv.ts';
import { startWorld } from '../bot/bot-harness.ts';
import { runCli } from '../cli/run-cli.ts';

const mainPath = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** Runs the real bot (`node src/main.ts`) with exactly `env` until it exits. */
async function runBot(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [mainPath], { env: { PATH: process.env['PATH'] ?? '', CORDIAL_ENV_FILE: 'none', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stderr };
}

describe('start-up settings, with the real bot and CLI processes', () => {
  it('GIVEN a malformed DISCORD_TOKEN THEN the bot exits 2 with one line saying what is wrong, and no piece of the token', async () => {
    const secretPart = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.sUpErSeCrEtSiGnAtUrE';
    const result = await runBot({ DISCORD_TOKEN: `Bot ${secretPart} trailing-words` });
    assert.equal(result.code, 2);
    const [first] = result.stderr.split('\n');
    assert.match(first ?? '', /^cordial: configuration: DISCORD_TOKEN: not a bot token: got a secret of 71 characters starting with "Bot ", with a space at character 57 \(not shown\)/);
    for (const piece of [secretPart, 'sUpErSeCrEt', 'GhIjKl', 'MTIzNDU2', 'trailing-words']) assert.ok(!result.stderr.includes(piece), result.stderr);
  });

  it('GIVEN CORDIAL_ENV_FILE names a file that does not exist THEN the bot and the CLI say so and exit 2', async () => {
    const missing = path.join(tmpdir(), 'cordial-no-such-env-file.env');
    const bot = await runBot({ DISCORD_TOKEN: 'MTEw.Gabc.some-token-value-for-test', CORDIAL_ENV_FILE: missing });
    assert.equal(bot.code, 2);
    assert.match(bot.stderr, new RegExp(`^cordial: configuration: CORDIAL_ENV_FILE: the file "${missing}" does not exist; name an existing env file, or "none" to read none\\n`));
    const cli = await runCli(['models'], { PROVIDERS: 'openai', OPENAI_MODELS: 'gpt-4o-mini', CORDIAL_ENV_FILE: missing });
    assert.equal(cli.code, 2);
    assert.equal(cli.stdout, '');
    assert.equal(cli.stderr, `cordial: CORDIAL_ENV_FILE: the file "${missing}" does not exist; name an existing env file, or "none" to read none\n`);
  });

  it('GIVEN CORDIAL_ENV_FILE names a file THEN its settings apply, without overriding the environment; "none" reads nothing', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'cordial-env-'));
    try {
      const file = path.join(directory, 'bot.env');
      writeFileSync(file, 'LOG_LEVEL=debug\nPROVIDERS="openai"\nEMPTY_HERE=\n');
      const env: Record<string, string | undefined> = { CORDIAL_ENV_FILE: file, PROVIDERS: 'ollama', EMPTY_HERE: '' };
      loadDotenv(env);
      assert.deepEqual(env, { CORDIAL_ENV_FILE: file, PROVIDERS: 'ollama', EMPTY_HERE: '', LOG_LEVEL: 'debug' });
      assert.throws(() => loadDotenv({ CORDIAL_ENV_FILE: directory }), /^ConfigError: CORDIAL_ENV_FILE: ".*" is a folder, not a file/);
      const untouched: Record<string, string | undefined> = { CORDIAL_ENV_FILE: 'none' };
      loadDotenv(untouched);
      assert.deepEqual(untouched, { CORDIAL_ENV_FILE: 'none' });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('GIVEN DISCORD_TOKEN pasted with its "Bot " prefix THEN the real bot logs in and comes online', async () => {
    const world = await startWorld();
    try {
      await world.bot.stop();
      const bot = await world.startBot({ DISCORD_TOKEN: `Bot ${world.discord.botToken}` });
      assert.ok(bot.logs.some((line) => line.includes('Cordial is online')));
    } finally {
      await world.close();
    }
  });
});
