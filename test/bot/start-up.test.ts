import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const mainPath = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

async function startBot(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [mainPath], { env: { PATH: process.env['PATH'] ?? '', CORDIAL_ENV_FILE: 'none', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stderr };
}

describe('bot start-up failures', () => {
  it('stops with one clear line and exit 2 when a setting is wrong, without printing the token', async () => {
    const result = await startBot({ DISCORD_TOKEN: 'MTEw.Gabc.token-that-must-not-be-printed', PROVIDER_CONNECT_TIMEOUT_MS: '-5' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^cordial: configuration: PROVIDER_CONNECT_TIMEOUT_MS: expected milliseconds \(a positive whole number\), got "-5"\n/);
    assert.doesNotMatch(result.stderr, /token-that-must-not-be-printed/);
  });

  it('stops with exit 1 and names the file when the database is corrupt', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'cordial-corrupt-'));
    try {
      const databasePath = path.join(directory, 'cordial.sqlite');
      writeFileSync(databasePath, Buffer.alloc(8192, 0x5a));
      const result = await startBot({ DISCORD_TOKEN: 'MTEw.Gabc.some-token-value-for-test', DATABASE_PATH: databasePath });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^cordial: database: /);
      assert.ok(result.stderr.includes(databasePath), result.stderr);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
