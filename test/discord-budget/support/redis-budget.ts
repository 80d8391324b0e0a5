/**
 * What the Discord budget tests share: the real Redis at REDIS_URL, a key prefix of each test's
 * own (dropped afterwards), a port nothing listens on, and a logger that keeps its lines.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import type { BudgetLogger } from '../../../src/discord-budget/shared-write-gate.ts';

export const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test uses. */
export function testPrefix(): string {
  return `cordial-test:${randomUUID()}:`;
}

/** Deletes every key under `prefix`. */
export async function dropKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

/** A loopback port that refuses connections: one that was free a moment ago. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A logger that keeps what it was told. */
export function recordingLogger(): BudgetLogger & { lines: Array<{ level: 'warn' | 'info'; fields: object; message: string }> } {
  const lines: Array<{ level: 'warn' | 'info'; fields: object; message: string }> = [];
  return {
    lines,
    warn: (fields, message) => void lines.push({ level: 'warn', fields, message }),
    info: (fields, message) => void lines.push({ level: 'info', fields, message }),
  };
}

/** The most of `times` (ms, any order) inside one closed window `[t, t + windowMs]`. */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && sorted[end]! <= sorted[start]! + windowMs) end += 1;
    most = Math.max(most, end - start);
  }
  return most;
}

/** The smallest gap between consecutive `times` (ms, any order). */
export function smallestGap(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let smallest = Number.POSITIVE_INFINITY;
  for (let index = 1; index < sorted.length; index += 1) smallest = Math.min(smallest, sorted[index]! - sorted[index - 1]!);
  return smallest;
}
