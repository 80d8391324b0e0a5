import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

test('GIVEN the standalone CLI THEN READY <url>, control endpoints drive it, SIGTERM stops it', async () => {
  const child = spawn(process.execPath, [CLI, '--kind', 'openai', '--port', '0', '--scenario', '{"text":"from the child"}'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const match = /^READY (http:\/\/127\.0\.0\.1:\d+\/v1)$/.exec(line);
    assert.ok(match, line);
    const url = match[1]!;
    const origin = new URL(url).origin;
    await fetch(`${origin}/__control/script`, { method: 'POST', body: JSON.stringify([{ text: 'scripted' }]) });
    const texts = [];
    for (let index = 0; index < 2; index++) {
      const response = await fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [], stream: false }),
      });
      texts.push(((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content);
    }
    assert.deepEqual(texts, ['scripted', 'from the child']);
    const log = (await (await fetch(`${origin}/__control/requests`)).json()) as unknown[];
    assert.equal(log.length, 2);
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
});

test('GIVEN a bad --kind THEN exit 2 with usage on stderr', async () => {
  const child = spawn(process.execPath, [CLI, '--kind', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
  assert.match(stderr, /--kind must be/);
});
