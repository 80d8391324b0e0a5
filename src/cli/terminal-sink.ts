import type { Clock } from '../model/clock.ts';
import type { MessageSink, RateLimitInfo, SinkResult } from '../reply/message-sink.ts';

/** One message as it would stand in Discord, and every version it went through. */
export interface PreviewMessage {
  /** A local id. */
  id: string;
  /** Every content it showed, oldest first. */
  versions: string[];
}

/**
 * A message sink for the terminal that behaves like a Discord channel: it keeps each message
 * and its versions, and answers with the rate-limit information Discord's observed buckets
 * would give (5 creates and 5 edits per 5 s), so the reply streamer paces exactly as in Discord.
 */
export class TerminalSink implements MessageSink {
  /** The messages, in order. */
  readonly messages: PreviewMessage[] = [];
  /** Every write, with its time. */
  readonly writes: Array<{ kind: 'create' | 'edit'; at: number }> = [];
  readonly #clock: Clock;
  readonly #buckets = new Map<'create' | 'edit', { used: number; resetAt: number }>();
  readonly #onChange: (message: PreviewMessage) => void;

  constructor(clock: Clock, onChange: (message: PreviewMessage) => void = () => {}) {
    this.#clock = clock;
    this.#onChange = onChange;
  }

  async create(content: string): Promise<SinkResult> {
    const message = { id: String(this.messages.length + 1), versions: [content] };
    this.messages.push(message);
    this.#onChange(message);
    return { messageId: message.id, rateLimit: this.#count('create') };
  }

  async edit(messageId: string, content: string): Promise<SinkResult> {
    const message = this.messages.find((candidate) => candidate.id === messageId);
    if (message === undefined) throw new Error(`no message ${messageId}`);
    message.versions.push(content);
    this.#onChange(message);
    return { messageId, rateLimit: this.#count('edit') };
  }

  #count(kind: 'create' | 'edit'): RateLimitInfo {
    const now = this.#clock.now();
    this.writes.push({ kind, at: now });
    let bucket = this.#buckets.get(kind);
    if (bucket === undefined || bucket.resetAt <= now) {
      bucket = { used: 0, resetAt: now + 5000 };
      this.#buckets.set(kind, bucket);
    }
    bucket.used += 1;
    return { limit: 5, remaining: Math.max(0, 5 - bucket.used), resetAfterMs: bucket.resetAt - now, bucket: kind };
  }
}
