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
 * and `dropAfterBytes`. Headers must already be set (status, content-type). `signal` is aborted
 * when the response closes (reason `'closed'`) or the fake stops (reason `'stopped'`). Resolves
 * when the body ended, a stall was released by `signal`, or the socket was dropped.
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

  const isGone = () => signal.aborted || response.destroyed || response.writableEnded;
  const gone = () => ({ outcome: (signal.reason === 'stopped' ? 'stopped' : 'client-closed') as WriteOutcome, bytesWritten: offset });

  const flush = async (separate: boolean): Promise<boolean> => {
    if (pendingBytes === 0) return !isGone();
    const piece = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    if (isGone()) return false;
    if (separate) {
      // wait until the piece reached the socket, then one more turn so the next one is its own chunk
      if (!(await raceAbort(signal, (done) => void response.write(piece, () => done())))) return false;
      await nextTurn();
    } else if (!response.write(piece)) {
      await raceAbort(signal, (done) => {
        response.once('drain', done);
        return () => response.off('drain', done);
      });
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
    await raceAbort(signal, () => undefined);
    return { outcome: signal.reason === 'stopped' ? ('stopped' as const) : outcome, bytesWritten: offset };
  };

  if (limit <= 0) return finish(scenario.dropAfterBytes === limit ? 'dropped' : 'stalled');
  if (separatePieces || interval > 0) {
    // headers in their own packet, so the first body piece is not glued to them
    response.flushHeaders();
    await nextTurn();
  }

  for (const frame of frames) {
    if (interval > 0 && frame.token) {
      if (!(await flush(separatePieces))) return gone();
      const delay = startedAt + tokenIndex * interval - performance.now();
      tokenIndex++;
      if (delay > 0) {
        const slept = await raceAbort(signal, (done) => {
          const timer = setTimeout(done, delay);
          return () => clearTimeout(timer);
        });
        if (!slept) return gone();
      }
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
        if (!(await flush(true))) return gone();
        if (offset === limit) return finish(scenario.dropAfterBytes === limit ? 'dropped' : 'stalled');
      }
    }
    if (split === 'events' || pendingBytes >= LARGE_WRITE_BYTES || interval > 0) {
      if (!(await flush(separatePieces))) return gone();
    }
  }
  if (!(await flush(separatePieces))) return gone();
  // the body was shorter than the limit: stop or drop without ending it
  if (limit !== Infinity) return finish(scenario.dropAfterBytes === limit ? 'dropped' : 'stalled');
  await raceAbort(signal, (done) => void response.end(done));
  return { outcome: 'completed', bytesWritten: offset };
}

/**
 * Resolves true when `setup`'s `done` is called, false when `signal` aborts first. `setup` may
 * return a teardown. Listeners are removed either way, so long streams do not pile them up.
 */
function raceAbort(signal: AbortSignal, setup: (done: () => void) => (() => void) | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    let settled = false;
    let teardown: (() => void) | undefined;
    const settle = (value: boolean) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      teardown?.();
      resolve(value);
    };
    const onAbort = () => settle(false);
    signal.addEventListener('abort', onAbort, { once: true });
    teardown = setup(() => settle(true));
    if (settled) teardown?.();
  });
}

/**
 * `start`, then an endless run of `a` in 64 KiB frames, never a line end: a line that never
 * ends. Lazy, so `writeBody`'s back-pressure bounds the fake's own memory.
 */
export function* endlessLineFrames(start: string): Generator<Frame> {
  yield frame(start, true);
  const run = Buffer.alloc(LARGE_WRITE_BYTES, 'a');
  for (;;) yield { bytes: run, token: false };
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
