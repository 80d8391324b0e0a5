/**
 * Where a reply is written: a small interface the Discord adapter implements (and tests and
 * the CLI fake), so the reply streamer never imports discord.js.
 */
import type { TurnWait } from './budget-queue.ts';

/** What Discord's rate-limit headers said on the answer to a write. */
export interface RateLimitInfo {
  /** `X-RateLimit-Limit`: writes allowed per window. */
  limit?: number;
  /** `X-RateLimit-Remaining`: writes left in the current window. */
  remaining?: number;
  /** `X-RateLimit-Reset-After` in milliseconds: when the window resets, from now. */
  resetAfterMs?: number;
  /**
   * Which budget the write counted against. Writes that report the same value share one
   * budget, so it should include the major parameter (`bucket hash + channel or webhook id`),
   * not only the `X-RateLimit-Bucket` hash. Absent: every write of the reply is assumed to
   * share one budget.
   */
  bucket?: string;
}

/** The answer to a successful write. */
export interface SinkResult {
  /** The id of the message written (for `create`: the new message). */
  messageId: string;
  /** The rate-limit headers of the answer, when there were any. */
  rateLimit?: RateLimitInfo;
}

/** What a write is, besides its content. */
export interface WriteMeta {
  /**
   * Whether the message shows its final content with this write. Until then it shows an answer
   * still being written, so an adapter may attach controls (the bot's Stop button) that the
   * final write takes away. The streamer always ends a message it wrote with a final write.
   */
  final: boolean;
  /**
   * Whether this final write is of the answer's last message, once the answer has ended: an
   * adapter may put the controls of a finished answer there (Regenerate). Absent means false.
   */
  last?: boolean;
  /**
   * Whether the write shows a status standing for the answer — the thinking status of a
   * reasoning model, or the note replacing an answer that never came (a failure before any
   * text, an empty answer) — rather than answer text. A sink rewriting an older answer keeps
   * that answer in view until text comes. Absent means answer text.
   */
  status?: boolean;
}

/**
 * Writes the messages of one reply.
 *
 * - The first `create` of a reply makes its first message (for `/ask` the Discord adapter maps
 *   it to editing the deferred original); later `create`s are continuation messages.
 * - Failures are thrown as `SinkError`; anything else thrown counts as reason `other`.
 * - Route changes the streamer need not know about (moving to channel-route edits before the
 *   15-minute interaction limit) can happen inside `edit`: ids stay valid across routes.
 */
export interface MessageSink {
  /** Sends a new message with `content` (at most the configured maximum length). */
  create(content: string, meta: WriteMeta): Promise<SinkResult>;
  /** Replaces the content of a message this sink created. */
  edit(messageId: string, content: string, meta: WriteMeta): Promise<SinkResult>;
  /**
   * Resolves when this sink may send its next write — e.g. when a budget shared by every reply
   * (Discord's per-bot global limit) has room. The streamer waits for it before choosing what
   * to write, so the write carries the newest text instead of going stale in a queue.
   * `urgent` is true for the reply's first write and for its final ones (they may go ahead).
   * `wait.since` is when the oldest text the write will show arrived; when `wait.signal` aborts
   * first (an update's wait, cut short as the reply ends), it rejects and holds no turn (see
   * `WriteBudget.waitForTurn`).
   */
  waitForTurn?(urgent: boolean, wait?: TurnWait): Promise<void>;
  /**
   * Another route to the same messages, asked for once a write fails with `token-expired`
   * (the 15-minute interaction token died): the adapter returns a sink that edits through
   * `PATCH /channels/{channel}/messages/{message}` with the bot token and creates in the
   * channel. The failed write is retried there. Undefined: the reply stops writing.
   */
  fallback?(): MessageSink | undefined;
}

/** Why a write failed, in the classes the streamer's policy distinguishes. */
export type SinkErrorReason =
  /** The message is gone (10008 Unknown Message): stop writing. */
  | 'gone'
  /** The thread is archived or locked (50083, 160005): stop writing. */
  | 'archived'
  /** Missing permissions or access (50013, 50001): stop writing. */
  | 'forbidden'
  /** The interaction token expired (50027): retry through `fallback()`, else stop. */
  | 'token-expired'
  /** A 429: wait `retryAfterMs`, then retry. */
  | 'rate-limited'
  /** The request was refused as malformed (50035 and the like): stop writing. */
  | 'invalid'
  /** Anything else (network failure, 5xx): edits are retried a few times, then stop. */
  | 'other';

/** Fields of a `SinkError`. */
export interface SinkErrorInit {
  /** The class of failure. */
  reason: SinkErrorReason;
  /** Human-readable explanation for logs. */
  message?: string;
  /** Discord's JSON error code, when there was one. */
  discordCode?: number;
  /** HTTP status, when there was one. */
  status?: number;
  /** For `rate-limited`: how long to wait before retrying, in milliseconds. */
  retryAfterMs?: number;
  /** The underlying error. */
  cause?: unknown;
}

/** A failed write, thrown by a `MessageSink`. */
export class SinkError extends Error {
  /** The class of failure. */
  readonly reason: SinkErrorReason;
  /** Discord's JSON error code, when there was one. */
  readonly discordCode: number | undefined;
  /** HTTP status, when there was one. */
  readonly status: number | undefined;
  /** For `rate-limited`: milliseconds to wait. */
  readonly retryAfterMs: number | undefined;

  constructor(init: SinkErrorInit) {
    super(init.message ?? `message write failed: ${init.reason}`, { cause: init.cause });
    this.name = 'SinkError';
    this.reason = init.reason;
    this.discordCode = init.discordCode;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The class of a Discord API failure, from its JSON error code and HTTP status. */
export function sinkErrorReasonFor(discordCode: number | undefined, status?: number): SinkErrorReason {
  switch (discordCode) {
    case 10008:
      return 'gone';
    case 50083:
    case 160005:
      return 'archived';
    case 50001:
    case 50013:
      return 'forbidden';
    case 50027:
      return 'token-expired';
    case 50035:
    case 50006:
      return 'invalid';
    default:
      break;
  }
  if (status === 429) return 'rate-limited';
  if (status === 401) return 'token-expired';
  if (status === 404) return 'gone';
  if (status === 403) return 'forbidden';
  if (status === 400) return 'invalid';
  return 'other';
}
