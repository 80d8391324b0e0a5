import type { Logger } from 'pino';
import type { ResolvedModel } from '../providers/registry.ts';
import type { ChatMessage } from '../providers/types.ts';
import type { Catalog } from '../i18n/catalog.ts';
import { replyTextsFor, type StopCause } from '../i18n/reply-texts-for.ts';
import type { MessageSink } from '../reply/message-sink.ts';
import { observedSink } from '../reply/observed-sink.ts';
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
  /** Who may stop the answer with its Stop button (besides members who can manage messages). */
  askedBy: readonly string[];
  /**
   * Where the bot can edit the reply's messages with its own token, to mark them after a crash
   * that cut the reply off. Absent for ephemeral replies: only their interaction token edits them.
   */
  recoverable?: { channelId: string; locale: string };
  /** Context for logs. */
  logContext: Record<string, unknown>;
}

/** How an answer went. */
export interface AnswerResult extends ReplyResult {
  /** The name of whoever stopped it with its Stop button, if someone did. */
  stoppedBy?: string;
}

/** Someone pressing an answer's Stop button. */
export interface StopRequest {
  /** Their user id. */
  userId: string;
  /** Their name, for the note under the answer. */
  name: string;
  /** Whether they may manage messages where the answer is (moderators may stop any answer). */
  canManageMessages: boolean;
}

/** What became of a Stop request. */
export type StopOutcome =
  /** The answer is stopping; its own last write shows the note and takes the button away. */
  | 'stopped'
  /** Someone else's answer, and no Manage Messages. */
  | 'not-allowed'
  /** No answer is being written into that message (it ended, or a restart left the button). */
  | 'not-running';

interface RunningAnswer {
  askedBy: readonly string[];
  stop(name: string): void;
}

/**
 * Where the runner notes the messages of replies being written, so that whatever a crash cut
 * off can be marked after the restart (the store's `unfinished_replies`).
 */
export interface ReplyJournal {
  /** A message of a reply is showing an answer being written. */
  record(reply: { messageId: string; channelId: string; locale: string }): void;
  /** The message is final (or can no longer be written). */
  forget(messageId: string): void;
}

/**
 * Streams answers from providers into Discord replies and keeps track of those in flight, so
 * their Stop buttons can end them and a shutdown can stop them all: each is aborted, its
 * partial text stays, and it is marked stopped or interrupted.
 */
export class AnswerRunner {
  /** Each answer in flight: what aborts it → its reply. */
  readonly #inFlight = new Map<AbortController, Promise<ReplyResult>>();
  /** Each message an answer in flight has written → that answer. */
  readonly #byMessage = new Map<string, RunningAnswer>();
  readonly #logger: Logger;
  readonly #clock: Clock | undefined;
  readonly #minEditIntervalMs: number;
  readonly #journal: ReplyJournal | undefined;
  #shuttingDown = false;

  constructor(options: { logger: Logger; minEditIntervalMs: number; clock?: Clock; journal?: ReplyJournal }) {
    this.#logger = options.logger;
    this.#minEditIntervalMs = options.minEditIntervalMs;
    this.#clock = options.clock;
    this.#journal = options.journal;
  }

  /** Whether new work is refused. */
  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Streams one answer; never rejects. */
  async run(request: AnswerRequest): Promise<AnswerResult> {
    const controller = new AbortController();
    const { resolved } = request;
    const started = Date.now();
    let stoppedBy: string | undefined;
    const running: RunningAnswer = {
      askedBy: request.askedBy,
      stop: (name) => {
        stoppedBy ??= name;
        controller.abort(new Error(`stopped by ${name}`));
      },
    };
    const messageIds = new Set<string>();
    const journaled = new Set<string>();
    const sink = observedSink(request.sink, (messageId, _content, meta) => {
      messageIds.add(messageId);
      this.#byMessage.set(messageId, running);
      const recoverable = request.recoverable;
      if (recoverable === undefined) return;
      if (!meta.final && !journaled.has(messageId)) {
        journaled.add(messageId);
        this.#note(() => this.#journal?.record({ messageId, ...recoverable }));
      } else if (meta.final && journaled.delete(messageId)) {
        this.#note(() => this.#journal?.forget(messageId));
      }
    });
    const stopCause = (): StopCause | undefined =>
      this.#shuttingDown ? { kind: 'shutdown' } : stoppedBy === undefined ? undefined : { kind: 'person', name: stoppedBy };
    const reply = streamReply({
      parts: resolved.provider.stream({ model: resolved.model, messages: request.messages, signal: controller.signal }),
      sink,
      clock: this.#clock,
      signal: controller.signal,
      options: {
        minEditIntervalMs: this.#minEditIntervalMs,
        texts: replyTextsFor(request.catalog, resolved.id, stopCause),
        onSinkFailure: () => {
          // nobody can see the answer any more: stop paying for it
          controller.abort();
          return 'stop';
        },
      },
    });
    this.#inFlight.set(controller, reply);
    try {
      const result: AnswerResult = await reply;
      if (stoppedBy !== undefined) result.stoppedBy = stoppedBy;
      const fields = {
        ...request.logContext,
        model: resolved.id,
        outcome: result.outcome,
        characters: result.text.length,
        firstMessage: result.messageIds[0],
        messages: result.messageIds.length,
        writes: result.writes,
        ms: Date.now() - started,
      };
      if (result.outcome === 'complete') this.#logger.info(fields, 'answered');
      else if (stoppedBy !== undefined) this.#logger.info(fields, 'answer stopped with its Stop button');
      else this.#logger.warn({ ...fields, error: describe(result.error), sinkError: describe(result.sinkError) }, 'answer did not complete');
      return result;
    } finally {
      this.#inFlight.delete(controller);
      for (const messageId of messageIds) this.#byMessage.delete(messageId);
      // messages that never got their final write cannot get it later either (deleted, no access…)
      for (const messageId of journaled) this.#note(() => this.#journal?.forget(messageId));
    }
  }

  /** A journal failure (the disk) must not cost anyone their answer: it is logged. */
  #note(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.#logger.warn({ error: (error as Error).message }, 'could not note a reply being written');
    }
  }

  /** Stops the answer being written into `messageId`, if there is one and `request` may. */
  stop(messageId: string, request: StopRequest): StopOutcome {
    const running = this.#byMessage.get(messageId);
    if (running === undefined) return 'not-running';
    if (!request.canManageMessages && !running.askedBy.includes(request.userId)) return 'not-allowed';
    running.stop(request.name);
    return 'stopped';
  }

  /** Refuses new work, aborts every answer in flight, and waits until each reply is final. */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    for (const controller of this.#inFlight.keys()) controller.abort();
    await Promise.allSettled([...this.#inFlight.values()]);
  }
}

function describe(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
