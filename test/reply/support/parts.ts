/** Model streams for tests: deltas at simulated times, then a finish or a failure. */
import type { FinishReason, StreamPart } from '../../../src/model/stream-part.ts';
import type { ManualClock } from '../../../src/model/manual-clock.ts';

/** One delta and how long after the previous part it arrives. */
export interface TimedDelta {
  text: string;
  delayMs: number;
  /** A piece of reasoning instead of answer text. Default false. */
  reasoning?: boolean;
}

/** How a timed stream ends. */
export interface StreamEnd {
  /** Throw this after the deltas instead of finishing. */
  error?: unknown;
  /** Finish reason; default 'stop'. */
  reason?: FinishReason;
  /** Delay before the end. Default 0. */
  delayMs?: number;
  /** End without a finish part (a contract violation the streamer must survive). */
  noFinish?: boolean;
}

/** Yields the deltas at their times on `clock`, then finishes or throws. */
export async function* timedParts(
  clock: ManualClock,
  deltas: readonly TimedDelta[],
  end: StreamEnd = {},
): AsyncGenerator<StreamPart> {
  for (const delta of deltas) {
    if (delta.delayMs > 0) await clock.sleep(delta.delayMs);
    yield delta.reasoning === true ? { type: 'reasoning-delta', text: delta.text } : { type: 'text-delta', text: delta.text };
  }
  if (end.delayMs !== undefined && end.delayMs > 0) await clock.sleep(end.delayMs);
  if (end.error !== undefined) throw end.error;
  if (end.noFinish === true) return;
  yield { type: 'finish', reason: end.reason ?? 'stop' };
}

/** `text` cut into pieces of `size` characters, one every `intervalMs` (as reasoning when `reasoning`). */
export function evenDeltas(text: string, size: number, intervalMs: number, reasoning = false): TimedDelta[] {
  const deltas: TimedDelta[] = [];
  for (let start = 0; start < text.length; start += size) {
    deltas.push({ text: text.slice(start, start + size), delayMs: intervalMs, reasoning });
  }
  return deltas;
}

/** `pieces` as deltas whose delays are taken in turn from `delays`, starting at `offset` (as reasoning when `reasoning`). */
export function timedPieces(pieces: readonly string[], delays: readonly number[], reasoning: boolean, offset = 0): TimedDelta[] {
  return pieces.map((text, index) => ({ text, delayMs: delays[(index + offset) % delays.length]!, reasoning }));
}

/** `count` deltas of reasoning, one every `intervalMs`: `durationMs / intervalMs` of them spans `durationMs`. */
export function reasoningDeltas(count: number, intervalMs: number): TimedDelta[] {
  return Array.from({ length: count }, (_, index) => ({
    text: index % 12 === 11 ? 'so.\n' : `step${index} `,
    delayMs: intervalMs,
    reasoning: true,
  }));
}

/** A stream fed by hand: `push` deltas, then `finish` or `fail`. */
export class PushStream implements AsyncIterable<StreamPart> {
  private readonly queue: StreamPart[] = [];
  private failure: { error: unknown } | undefined;
  private done = false;
  private waiting: (() => void) | undefined;
  /** Whether the consumer called `return()`. */
  returned = false;

  push(text: string): void {
    this.queue.push({ type: 'text-delta', text });
    this.wake();
  }

  pushReasoning(text: string): void {
    this.queue.push({ type: 'reasoning-delta', text });
    this.wake();
  }

  finish(reason: FinishReason = 'stop'): void {
    this.queue.push({ type: 'finish', reason });
    this.wake();
  }

  fail(error: unknown): void {
    this.failure = { error };
    this.wake();
  }

  end(): void {
    this.done = true;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamPart> {
    return {
      next: async (): Promise<IteratorResult<StreamPart>> => {
        for (;;) {
          const part = this.queue.shift();
          if (part !== undefined) return { value: part, done: false };
          if (this.failure !== undefined) throw this.failure.error;
          if (this.done) return { value: undefined, done: true };
          await new Promise<void>((resolve) => (this.waiting = resolve));
        }
      },
      return: async (): Promise<IteratorResult<StreamPart>> => {
        this.returned = true;
        return { value: undefined, done: true };
      },
    };
  }
}
