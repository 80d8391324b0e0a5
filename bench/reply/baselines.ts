/**
 * The two baselines the streamer is measured against, over the same simulated Discord:
 *
 * - edit per delta: every delta queues an edit with the text so far;
 * - shared 1-second throttle (llmcord's loop): a delta triggers an edit when the reply's previous
 *   edit is done and at least a second has passed since the last edit of *any* reply; a new
 *   message when the text outgrows the current one; a final edit at the end.
 *
 * Both write through `LibraryQueue`, which behaves like discord.js's per-bucket handler: one
 * request at a time in order, waiting for the reset when the last answer from the request's
 * bucket said remaining 0, and sleeping retry-after then retrying on a 429. (One queue per reply
 * keeps creates behind earlier edits, as a user would expect.) Messages are cut at the
 * 2,000-character limit.
 */
import type { StreamPart } from '../../src/model/stream-part.ts';
import type { ManualClock } from '../../src/model/manual-clock.ts';
import { SinkError, type SinkResult } from '../../src/reply/message-sink.ts';
import type { SimDiscord, SimKind, SimRoute } from './sim-discord.ts';

interface QueuedWrite {
  kind: SimKind;
  length: number;
  shows: number;
  done: ((result: SinkResult) => void) | undefined;
}

/** One route's request queue, as a REST library keeps it. */
export class LibraryQueue {
  private readonly discord: SimDiscord;
  private readonly route: SimRoute;
  private readonly clock: ManualClock;
  private readonly queue: QueuedWrite[] = [];
  private head = 0;
  private running = false;
  private readonly buckets = new Map<string, { remaining: number; resetAt: number }>();
  private readonly bucketOfKind = new Map<SimKind, string>();
  private idleWaiter: (() => void) | undefined;

  constructor(discord: SimDiscord, route: SimRoute) {
    this.discord = discord;
    this.route = route;
    this.clock = discord.clock;
  }

  /** Queues a write of `length` characters that shows the answer up to `shows`. */
  push(kind: SimKind, length: number, shows: number, done?: (result: SinkResult) => void): void {
    this.queue.push({ kind, length, shows, done });
    if (!this.running) void this.run();
  }

  /** Resolves once the queue is empty. */
  idle(): Promise<void> {
    if (!this.running && this.head === this.queue.length) return Promise.resolve();
    return new Promise((resolve) => (this.idleWaiter = resolve));
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.head < this.queue.length) {
      const write = this.queue[this.head]!;
      const key = this.bucketOfKind.get(write.kind);
      const bucket = key === undefined ? undefined : this.buckets.get(key);
      if (bucket !== undefined && bucket.remaining <= 0 && this.clock.now() < bucket.resetAt) {
        await this.clock.sleep(bucket.resetAt - this.clock.now());
      }
      try {
        const result = await this.discord.request(this.route, write.kind, write.length, () => write.shows);
        const info = result.rateLimit!;
        this.bucketOfKind.set(write.kind, info.bucket!);
        this.buckets.set(info.bucket!, { remaining: info.remaining!, resetAt: this.clock.now() + info.resetAfterMs! });
        this.head += 1;
        write.done?.(result);
      } catch (error) {
        if (!(error instanceof SinkError) || error.reason !== 'rate-limited') throw error;
        await this.clock.sleep(error.retryAfterMs ?? 1000);
      }
      // drop what has been sent now and then, so the queue does not grow forever
      if (this.head > 1024) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
    }
    this.running = false;
    const waiter = this.idleWaiter;
    this.idleWaiter = undefined;
    waiter?.();
  }
}

/** The text of the current message and where it starts in the answer. */
class NaiveMessages {
  start = 0;
  length = 0;
  count = 0;

  /** Adds a delta; true when it starts a new message (the current one would overflow). */
  add(delta: string, maxLength: number): boolean {
    if (this.count > 0 && this.length + delta.length <= maxLength) {
      this.length += delta.length;
      return false;
    }
    this.start += this.length;
    this.length = delta.length;
    this.count += 1;
    return true;
  }

  get end(): number {
    return this.start + this.length;
  }
}

/** Every delta queues an edit (or a create when the message is full). */
export async function editPerDelta(parts: AsyncIterable<StreamPart>, queue: LibraryQueue, maxLength: number): Promise<void> {
  const messages = new NaiveMessages();
  for await (const part of parts) {
    if (part.type !== 'text-delta') continue;
    const startsNext = messages.add(part.text, maxLength);
    queue.push(startsNext ? 'create' : 'edit', messages.length, messages.end);
  }
  await queue.idle();
}

/** The last edit time of all replies together: llmcord's `last_task_time`. */
export interface SharedThrottle {
  lastEditAt: number;
}

/** llmcord's loop: one global 1-second throttle, one edit in flight per reply. */
export async function sharedThrottle(
  parts: AsyncIterable<StreamPart>,
  queue: LibraryQueue,
  clock: ManualClock,
  shared: SharedThrottle,
  maxLength: number,
): Promise<void> {
  const messages = new NaiveMessages();
  let editing: Promise<void> | undefined;
  let editDone = true;
  const send = (kind: 'create' | 'edit', length: number, shows: number): Promise<void> =>
    new Promise((resolve) => queue.push(kind, length, shows, () => resolve()));
  for await (const part of parts) {
    if (part.type !== 'text-delta') continue;
    const previousEnd = messages.end;
    const startsNext = messages.add(part.text, maxLength);
    const ready = editDone && clock.now() - shared.lastEditAt >= 1000;
    if (!startsNext && !ready) continue;
    if (editing !== undefined) await editing;
    if (startsNext) {
      // finish the full message, then start the next one
      if (messages.count > 1) await send('edit', maxLength, previousEnd);
      await send('create', messages.length, messages.end);
    } else {
      editDone = false;
      editing = send('edit', messages.length, messages.end).then(() => {
        editDone = true;
      });
    }
    shared.lastEditAt = clock.now();
  }
  if (editing !== undefined) await editing;
  await send('edit', messages.length, messages.end);
  await queue.idle();
}
