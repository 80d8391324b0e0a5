/**
 * Child processes of the bot benchmark: the fake OpenAI upstream, the fake Discord side, the
 * command registration and the bot itself (`node src/main.ts`, started as the end-to-end
 * harness `test/bot/bot-harness.ts` starts it), plus what Linux says about a process's CPU
 * time and memory (`/proc/<pid>/stat` and `/proc/<pid>/status`).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { followBotLogs } from '../../test/bot/bot-logs.ts';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Every child started here, so that one call can end them all, also on failure. */
const children = new Set<ChildProcess>();

/** Starts `node <script> ...args` and keeps track of it. stdin is a pipe: a lifeline. */
export function spawnNode(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(process.execPath, [path.join(repositoryRoot, script), ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Sends `signal`, waits for the exit, and kills the process after `graceMs` if it is still there. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    const [code] = await exited;
    return code;
  } finally {
    clearTimeout(timer);
  }
}

/** Ends every child still running (in reverse order of start), waiting for each. */
export async function stopAllChildren(): Promise<void> {
  for (const child of [...children].reverse()) await stopChild(child, 'SIGTERM', 3000);
}

/** Kills every child at once, without waiting: for `process.on('exit')`. */
export function killAllChildrenNow(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** Lines of a child's stdout, read one by one. */
export function linesOf(child: ChildProcess): Interface {
  return createInterface({ input: child.stdout! });
}

/**
 * Starts `test/fake-upstreams/cli.ts` for a protocol (`openai` by default, with `models`) and
 * sets its default scenario; resolves with its base URL (`http://127.0.0.1:PORT/v1` for openai).
 * Fails, rather than waiting for ever, when the fake exits before it is ready.
 */
export async function startFakeUpstream(options: { kind?: 'openai' | 'h2o' | 'aivvm'; models?: string[]; scenario: unknown }): Promise<{ child: ChildProcess; url: string }> {
  const kind = options.kind ?? 'openai';
  const models = kind === 'openai' ? ['--models', (options.models ?? []).join(',')] : [];
  const child = spawnNode('test/fake-upstreams/cli.ts', ['--kind', kind, ...models]);
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[upstream] ${chunk.toString()}`));
  const [line] = (await Promise.race([once(linesOf(child), 'line'), once(child, 'exit').then(() => ['(exited)'])])) as [string];
  if (!line.startsWith('READY ')) throw new Error(`the fake upstream did not start: ${line}`);
  const url = line.slice('READY '.length);
  // the scenario goes through the control API: on the command line it would fill `ps` with tokens
  const response = await fetch(`${new URL(url).origin}/__control/default`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options.scenario) });
  if (!response.ok) throw new Error(`the fake upstream refused the scenario: ${response.status} ${await response.text()}`);
  return { child, url };
}

/** Runs `src/deploy-commands.ts` with `env` (registers the commands in DEV_GUILD_ID). */
export async function deployCommands(env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawnNode('src/deploy-commands.ts', [], env);
  child.stdin!.end();
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`deploy-commands failed (${code}): ${output}`);
}

/** The bot process and its log lines (JSON, one per line, on stderr). */
export interface BotProcess {
  child: ChildProcess;
  logs: string[];
}

/** Starts `src/main.ts` with `env`; resolves when it logged `Cordial is online`. */
export async function startBot(env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<BotProcess> {
  const child = spawnNode('src/main.ts', [], env);
  child.stdin!.end();
  child.stdout!.resume();
  const logs = followBotLogs(child, { onlineTimeoutMs: timeoutMs });
  await logs.online;
  return { child, logs: logs.lines };
}

/** CPU time and memory of one process, from /proc. */
export interface ProcessSample {
  /** user + system CPU seconds since the process started. */
  cpuSeconds: number;
  /** Resident set size now, bytes. */
  rssBytes: number;
  /** Peak resident set size (VmHWM), bytes. */
  peakRssBytes: number;
  /** `performance.now()` of this process when the sample was taken. */
  takenAt: number;
}

let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Reads /proc/<pid>/stat (utime, stime) and /proc/<pid>/status (VmRSS, VmHWM). Linux only. */
export function sampleProcess(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name is in parentheses and may contain spaces: count fields after the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { cpuSeconds: ticks / ticksPerSecond(), rssBytes: kilobytes('VmRSS'), peakRssBytes: kilobytes('VmHWM'), takenAt: performance.now() };
}
