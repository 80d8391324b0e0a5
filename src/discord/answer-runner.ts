import type { Logger } from 'pino';
import type { ResolvedModel } from '../providers/registry.ts';
import type { ChatMessage } from '../providers/types.ts';
import type { Catalog } from '../i18n/catalog.ts';
import { replyTextsFor } from '../i18n/reply-texts-for.ts';
import type { MessageSink } from '../reply/message-sink.ts';
import { streamReply, type ReplyResult } from '../reply/reply-streamer.ts';
import type { Clock } from '../reply/clock.ts';

/** What one answer needs. */
export interface AnswerRequest {
  /** The model. */
  resolved: ResolvedModel;
  /** The conversation to answer. */
  messages: ChatMessage[];
  /** Where the reply is written. */
  sink: MessageSink;
  /** The language of the reply's own words. */
  catalog: Catalog;
  /** Context for logs. */
  logContext: Record<string, unknown>;
}

/**
 * Streams answers from providers into Discord replies and keeps track of those in flight, so a
 * shutdown can stop them: each is aborted, its partial text stays, and it is marked interrupted.
 */
export class AnswerRunner {
  readonly #inFlight = new Set<Promise<ReplyResult>>();
  readonly #controllers = new Set<AbortController>();
  readonly #logger: Logger;
  readonly #clock: Clock | undefined;
  readonly #minEditIntervalMs: number;
  #shuttingDown = false;

  constructor(options: { logger: Logger; minEditIntervalMs: number; clock?: Clock }) {
    this.#logger = options.logger;
    this.#minEditIntervalMs = options.minEditIntervalMs;
    this.#clock = options.clock;
  }

  /** Whether new work is refused. */
  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Streams one answer; never rejects. */
  async run(request: AnswerRequest): Promise<ReplyResult> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    const { resolved } = request;
    const started = Date.now();
    const reply = streamReply({
      parts: resolved.provider.stream({ model: resolved.model, messages: request.messages, signal: controller.signal }),
      sink: request.sink,
      clock: this.#clock,
      signal: controller.signal,
      options: {
        minEditIntervalMs: this.#minEditIntervalMs,
        texts: replyTextsFor(request.catalog, resolved.id, () => this.#shuttingDown),
        onSinkFailure: () => {
          // nobody can see the answer any more: stop paying for it
          controller.abort();
          return 'stop';
        },
      },
    });
    this.#inFlight.add(reply);
    try {
      const result = await reply;
      const fields = { ...request.logContext, model: resolved.id, outcome: result.outcome, characters: result.text.length, messages: result.messageIds.length, writes: result.writes, ms: Date.now() - started };
      if (result.outcome === 'complete') this.#logger.info(fields, 'answered');
      else this.#logger.warn({ ...fields, error: describe(result.error), sinkError: describe(result.sinkError) }, 'answer did not complete');
      return result;
    } finally {
      this.#inFlight.delete(reply);
      this.#controllers.delete(controller);
    }
  }

  /** Refuses new work, aborts every answer in flight, and waits until each reply is final. */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    for (const controller of this.#controllers) controller.abort();
    await Promise.allSettled([...this.#inFlight]);
  }
}

function describe(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
