/**
 * One "host" of a sharded bot: a real `node src/sharded.ts` (discord.js's ShardingManager) and
 * the shard processes it forks. The children inherit the manager's stderr, so one stream holds
 * every JSON log line of the host; each line carries its process's `pid`, and each child's
 * "Cordial is online" line ties that pid to its `shard`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childrenOf, killShardProcess, parseLogEntry, type LogEntry } from './shard-processes.ts';


const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** How long a host may take to start its shards before the test fails (only bounds a failure). */
const HOST_TIMEOUT_MS = 45_000;
/** How long `close` lets a manager stop its shards before it kills them all. */
const STOP_TIMEOUT_MS = 10_000;

/** A running (or stopped) host. */
export interface Host {
  readonly name: string;
  readonly shardIds: readonly number[];
  readonly manager: ChildProcess;
  /** Every line the host wrote to stderr so far, the manager's and its children's. */
  readonly lines: readonly string[];
  /** The JSON lines so far, parsed. */
  entries(): LogEntry[];
  /** The shard the process `pid` of this host served (from its online line); undefined for the manager or an unknown pid. */
  shardOfPid(pid: number): number | undefined;
  /** The newest process of `shard` on this host to come online. */
  pidOf(shard: number): number;
  /** The pids of the manager's child processes now (`ps --ppid`). */
  childPids(): number[];
  /** Resolves with the first entry (written or still to come) that `match` accepts; rejects after `timeoutMs` (default 60 s: several processes on 2 cores beside other tests) or when `signal` aborts. */
  waitForEntry(match: (entry: LogEntry) => boolean, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<LogEntry>;
  /** SIGTERM to the manager, which stops every shard; resolves with its exit code. */
  stop(): Promise<number | null>;
  /** Stops it however it takes: SIGTERM, then SIGKILL to the manager and every child still there. Never rejects. */
  close(): Promise<void>;
}

/** Starts a manager running `shardIds` with `env`; resolves once it and every one of its shards is online. */
export async function startHost(name: string, shardIds: readonly number[], env: Record<string, string>): Promise<Host> {
  const manager = spawn(process.execPath, [path.join(repositoryRoot, 'src/sharded.ts')], {
    env: { ...env, SHARD_IDS: shardIds.join(',') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  manager.stdout.resume();
  const lines: string[] = [];
  const parsed: LogEntry[] = [];
  const arrivals = new EventEmitter();
  let buffered = '';
  manager.stderr.on('data', (chunk: Buffer) => {
    const complete = (buffered + chunk.toString()).split('\n');
    buffered = complete.pop() ?? '';
    for (const line of complete) {
      lines.push(line);
      const entry = parseLogEntry(line);
      if (entry === undefined) continue;
      parsed.push(entry);
      arrivals.emit('entry', entry);
    }
  });
  const exited = new Promise<number | null>((resolve) => manager.once('exit', (code) => resolve(code)));
  const entries = (): LogEntry[] => [...parsed];
  const onlineEntries = () => entries().filter((entry) => entry.msg === 'Cordial is online');
  const host: Host = {
    name,
    shardIds,
    manager,
    lines,
    entries,
    shardOfPid: (pid) => onlineEntries().find((entry) => entry.pid === pid)?.['shard'] as number | undefined,
    pidOf(shard) {
      const online = onlineEntries().filter((entry) => entry.shard === shard).at(-1);
      if (online === undefined) throw new Error(`host ${name} has no process of shard ${shard}`);
      return online.pid;
    },
    childPids: () => childrenOf(manager.pid),
    waitForEntry: (match, options = {}) =>
      new Promise((resolve, reject) => {
        const seen = parsed.find(match);
        if (seen !== undefined) return resolve(seen);
        const finish = () => {
          clearTimeout(timer);
          arrivals.off('entry', listener);
          options.signal?.removeEventListener('abort', aborted);
        };
        const listener = (entry: LogEntry) => {
          if (!match(entry)) return;
          finish();
          resolve(entry);
        };
        const aborted = () => {
          finish();
          reject(new Error('no longer waited for'));
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`host ${name} logged no such entry within ${options.timeoutMs ?? 60_000} ms; its last lines:\n${lines.slice(-20).join('\n')}`));
        }, options.timeoutMs ?? 60_000);
        arrivals.on('entry', listener);
        options.signal?.addEventListener('abort', aborted);
      }),
    async stop() {
      if (manager.exitCode === null && manager.signalCode === null) manager.kill('SIGTERM');
      return exited;
    },
    async close() {
      const children = childrenOf(manager.pid);
      if (manager.exitCode === null && manager.signalCode === null) {
        manager.kill('SIGTERM');
        const timer = new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
        await Promise.race([exited, timer]);
      }
      // a manager killed outright may leave its children running: end each by its pid
      const known = onlineEntries().map((entry) => entry.pid);
      for (const pid of new Set([...children, ...childrenOf(manager.pid), ...known])) killShardProcess(pid, env['DATABASE_SCHEMA']);
      if (manager.exitCode === null && manager.signalCode === null) manager.kill('SIGKILL');
      await exited;
    },
  };
  try {
    const waiting = new AbortController();
    const timeoutMs = HOST_TIMEOUT_MS;
    const managerReady = host.waitForEntry((entry) => entry.pid === manager.pid && entry.msg === 'every shard of this host is ready', { timeoutMs, signal: waiting.signal });
    const shardsOnline = shardIds.map((shard) => host.waitForEntry((entry) => entry.msg === 'Cordial is online' && entry.shard === shard, { timeoutMs, signal: waiting.signal }));
    try {
      await Promise.race([
        Promise.all([managerReady, ...shardsOnline]),
        exited.then((code) => Promise.reject(new Error(`host ${name} exited with ${code}:\n${lines.join('\n')}`))),
      ]);
    } finally {
      waiting.abort();
    }
  } catch (error) {
    await host.close();
    throw error;
  }
  return host;
}
