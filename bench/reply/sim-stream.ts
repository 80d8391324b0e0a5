/**
 * A model stream on simulated time: token i arrives at `startAt + i × intervalMs`, whether or
 * not anyone is reading (like bytes waiting in a socket), then a finish part. A reasoning model
 * first sends its `reasoning` tokens the same way (as `reasoning-delta` parts), then the answer.
 */
import type { StreamPart } from '../../src/model/stream-part.ts';
import type { ManualClock } from '../../src/model/manual-clock.ts';

export class SimStream implements AsyncIterable<StreamPart>, AsyncIterator<StreamPart> {
  private readonly clock: ManualClock;
  private readonly tokens: readonly string[];
  private readonly startAt: number;
  private readonly intervalMs: number;
  private readonly reasoning: readonly string[];
  private index = 0;

  constructor(clock: ManualClock, tokens: readonly string[], startAt: number, intervalMs: number, reasoning: readonly string[] = []) {
    this.clock = clock;
    this.tokens = tokens;
    this.startAt = startAt;
    this.intervalMs = intervalMs;
    this.reasoning = reasoning;
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamPart> {
    return this;
  }

  next(): Promise<IteratorResult<StreamPart>> {
    const index = this.index;
    const thinking = this.reasoning.length;
    const total = thinking + this.tokens.length;
    if (index > total) return Promise.resolve({ value: undefined, done: true });
    this.index += 1;
    const result: IteratorResult<StreamPart> =
      index === total
        ? { value: { type: 'finish', reason: 'stop' }, done: false }
        : index < thinking
          ? { value: { type: 'reasoning-delta', text: this.reasoning[index]! }, done: false }
          : { value: { type: 'text-delta', text: this.tokens[index - thinking]! }, done: false };
    const at = this.startAt + Math.min(index, total - 1) * this.intervalMs;
    const wait = at - this.clock.now();
    if (wait <= 0) return Promise.resolve(result);
    return new Promise((resolve) => this.clock.setTimeout(() => resolve(result), wait));
  }

  return(): Promise<IteratorResult<StreamPart>> {
    this.index = this.reasoning.length + this.tokens.length + 1;
    return Promise.resolve({ value: undefined, done: true });
  }
}
