import { createHash } from 'node:crypto';

/** How many requests a bucket lets through per window. */
export interface BucketSize {
  limit: number;
  windowMs: number;
}

/** A rate-limit bucket shared by some routes, counted separately per major parameter. */
export interface BucketRule extends BucketSize {
  /** Name of the bucket; a rule with a default's name replaces that default. */
  name: string;
  /** Route templates as the router spells them, e.g. `POST /channels/:channelId/messages`. */
  routes: string[];
  /** Requests in this bucket do not count against the global limit (interaction callbacks). */
  globalExempt?: boolean;
}

/** Rate-limit settings of the fake. Sizes are small in tests so waits stay short. */
export interface RateLimitOptions {
  /** Buckets; replace a default by reusing its name. */
  buckets?: BucketRule[];
  /** Bucket of every route no rule names (one bucket per route). Default 50 per second. */
  defaultBucket?: BucketSize;
  /** Requests per window across all routes, or `false` for none. Default 50 per second. */
  global?: BucketSize | false;
}

/** Route templates of the webhook bucket (interaction follow-ups and `@original`). */
const WEBHOOK_ROUTES = [
  'POST /webhooks/:applicationId/:token',
  'GET /webhooks/:applicationId/:token/messages/:messageId',
  'PATCH /webhooks/:applicationId/:token/messages/:messageId',
  'DELETE /webhooks/:applicationId/:token/messages/:messageId',
];

/**
 * Discord's observed limits: 5 message creates and 5 edits per 5 s per channel, 5 per 2 s per
 * webhook token; interaction callbacks are exempt from the global limit, and so is every request
 * sent without the bot token (the global limit is the bot's).
 */
export const DEFAULT_BUCKETS: readonly BucketRule[] = [
  { name: 'channel-message-create', routes: ['POST /channels/:channelId/messages'], limit: 5, windowMs: 5000 },
  { name: 'channel-message-edit', routes: ['PATCH /channels/:channelId/messages/:messageId'], limit: 5, windowMs: 5000 },
  { name: 'webhook', routes: WEBHOOK_ROUTES, limit: 5, windowMs: 2000 },
  {
    name: 'interaction-callback',
    routes: ['POST /interactions/:interactionId/:token/callback'],
    limit: 100,
    windowMs: 1000,
    globalExempt: true,
  },
];

export const DEFAULT_BUCKET_SIZE: BucketSize = { limit: 50, windowMs: 1000 };
export const DEFAULT_GLOBAL_LIMIT: BucketSize = { limit: 50, windowMs: 1000 };

/** The verdict on one request. */
export interface RateLimitDecision {
  allowed: boolean;
  /** `X-RateLimit-*` headers for the answer (and `Retry-After` etc. when refused). */
  headers: Record<string, string>;
  /** Set when refused: Discord's 429 body. */
  body?: { message: string; retry_after: number; global: boolean };
  global: boolean;
}

interface Window {
  remaining: number;
  resetAt: number;
}

/**
 * Fixed-window buckets keyed by bucket and major parameter (channel id, guild id, webhook id +
 * token), plus one global window. Runs on real time: discord.js waits on real timers.
 */
export class RateLimiter {
  readonly #rules: BucketRule[];
  readonly #defaultSize: BucketSize;
  readonly #global: BucketSize | false;
  readonly #windows = new Map<string, Window>();
  readonly #now: () => number;
  #globalWindow: Window = { remaining: 0, resetAt: 0 };

  constructor(options: RateLimitOptions = {}, now: () => number = Date.now) {
    const overrides = new Map((options.buckets ?? []).map((rule) => [rule.name, rule]));
    this.#rules = [
      ...DEFAULT_BUCKETS.map((rule) => overrides.get(rule.name) ?? rule),
      ...(options.buckets ?? []).filter((rule) => !DEFAULT_BUCKETS.some((known) => known.name === rule.name)),
    ];
    this.#defaultSize = options.defaultBucket ?? DEFAULT_BUCKET_SIZE;
    this.#global = options.global === undefined ? DEFAULT_GLOBAL_LIMIT : options.global;
    this.#now = now;
  }

  /**
   * Counts one request to `route` (a template) with its path parameters, or refuses it.
   * `countsGlobally: false` keeps it out of the global window (requests without the bot token).
   */
  consume(route: string, params: Record<string, string>, options: { countsGlobally?: boolean } = {}): RateLimitDecision {
    const now = this.#now();
    const rule = this.#rules.find((candidate) => candidate.routes.includes(route));
    const bucketName = rule?.name ?? `route:${route}`;
    const size = rule ?? this.#defaultSize;
    const key = `${bucketName}|${majorParameter(params)}`;
    const window = this.#current(key, size, now);
    const bucketHeaders = (remaining: number): Record<string, string> => ({
      'X-RateLimit-Limit': String(size.limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': (window.resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': (Math.max(0, window.resetAt - now) / 1000).toFixed(3),
      'X-RateLimit-Bucket': bucketHash(bucketName),
    });

    const global = this.#global !== false && !rule?.globalExempt && options.countsGlobally !== false;
    if (global && this.#global) {
      this.#globalWindow = this.#globalWindow.resetAt <= now ? { remaining: this.#global.limit, resetAt: now + this.#global.windowMs } : this.#globalWindow;
      if (this.#globalWindow.remaining <= 0) {
        return refuse(bucketHeaders(window.remaining), this.#globalWindow.resetAt - now, true);
      }
    }
    if (window.remaining <= 0) {
      return refuse(bucketHeaders(0), window.resetAt - now, false);
    }
    window.remaining -= 1;
    if (global) this.#globalWindow.remaining -= 1;
    return { allowed: true, headers: bucketHeaders(window.remaining), global: false };
  }

  #current(key: string, size: BucketSize, now: number): Window {
    const existing = this.#windows.get(key);
    if (existing && existing.resetAt > now) return existing;
    // a window opens with the first request after the previous one ended, as Discord's do
    const fresh = { remaining: size.limit, resetAt: now + size.windowMs };
    this.#windows.set(key, fresh);
    return fresh;
  }
}

function refuse(headers: Record<string, string>, retryAfterMs: number, global: boolean): RateLimitDecision {
  const retryAfter = Math.max(0.001, retryAfterMs / 1000);
  return {
    allowed: false,
    global,
    headers: {
      ...headers,
      // Discord rounds the header up to whole seconds; the body keeps the fraction
      'Retry-After': String(Math.ceil(retryAfter)),
      'X-RateLimit-Scope': global ? 'global' : 'user',
      ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
    },
    body: { message: 'You are being rate limited.', retry_after: Number(retryAfter.toFixed(3)), global },
  };
}

/** The resource a request counts against, as Discord splits buckets. */
export function majorParameter(params: Record<string, string>): string {
  if (params['applicationId'] && params['token']) return `webhook:${params['applicationId']}/${params['token']}`;
  if (params['interactionId']) return `interaction:${params['interactionId']}`;
  if (params['channelId']) return `channel:${params['channelId']}`;
  if (params['guildId']) return `guild:${params['guildId']}`;
  return 'global';
}

/** A stable opaque hash per bucket, like the `X-RateLimit-Bucket` values Discord sends. */
export function bucketHash(bucketName: string): string {
  return createHash('sha1').update(bucketName).digest('hex').slice(0, 32);
}
