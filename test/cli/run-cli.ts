import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The package's `cordial` bin, as `npx cordial` runs it. */
const binPath = fileURLToPath(new URL('../../src/cli/cordial.js', import.meta.url));

/** What a CLI run printed and how it exited. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI as a child process, through the package's `cordial` bin on this Node (24),
 * with exactly `env` (plus PATH), so a developer's own `.env` and variables cannot leak in.
 * (`npx cordial` itself, with an older system Node first on PATH, is tested in npx-cordial.test.ts.)
 */
export function runCli(args: string[], env: Record<string, string>, stdin = ''): Promise<CliRun> {
  return runProcess(process.execPath, [binPath, ...args], { env: { PATH: process.env['PATH'] ?? '', CORDIAL_ENV_FILE: 'none', ...env } }, stdin);
}

/** Runs `command` with `stdin` as its input, collecting stdout and stderr until it exits. */
export function runProcess(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }, stdin = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
