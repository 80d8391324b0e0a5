import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const script = fileURLToPath(new URL('./support/open-and-close.ts', import.meta.url));
// far longer than the child needs; only a handle left open would make it wait this long
const HANG_MS = 20_000;

describe('closing the shared budgets', () => {
  it('GIVEN every kind of budget opened, used and closed THEN the process exits on its own', async () => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = await new Promise<number | 'hung'>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('hung');
      }, HANG_MS);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code ?? -1);
      });
    });
    assert.equal(exit, 0, `the child ${exit === 'hung' ? 'was still running' : `exited with ${exit}`}; it said: ${output}`);
    assert.equal(output, 'closed 204\n');
  });
});
