import type { ThreadMessage } from '../conversation/thread-message.ts';

/** How long a target is kept: an interaction token's life, the longest a modal can stay open usefully. */
export const ASK_ABOUT_TARGET_TTL_MS = 15 * 60_000;

/** How many targets are kept at most; past it the oldest go first. */
export const ASK_ABOUT_MAX_TARGETS = 1000;

/** What `AskAboutTargets` takes; every field has a default. */
export interface AskAboutTargetsOptions {
  ttlMs?: number;
  maxTargets?: number;
  /** Milliseconds since the epoch; `Date.now` by default. */
  now?: () => number;
}

interface Entry {
  message: ThreadMessage;
  expiresAt: number;
}

/**
 * The messages "Ask Cordial" was used on, from the command until its modal is submitted. The
 * submission carries only the modal's custom id (the message's id), and where the bot is not a
 * member (a user install) nothing can be fetched later: the command's own copy of the target is
 * all there is. Keyed by person and message, so one person's modal never reads another's
 * target; in memory only (a restart loses the few open modals, which are then told to start
 * again); bounded in size and time.
 */
export class AskAboutTargets {
  readonly #ttlMs: number;
  readonly #maxTargets: number;
  readonly #now: () => number;
  // insertion order is age order: a remembered key is re-inserted
  readonly #entries = new Map<string, Entry>();

  constructor(options: AskAboutTargetsOptions = {}) {
    this.#ttlMs = options.ttlMs ?? ASK_ABOUT_TARGET_TTL_MS;
    this.#maxTargets = options.maxTargets ?? ASK_ABOUT_MAX_TARGETS;
    this.#now = options.now ?? Date.now;
  }

  /** How many targets are held (expired ones included until something evicts them). */
  get size(): number {
    return this.#entries.size;
  }

  /** Keeps `message` for `userId`'s modal; a second use on the same message replaces the first. */
  remember(userId: string, message: ThreadMessage): void {
    const key = keyOf(userId, message.id);
    this.#entries.delete(key);
    this.#entries.set(key, { message, expiresAt: this.#now() + this.#ttlMs });
    this.#evict();
  }

  /**
   * The target of `userId`'s modal on `messageId`, given once: a modal is submitted once, and a
   * new use of the command remembers it again. `undefined` when unknown or expired.
   */
  take(userId: string, messageId: string): ThreadMessage | undefined {
    const key = keyOf(userId, messageId);
    const entry = this.#entries.get(key);
    this.#entries.delete(key);
    return entry === undefined || this.#now() >= entry.expiresAt ? undefined : entry.message;
  }

  /** Drops the expired (all at the front, since every entry lives as long), then the oldest past the cap. */
  #evict(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now && this.#entries.size <= this.#maxTargets) break;
      this.#entries.delete(key);
    }
  }
}

function keyOf(userId: string, messageId: string): string {
  return `${userId}:${messageId}`;
}
