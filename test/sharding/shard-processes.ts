/**
 * What the sharded end-to-end tests and the sharded benchmark read of a host (`node
 * src/sharded.ts` and the shard processes it forks): its JSON log lines, its children, and how to
 * end a shard process the manager left behind.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
/** What each shard process runs. */
export const shardScript = path.join(repositoryRoot, 'src/main.ts');

/** One parsed log line of a host; every line carries its process's `pid`. */
export interface LogEntry {
  pid: number;
  msg: string;
  level: number;
  [field: string]: unknown;
}

/** A host's stderr line as a log entry; undefined for a line that is not one. */
export function parseLogEntry(line: string): LogEntry | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as LogEntry;
    return typeof entry.pid === 'number' && typeof entry.msg === 'string' ? entry : undefined;
  } catch {
    // a line another process's write cut into (past the pipe's atomic size)
    return undefined;
  }
}

/** The pids whose parent is `pid` (none once it is gone). */
export function childrenOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((text) => Number(text.trim()))
      .filter((child) => Number.isInteger(child) && child > 0);
  } catch {
    // ps exits 1 when there are none
    return [];
  }
}

/**
 * SIGKILL to `pid` if it is still a shard process of this repository, and, given a `schema`, one
 * started with `DATABASE_SCHEMA=<schema>` (a pid gone and reused by anything else is left alone).
 */
export function killShardProcess(pid: number, schema?: string): void {
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(shardScript)) return;
    if (schema !== undefined && !readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`DATABASE_SCHEMA=${schema}`)) return;
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
