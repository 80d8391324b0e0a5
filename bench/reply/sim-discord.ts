/**
 * Discord's message routes on simulated time, for the benchmark. Each reply writes through its
 * own routes: creating a message and editing one are different routes, so by default each has
 * its own bucket, as Discord counts them (`sharedBucket`: one bucket for both, the worst case).
 * A bucket is a fixed window: `limit` writes per `windowMs` from the first write after a reset.
 * Every request travels `latencyMs / 2` each way; the server answers with rate-limit headers,
 * or 429 with retry-after when the bucket is exceeded.
 *
 * It measures what users see: when a write is applied it works out how much of the answer is
 * now visible, and for every delta that just became visible records its staleness (applied at −
 * the delta's arrival at the bot) into a shared Float64Array. For a reasoning model the answer's
 * deltas arrive after its reasoning (`answerStartAt`); writes showing the thinking status show
 * none of the answer and are counted apart.
 */
import type { ManualClock } from '../../src/model/manual-clock.ts';
import { SinkError, type MessageSink, type SinkResult } from '../../src/reply/message-sink.ts';
import type { Answer } from './answer.ts';

export interface SimSettings {
  limit: number;
  windowMs: number;
  /** One bucket for creates and edits instead of one each. */
  sharedBucket: boolean;
  latencyMs: number;
  intervalMs: number;
  maxLength: number;
}

/** Which route a write takes. */
export type SimKind = 'create' | 'edit';

/** A rate-limit bucket: a fixed window. */
export class SimBucket {
  used = 0;
  resetAt = Number.NEGATIVE_INFINITY;
}

/** One reply's route: its bucket, its messages and what its users have seen. */
export class SimRoute {
  readonly id: number;
  readonly startAt: number;
  /** When the answer's first delta arrives: `startAt`, or after the reasoning. */
  readonly answerStartAt: number;
  readonly createBucket = new SimBucket();
  readonly editBucket = new SimBucket();
  writes = 0;
  rejected = 0;
  invalid = 0;
  firstVisibleAt = Number.NaN;
  finalVisibleAt = Number.NaN;
  /** When the first write of any content (the thinking status included) was applied. */
  firstWriteAt = Number.NaN;
  /** Writes applied that showed the thinking status. */
  statusWrites = 0;
  /** Where each message's share of the answer starts, and how far it is shown. */
  readonly messageStarts: number[] = [];
  readonly messageEnds: number[] = [];
  private covered = 0;
  private shown = 0;

  constructor(id: number, startAt: number, answerStartAt = startAt) {
    this.id = id;
    this.startAt = startAt;
    this.answerStartAt = answerStartAt;
  }

  /** Text up to `end` of the answer became visible at `now`. */
  reveal(end: number, now: number, answer: Answer, settings: SimSettings, staleness: Float64Array): void {
    if (end <= this.covered) return;
    this.covered = end;
    if (Number.isNaN(this.firstVisibleAt)) this.firstVisibleAt = now;
    const tokens = answer.ends.length;
    const base = this.id * tokens;
    while (this.shown < tokens && answer.ends[this.shown]! <= end) {
      staleness[base + this.shown] = now - (this.answerStartAt + this.shown * settings.intervalMs);
      this.shown += 1;
    }
    if (this.shown === tokens) this.finalVisibleAt = now;
  }
}

export class SimDiscord {
  readonly clock: ManualClock;
  readonly settings: SimSettings;
  readonly answer: Answer;
  readonly staleness: Float64Array;

  constructor(clock: ManualClock, settings: SimSettings, answer: Answer, staleness: Float64Array) {
    this.clock = clock;
    this.settings = settings;
    this.answer = answer;
    this.staleness = staleness;
  }

  /**
   * Sends a write of `length` characters on `route`; when the server accepts it, `applied()`
   * tells how far into the answer the route's messages now show.
   */
  request(route: SimRoute, kind: SimKind, length: number, applied: () => number): Promise<SinkResult> {
    const { clock, settings } = this;
    const half = settings.latencyMs / 2;
    const shared = settings.sharedBucket || kind === 'edit';
    const bucket = shared ? route.editBucket : route.createBucket;
    const bucketId = `route-${route.id}-${shared ? 'edit' : 'create'}`;
    return new Promise((resolve, reject) => {
      clock.setTimeout(() => {
        const now = clock.now();
        if (now >= bucket.resetAt) {
          bucket.used = 0;
          bucket.resetAt = now + settings.windowMs;
        }
        if (bucket.used >= settings.limit) {
          route.rejected += 1;
          const retryAfterMs = bucket.resetAt - now;
          clock.setTimeout(() => reject(new SinkError({ reason: 'rate-limited', status: 429, retryAfterMs })), half);
          return;
        }
        if (length > settings.maxLength) {
          route.invalid += 1;
          clock.setTimeout(() => reject(new SinkError({ reason: 'invalid', discordCode: 50035 })), half);
          return;
        }
        bucket.used += 1;
        route.writes += 1;
        if (Number.isNaN(route.firstWriteAt)) route.firstWriteAt = now;
        route.reveal(applied(), now, this.answer, settings, this.staleness);
        const rateLimit = {
          limit: settings.limit,
          remaining: settings.limit - bucket.used,
          resetAfterMs: bucket.resetAt - now,
          bucket: bucketId,
        };
        clock.setTimeout(() => resolve({ messageId: String(route.messageStarts.length), rateLimit }), half);
      }, half);
    });
  }

  /**
   * A MessageSink over `route` for the reply streamer: it works out from each content how much of
   * the answer it shows (minus the marker, a reopened fence line and a closing fence); a content
   * starting with `statusPrefix` is the thinking status, which shows none of it.
   */
  sink(route: SimRoute, marker: string, statusPrefix?: string): MessageSink {
    const text = this.answer.text;
    const shownBy = (index: number, content: string): number => {
      const start = route.messageStarts[index]!;
      if (statusPrefix !== undefined && content.startsWith(statusPrefix)) {
        route.statusWrites += 1;
        return start;
      }
      let body = content.endsWith(marker) ? content.slice(0, -marker.length) : content;
      if (index > 0 && body.startsWith('```')) {
        const firstLine = body.slice(0, body.indexOf('\n') + 1);
        if (!text.startsWith(firstLine, start)) body = body.slice(firstLine.length);
      }
      if (text.startsWith(body, start)) return start + body.length;
      for (const close of ['\n```', '```']) {
        const inner = body.slice(0, -close.length);
        if (body.endsWith(close) && text.startsWith(inner, start)) return start + inner.length;
      }
      throw new Error(`message ${index} of reply ${route.id} does not match the answer`);
    };
    // a create's message index is known once the server accepts it (a 429 creates nothing)
    const write = (existing: number | undefined, content: string): Promise<SinkResult> => {
      let index = existing ?? -1;
      return this.request(route, existing === undefined ? 'create' : 'edit', content.length, () => {
        if (existing === undefined) {
          index = route.messageStarts.length;
          route.messageStarts.push(index === 0 ? 0 : route.messageEnds[index - 1]!);
          route.messageEnds.push(0);
        }
        const end = shownBy(index, content);
        route.messageEnds[index] = end;
        return end;
      }).then((result) => ({ ...result, messageId: String(index) }));
    };
    return {
      create: (content) => write(undefined, content),
      edit: (messageId, content) => write(Number(messageId), content),
    };
  }
}
