/**
 * When the next write of one reply may start, from what Discord's answers said about its
 * rate-limit bucket. One pacer per reply: unrelated replies never wait for each other.
 *
 * - Remaining 0: nothing before the bucket resets.
 * - Otherwise, while the answer streams, the remaining writes are spread evenly up to the
 *   reset, so that a bucket of 5 per 5 s gives one edit a second instead of a burst of five and
 *   a long wait: `lastAnswerAt + (resetAt - lastAnswerAt) / (remaining + 1)`.
 * - Never sooner than `minEditIntervalMs` after the previous write, except for the first write
 *   and for a continuation message created right after its predecessor was finished (the text
 *   moving to it must not wait a whole interval).
 * - After a 429, or a failure being retried, nothing before the wait is over.
 *
 * The reset time is taken as "when the answer arrived + reset-after", which is later than the
 * server's own reset by the answer's travel time: the safe side.
 */
import type { Clock } from '../model/clock.ts';
import type { RateLimitInfo } from './message-sink.ts';

/** The two kinds of write, which may count against different buckets. */
export type WriteKind = 'create' | 'edit';

/** How the next write should be paced. */
export interface PaceMode {
  /** Spread the bucket's remaining writes up to its reset (while the answer streams). */
  spread: boolean;
  /** Exempt from the minimum interval (a continuation message right after a cut). */
  continuation: boolean;
}

interface BucketState {
  remaining: number;
  resetAt: number;
  answeredAt: number;
}

// assumed when a bucket reports 0 remaining without saying when it resets
const UNKNOWN_RESET_MS = 1000;
const SHARED = 'shared';

export class WritePacer {
  private readonly clock: Clock;
  private readonly minIntervalMs: number;
  private readonly buckets = new Map<string, BucketState>();
  private readonly bucketOfKind: Partial<Record<WriteKind, string>> = {};
  private lastBucket: string | undefined;
  private lastStartAt: number | undefined;
  private blockedUntil = Number.NEGATIVE_INFINITY;

  constructor(clock: Clock, minIntervalMs: number) {
    this.clock = clock;
    this.minIntervalMs = minIntervalMs;
  }

  /** The earliest time a write of `kind` may start (≤ now: at once). */
  earliestStart(kind: WriteKind, mode: PaceMode): number {
    const now = this.clock.now();
    let at = Math.max(now, this.blockedUntil);
    if (!mode.continuation && this.lastStartAt !== undefined) at = Math.max(at, this.lastStartAt + this.minIntervalMs);
    const bucket = this.bucketFor(kind);
    if (bucket !== undefined && now < bucket.resetAt) {
      if (bucket.remaining <= 0) at = Math.max(at, bucket.resetAt);
      else if (mode.spread) {
        at = Math.max(at, bucket.answeredAt + (bucket.resetAt - bucket.answeredAt) / (bucket.remaining + 1));
      }
    }
    return at;
  }

  /** A write of `kind` is starting now. */
  started(kind: WriteKind): void {
    this.lastStartAt = this.clock.now();
    const bucket = this.bucketFor(kind);
    // until its answer says otherwise, the write used one of the remaining
    if (bucket !== undefined) bucket.remaining -= 1;
  }

  /** A write of `kind` succeeded, with these rate-limit headers. */
  answered(kind: WriteKind, info: RateLimitInfo | undefined): void {
    if (info === undefined || info.remaining === undefined) return;
    const now = this.clock.now();
    const key = info.bucket ?? SHARED;
    this.bucketOfKind[kind] = key;
    this.lastBucket = key;
    const resetAfter = info.resetAfterMs ?? (info.remaining <= 0 ? UNKNOWN_RESET_MS : 0);
    this.buckets.set(key, { remaining: info.remaining, resetAt: now + Math.max(0, resetAfter), answeredAt: now });
  }

  /** A write of `kind` got a 429: its bucket is empty for `retryAfterMs`. */
  rateLimited(kind: WriteKind, retryAfterMs: number | undefined): void {
    const now = this.clock.now();
    const wait = retryAfterMs !== undefined && retryAfterMs >= 0 ? retryAfterMs : UNKNOWN_RESET_MS;
    const key = this.bucketOfKind[kind] ?? this.lastBucket ?? SHARED;
    this.buckets.set(key, { remaining: 0, resetAt: now + wait, answeredAt: now });
    this.blockedUntil = Math.max(this.blockedUntil, now + wait);
  }

  /** Nothing may start for `delayMs` (a failed write being retried). */
  backOff(delayMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + delayMs);
  }

  /** The reply moved to another route: its buckets are new, and the failed write retries at once. */
  routeChanged(): void {
    this.lastStartAt = undefined;
    this.lastBucket = undefined;
    delete this.bucketOfKind.create;
    delete this.bucketOfKind.edit;
  }

  // a kind not yet answered is assumed to share the bucket last reported: the safe guess
  private bucketFor(kind: WriteKind): BucketState | undefined {
    const key = this.bucketOfKind[kind] ?? this.lastBucket;
    return key === undefined ? undefined : this.buckets.get(key);
  }
}
