/**
 * A clock that only moves when told to, for tests and simulations: timers run in time order,
 * and after every simulated instant the promise callbacks they started are allowed to settle
 * before time moves on. Thousands of simulated minutes run in a few real seconds.
 */
import type { Clock } from './clock.ts';

interface TimerEntry {
  at: number;
  sequence: number;
  callback: () => void;
  cancelled: boolean;
}

/** Lets every queued promise callback (and everything they queue in turn) run. */
export function settlePromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class ManualClock implements Clock {
  private current: number;
  private sequence = 0;
  private active = 0;
  // binary min-heap on (at, sequence); cancelled entries are dropped when they surface
  private readonly heap: TimerEntry[] = [];

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Delays are rounded up to whole milliseconds, like real timers: never earlier than asked. */
  setTimeout(callback: () => void, delayMs: number): unknown {
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? Math.ceil(delayMs) : 0;
    const entry: TimerEntry = { at: this.current + delay, sequence: this.sequence++, callback, cancelled: false };
    this.push(entry);
    this.active += 1;
    return entry;
  }

  clearTimeout(handle: unknown): void {
    const entry = handle as TimerEntry | undefined;
    if (entry === undefined || entry === null || typeof entry !== 'object' || entry.cancelled) return;
    if (!('callback' in entry)) return;
    entry.cancelled = true;
    this.active -= 1;
  }

  /** Resolves after `delayMs` of simulated time. */
  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, delayMs));
  }

  /** How many timers are waiting. */
  get pendingTimers(): number {
    return this.active;
  }

  /** When the next timer is due, or undefined when none is. */
  nextTimerAt(): number | undefined {
    return this.peek()?.at;
  }

  /**
   * Runs every timer due at the next instant (not later than `untilMs`), then lets promise
   * callbacks settle. Returns false when no timer was due.
   */
  async step(untilMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    const first = this.peek();
    if (first === undefined || first.at > untilMs) return false;
    this.current = Math.max(this.current, first.at);
    // timers added while these run wait for the next step, after promises settle
    const due: TimerEntry[] = [];
    for (let entry = this.peek(); entry !== undefined && entry.at === this.current; entry = this.peek()) {
      due.push(this.pop()!);
    }
    for (const entry of due) {
      if (entry.cancelled) continue;
      entry.cancelled = true;
      this.active -= 1;
      entry.callback();
    }
    await settlePromises();
    return true;
  }

  /** Moves time forward by `deltaMs`, running every timer due on the way. */
  async advance(deltaMs: number): Promise<void> {
    const target = this.current + deltaMs;
    await settlePromises();
    while (await this.step(target));
    this.current = Math.max(this.current, target);
  }

  /**
   * Runs timers until `promise` settles and returns its value. Throws when nothing is left
   * to run while it is still pending (a deadlock) or when `limitMs` of simulated time pass.
   */
  async run<T>(promise: Promise<T>, limitMs = 24 * 60 * 60 * 1000): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    const deadline = this.current + limitMs;
    await settlePromises();
    while (!settled) {
      const ran = await this.step(deadline);
      if (!ran && !settled) {
        throw new Error(
          this.peek() === undefined
            ? `ManualClock.run: the promise is still pending at ${this.current} ms and no timer is left`
            : `ManualClock.run: the promise is still pending after ${limitMs} ms of simulated time`,
        );
      }
    }
    return promise;
  }

  private peek(): TimerEntry | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    return this.heap[0];
  }

  private push(entry: TimerEntry): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = entry;
  }

  private pop(): TimerEntry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = last;
    return top;
  }
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.sequence < b.sequence);
}
