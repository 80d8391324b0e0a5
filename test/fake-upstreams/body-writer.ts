/**
 * Writes a response body the way a scenario says: cut at chosen byte offsets (each piece flushed
 * on its own so it leaves as its own TCP chunk), paced, stalled or dropped part-way.
 */
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { cutFinder, type Scenario } from './scenario.ts';

/** One unit of a body: an SSE event, a comment line, or a plain-text piece. */
export interface Frame {
  /** The encoded bytes. */
  bytes: Buffer;
  /** Whether this frame carries a token (paced by `ratePerSecond`). */
  token: boolean;
}

/** How a body write ended. */
export type WriteOutcome = 'completed' | 'stalled' | 'dropped' | 'client-closed' | 'stopped';

/** Called when the writer reaches a stall or a drop, before it waits or destroys the socket. */
export type WriterNotice = (outcome: 'stalled' | 'dropped', bytesWritten: number) => void;

const LARGE_WRITE_BYTES = 64 * 1024;

/**
 * Streams `frames` to `response` per the scenario's `split`, `ratePerSecond`, `stallAfterBytes`
 * and `dropAfterBytes`. Headers must already be set (status, content-type). Resolves when the
 * body ended, the stall was released by `signal` or a closed socket, or the socket was dropped.
 */
export async function writeBody(
  response: ServerResponse,
  frames: Iterable<Frame>,
  scenario: Scenario,
  signal: AbortSignal,
  notice: WriterNotice = () => {},
): Promise<{ outcome: WriteOutcome; bytesWritten: number }> {
  const split = scenario.split ?? 'none';
  const separatePieces = split !== 'none';
  const nextCut = cutFinder(split);
  const limit = Math.min(scenario.stallAfterBytes ?? Infinity, scenario.dropAfterBytes ?? Infinity);
  const interval = scenario.ratePerSecond ? 1000 / scenario.ratePerSecond : 0;
  const startedAt = performance.now();
  let offset = 0;
  let tokenIndex = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  const closed = closedPromise(response, signal);
  const isGone = () => signal.aborted || response.destroyed || response.writableEnded;
  const goneOutcome = (): WriteOutcome => (signal.aborted ? 'stopped' : 'client-closed');

  const flush = async (separate: boolean): Promise<boolean> => {
    if (pendingBytes === 0) return !isGone();
    const piece = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    if (isGone()) return false;
    if (separate) {
      // wait until the piece reached the socket, then one more turn so the next one is its own chunk
      await Promise.race([new Promise((resolve) => response.write(piece, resolve)), closed]);
      await nextTurn();
    } else if (!response.write(piece)) {
      await Promise.race([new Promise((resolve) => response.once('drain', resolve)), closed]);
    }
    return !isGone();
  };

  const finish = async (outcome: 'stalled' | 'dropped') => {
    if (!response.headersSent) response.flushHeaders();
    notice(outcome, offset);
    if (outcome === 'dropped') {
      response.socket?.destroy();
      return { outcome, bytesWritten: offset };
    }
    await closed;
    return { outcome: signal.aborted ? ('stopped' as const) : outcome, bytesWritten: offset };
  };

  if (limit <= 0) return finish(scenario.dropAfterBytes === limit ? 'dropped' : 'stalled');
  if (separatePieces || interval > 0) {
    // headers in their own packet, so the first body piece is not glued to them
    response.flushHeaders();
    await nextTurn();
  }

  for (const frame of frames) {
    if (interval > 0 && frame.token) {
      if (!(await flush(separatePieces))) return { outcome: goneOutcome(), bytesWritten: offset };
      const due = startedAt + tokenIndex * interval;
      tokenIndex++;
      if (!(await sleepUntil(due, closed))) return { outcome: goneOutcome(), bytesWritten: offset };
    }
    let data = frame.bytes;
    while (data.length > 0) {
      const boundary = Math.min(nextCut(offset), limit);
      const take = Math.min(data.length, boundary - offset);
      pending.push(take === data.length ? data : data.subarray(0, take));
      pendingBytes += take;
      offset += take;
      data = data.subarray(take);
      if (offset === boundary) {
        const alive = await flush(true);
        if (offset === limit) {
          if (!alive) return { outcome: goneOutcome(), bytesWritten: offset };
          return finish(scenario.dropAfterBytes === limit ? 'dropped' : 'stalled');
        }
        if (!alive) return { outcome: goneOutcome(), bytesWritten: offset };
      }
    }
    if (split === 'events' || pendingBytes >= LARGE_WRITE_BYTES || interval > 0) {
      if (!(await flush(separatePieces))) return { outcome: goneOutcome(), bytesWritten: offset };
    }
  }
  if (!(await flush(separatePieces))) return { outcome: goneOutcome(), bytesWritten: offset };
  // the body was shorter than the limit: stop or drop without ending it
  if (limit !== Infinity) return finish(scenario.dropAfterBytes === limit ? 'dropped' : 'stalled');
  await new Promise<void>((resolve) => response.end(resolve));
  return { outcome: 'completed', bytesWritten: offset };
}

/** Resolves when the response closes or the fake is stopped. */
function closedPromise(response: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (response.destroyed || signal.aborted) return resolve();
    response.once('close', () => resolve());
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Waits until `due` (a `performance.now()` time); false when `closed` settled first. */
async function sleepUntil(due: number, closed: Promise<void>): Promise<boolean> {
  const delay = due - performance.now();
  if (delay <= 0) return true;
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), delay);
  });
  const result = await Promise.race([elapsed, closed.then(() => false)]);
  clearTimeout(timer);
  return result;
}

/** Encodes an SSE-ish frame. */
export function frame(text: string, token = false): Frame {
  return { bytes: Buffer.from(text, 'utf8'), token };
}

/**
 * Inserts a comment frame (`text` + blank line) before the first event and before every
 * `every`-th event after it (never after the last); passes events through when `keepAlives` is off.
 */
export function* withKeepAlives(
  events: Iterable<Frame>,
  keepAlives: boolean | { every?: number; text?: string } | undefined,
  defaultText: string,
): Generator<Frame> {
  if (!keepAlives) return yield* events;
  const settings = keepAlives === true ? {} : keepAlives;
  const every = Math.max(1, settings.every ?? 1);
  const comment = frame(`${settings.text ?? defaultText}\n\n`);
  let count = 0;
  for (const event of events) {
    if (count++ % every === 0) yield comment;
    yield event;
  }
}
