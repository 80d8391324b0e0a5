/**
 * The sharded bot as the benchmark runs it: hosts (`node src/sharded.ts`, discord.js's
 * ShardingManager, one process per shard forked from it), what Linux says about each shard
 * process, and the shared state's clean-up (the PostgreSQL schema, the Redis budget keys).
 *
 * The shard processes inherit the manager's stderr, so one stream holds every JSON log line of
 * a host; each line carries its process's `pid`, and each shard's "Cordial is online" line ties
 * that pid to its shard.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { childrenOf, killShardProcess, parseLogEntry, type LogEntry } from '../../test/sharding/shard-processes.ts';
import { spawnNode } from '../bot/processes.ts';

/** A running host and its shard processes. */
export interface Host {
  readonly manager: ChildProcess;
  /** Shard → pid of its process, from the "Cordial is online" lines. */
  readonly shardPids: Map<number, number>;
  /** Shard → the guilds it serves, from the same lines. */
  readonly shardGuilds: Map<number, number>;
  /** Every JSON line so far, the manager's and its shards'. */
  readonly entries: LogEntry[];
  /** SIGTERM to the manager (every shard finishes its answers); SIGKILL to what is left after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const HOST_START_TIMEOUT_MS = 60_000;

/** Starts `node src/sharded.ts` with `env`; resolves once the manager says each of its `shards` is ready. */
export async function startHost(env: NodeJS.ProcessEnv, shards: readonly number[]): Promise<Host> {
  const manager = spawnNode('src/sharded.ts', [], env);
  manager.stdin!.end();
  manager.stdout!.resume();
  const entries: LogEntry[] = [];
  const shardPids = new Map<number, number>();
  const shardGuilds = new Map<number, number>();
  let managerReady = false;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host did not start in ${HOST_START_TIMEOUT_MS} ms:\n${tail(entries)}`)), HOST_START_TIMEOUT_MS);
    createInterface({ input: manager.stderr! }).on('line', (line) => {
      const entry = parseLogEntry(line);
      if (entry === undefined) return;
      entries.push(entry);
      if (entry.msg === 'Cordial is online' && typeof entry['shard'] === 'number') {
        shardPids.set(entry['shard'], entry.pid);
        shardGuilds.set(entry['shard'], Number(entry['guilds']));
      }
      if (entry.pid === manager.pid && entry.msg === 'every shard of this host is ready') managerReady = true;
      // the manager's line and its last shard's may come in either order
      if (managerReady && shards.every((shard) => shardPids.has(shard))) {
        clearTimeout(timer);
        resolve();
      }
    });
    manager.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited with ${code}:\n${tail(entries)}`));
    });
  });
  const host: Host = {
    manager,
    shardPids,
    shardGuilds,
    entries,
    async stop(graceMs = 30_000) {
      const pids = new Set([...shardPids.values(), ...childrenOf(manager.pid)]);
      if (manager.exitCode === null && manager.signalCode === null) {
        const exited = once(manager, 'exit');
        manager.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      }
      // a manager that did not finish in time leaves its shards running: end each by its pid
      for (const pid of pids) killShardProcess(pid);
      if (manager.exitCode === null && manager.signalCode === null) manager.kill('SIGKILL');
    },
  };
  try {
    await ready;
  } catch (error) {
    await host.stop(5000);
    throw error;
  }
  return host;
}

const tail = (entries: readonly LogEntry[]) => entries.slice(-15).map((entry) => JSON.stringify(entry).slice(0, 400)).join('\n');
/** Deletes a bot's two budget keys (`cordial:<botId>:writes` and `:requests`) from the Redis at `url`. */
export async function deleteBudgetKeys(url: string, botId: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.del(`cordial:${botId}:writes`, `cordial:${botId}:requests`);
  } finally {
    redis.disconnect();
  }
}

/** `url` with another logical database (`redis://host:6379/3`): a key space of its own on the same server. */
export function redisDatabase(url: string, database: number): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
