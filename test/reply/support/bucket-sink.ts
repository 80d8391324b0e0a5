/**
 * An in-memory MessageSink that behaves like Discord's message routes: a rate-limit bucket
 * (fixed window: `limit` writes per `windowMs`, starting at the first write after a reset),
 * a simulated round trip on a ManualClock, rate-limit headers on every answer, 429 when the
 * bucket is exceeded. It records every write and every version of every message, and notes a
 * violation when two writes are in flight at once, when a write is sent while the bucket was
 * last reported empty, or when content is over the limit.
 */
import type { ManualClock } from '../../../src/model/manual-clock.ts';
import { SinkError, type MessageSink, type SinkResult, type WriteMeta } from '../../../src/reply/message-sink.ts';

/** The messages of a channel, shared by the sinks of its routes. */
export class MessageStore {
  private nextId = 100000000000000000n;
  /** Every version of every message, by id. */
  readonly versions = new Map<string, string[]>();
  /** Message ids in the order they were created. */
  readonly order: string[] = [];
  /** Whether each message's latest version was written as final (no streaming controls left). */
  readonly final = new Map<string, boolean>();

  create(content: string, final = true): string {
    const id = String(this.nextId++);
    this.versions.set(id, [content]);
    this.order.push(id);
    this.final.set(id, final);
    return id;
  }

  edit(id: string, content: string, final = true): boolean {
    const versions = this.versions.get(id);
    if (versions === undefined) return false;
    versions.push(content);
    this.final.set(id, final);
    return true;
  }

  /** Messages still showing an answer being written (their last write was not final). */
  unfinished(): string[] {
    return this.order.filter((id) => this.final.get(id) === false);
  }

  /** What a user sees now: the latest content of each message, in order. */
  visible(): string[] {
    return this.order.map((id) => this.versions.get(id)!.at(-1)!);
  }
}

/** One write as the sink saw it. */
export interface RecordedWrite {
  kind: 'create' | 'edit';
  messageId: string | undefined;
  content: string;
  /** Whether the streamer marked it final. */
  final: boolean;
  /** When the streamer called the sink. */
  sentAt: number;
  /** When the simulated server handled it (content visible from then on). */
  appliedAt?: number;
  /** How it ended: 'ok' or the SinkError reason. */
  outcome?: string;
}

/** Settings of a BucketSink. */
export interface BucketSinkOptions {
  clock: ManualClock;
  /** Writes per window. Default 5. */
  limit?: number;
  /** Window length. Default 5000 ms. */
  windowMs?: number;
  /** Round trip; the server handles a write halfway. Default 100 ms. */
  latencyMs?: number;
  /** The bucket id reported. Default 'channel-1'. */
  bucket?: string;
  /** Report rate-limit headers. Default true. */
  reportHeaders?: boolean;
  /** Largest content accepted. Default 2000. */
  maxLength?: number;
  /** Shared message store (for a fallback route). */
  store?: MessageStore;
  /** A failure to throw for a write instead of handling it, decided when the server gets it. */
  failWith?: (write: RecordedWrite, index: number) => SinkError | undefined;
  /** What `fallback()` returns. */
  fallback?: () => MessageSink | undefined;
}

export class BucketSink implements MessageSink {
  readonly store: MessageStore;
  readonly writes: RecordedWrite[] = [];
  readonly violations: string[] = [];
  /** 429s handed out. */
  rateLimited = 0;
  fallback?: () => MessageSink | undefined;

  private readonly clock: ManualClock;
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly latencyMs: number;
  private readonly bucket: string;
  private readonly reportHeaders: boolean;
  private readonly maxLength: number;
  private readonly failWith: BucketSinkOptions['failWith'];
  private inFlight = 0;
  private used = 0;
  private resetAt = Number.NEGATIVE_INFINITY;
  private reportedEmptyUntil = Number.NEGATIVE_INFINITY;

  constructor(options: BucketSinkOptions) {
    this.clock = options.clock;
    this.limit = options.limit ?? 5;
    this.windowMs = options.windowMs ?? 5000;
    this.latencyMs = options.latencyMs ?? 100;
    this.bucket = options.bucket ?? 'channel-1';
    this.reportHeaders = options.reportHeaders ?? true;
    this.maxLength = options.maxLength ?? 2000;
    this.store = options.store ?? new MessageStore();
    this.failWith = options.failWith;
    if (options.fallback !== undefined) this.fallback = options.fallback;
  }

  create(content: string, meta: WriteMeta): Promise<SinkResult> {
    return this.write({ kind: 'create', messageId: undefined, content, final: meta.final, sentAt: this.clock.now() });
  }

  edit(messageId: string, content: string, meta: WriteMeta): Promise<SinkResult> {
    return this.write({ kind: 'edit', messageId, content, final: meta.final, sentAt: this.clock.now() });
  }

  /** Latest content of each message, in order. */
  visible(): string[] {
    return this.store.visible();
  }

  private write(write: RecordedWrite): Promise<SinkResult> {
    const index = this.writes.length;
    this.writes.push(write);
    this.inFlight += 1;
    if (this.inFlight > 1) this.violations.push(`two writes in flight at ${write.sentAt} ms (write ${index})`);
    if (write.sentAt < this.reportedEmptyUntil) {
      this.violations.push(`write ${index} sent at ${write.sentAt} ms, bucket reported empty until ${this.reportedEmptyUntil} ms`);
    }
    if (write.content.length > this.maxLength) {
      this.violations.push(`write ${index} has ${write.content.length} characters`);
    }
    if (write.content.trim() === '') this.violations.push(`write ${index} is empty`);
    return new Promise((resolve, reject) => {
      this.clock.setTimeout(() => {
        const now = this.clock.now();
        write.appliedAt = now;
        const answer = (settle: () => void): void => {
          this.clock.setTimeout(() => {
            this.inFlight -= 1;
            settle();
          }, this.latencyMs / 2);
        };
        if (now >= this.resetAt) {
          this.used = 0;
          this.resetAt = now + this.windowMs;
        }
        if (this.used >= this.limit) {
          this.rateLimited += 1;
          write.outcome = 'rate-limited';
          const retryAfterMs = this.resetAt - now;
          answer(() => reject(new SinkError({ reason: 'rate-limited', status: 429, retryAfterMs })));
          return;
        }
        const failure = this.failWith?.(write, index);
        if (failure !== undefined) {
          write.outcome = failure.reason;
          answer(() => reject(failure));
          return;
        }
        if (write.content.length > this.maxLength) {
          write.outcome = 'invalid';
          answer(() => reject(new SinkError({ reason: 'invalid', discordCode: 50035 })));
          return;
        }
        this.used += 1;
        let messageId: string;
        if (write.kind === 'create') messageId = this.store.create(write.content, write.final);
        else {
          messageId = write.messageId!;
          if (!this.store.edit(messageId, write.content, write.final)) {
            write.outcome = 'gone';
            answer(() => reject(new SinkError({ reason: 'gone', discordCode: 10008 })));
            return;
          }
        }
        write.messageId = messageId;
        write.outcome = 'ok';
        const remaining = this.limit - this.used;
        const resetAfterMs = this.resetAt - now;
        answer(() => {
          if (!this.reportHeaders) {
            resolve({ messageId });
            return;
          }
          if (remaining === 0) this.reportedEmptyUntil = this.clock.now() + resetAfterMs;
          resolve({ messageId, rateLimit: { limit: this.limit, remaining, resetAfterMs, bucket: this.bucket } });
        });
      }, this.latencyMs / 2);
    });
  }
}
