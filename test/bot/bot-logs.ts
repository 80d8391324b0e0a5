/**
 * Following a bot process's log (its stderr, one JSON line per entry): the lines so far, when
 * it came online, and waiting for a line. Shared by the end-to-end harness and the benchmark.
 */
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

/** A bot process's log as it is written. */
export interface BotLogs {
  /** Every complete line so far. */
  readonly lines: string[];
  /** Resolves at "Cordial is online"; rejects if the bot exits first or takes longer than the time allowed. */
  readonly online: Promise<void>;
  /** The first line (already written or still to come) that `match` accepts; rejects after `timeoutMs`. */
  waitForLog(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
}

/** Starts reading `child`'s stderr. The time limits only bound how long a failure takes to show. */
export function followBotLogs(child: ChildProcess, options: { onlineTimeoutMs?: number } = {}): BotLogs {
  const lines: string[] = [];
  const events = new EventEmitter();
  let buffered = '';
  const onlineTimeoutMs = options.onlineTimeoutMs ?? 30_000;
  const online = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not come online in ${onlineTimeoutMs} ms:\n${lines.join('\n')}`)), onlineTimeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const line of complete) {
        lines.push(line);
        events.emit('line', line);
        if (line.includes('Cordial is online')) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited with ${code}:\n${lines.join('\n')}${buffered}`));
    });
  });
  // a bot that exits after coming online is not an unhandled rejection
  online.catch(() => undefined);
  return {
    lines,
    online,
    waitForLog: (match, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const seen = lines.find(match);
        if (seen !== undefined) return resolve(seen);
        const listener = (line: string) => {
          if (!match(line)) return;
          clearTimeout(timer);
          events.off('line', listener);
          resolve(line);
        };
        const timer = setTimeout(() => {
          events.off('line', listener);
          reject(new Error(`no such log line within ${timeoutMs} ms; the bot logged:\n${lines.slice(-20).join('\n')}`));
        }, timeoutMs);
        events.on('line', listener);
      }),
  };
}
