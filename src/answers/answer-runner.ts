import type { Logger } from 'pino';
import type { ResolvedModel } from '../providers/registry.ts';
import type { ChatMessage } from '../model/chat-message.ts';
import type { Catalog } from '../i18n/catalog.ts';
import { replyTextsFor, type StopCause } from '../i18n/reply-texts-for.ts';
import type { MessageSink } from '../reply/message-sink.ts';
import { observedSink } from '../reply/observed-sink.ts';
import { streamReply, type ReplyResult } from '../reply/reply-streamer.ts';
import type { Clock } from '../model/clock.ts';
import { ProviderError } from '../model/provider-error.ts';
import { timeFirstToken } from '../model/time-first-token.ts';
import type { AnswerObserver } from './answer-observer.ts';
import { afterAnswer, type AnswerLedger, type ReasoningSetting, type ShowControls } from './after-answer.ts';

/** What one answer needs. */
export interface AnswerRequest {
  /** The model. */
  resolved: ResolvedModel;
  /** The conversation to answer. */
  messages: ChatMessage[];
  /** The longest answer to ask the model for; undefined leaves it to the provider's default. */
  maxTokens?: number;
  /** The most messages this reply may take, when its place allows fewer than REPLY_MAX_MESSAGES. */
  maxMessages?: number;
  /** Where the reply is written. */
  sink: MessageSink;
  /** The language of the reply's own words. */
  catalog: Catalog;
  /**
   * Who may stop the answer with its Stop button (besides members who can manage messages); the
   * first is the person it answers (the newest message's author), named in its usage row.
   */
  askedBy: readonly string[];
  /** Where it is written: the server (`null` in DMs) and the channel, thread or DM (its usage row). */
  place: { guildId: string | null; channelId: string };
  /** How the reply's messages get controls once final (the Reasoning button); absent: none. */
  showControls?: ShowControls;
  /**
   * Where the bot can edit the reply's messages with its own token, to mark them after a crash
   * that cut the reply off. Absent for ephemeral replies: only their interaction token edits them.
   */
  recoverable?: { channelId: string; locale: string };
  /** Context for logs. */
  logContext: Record<string, unknown>;
  /** What started the answer (`ask`, `thread`, `mention`…), for metrics; absent: `other`. */
  trigger?: string;
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
  /** Settles once its reply is final. */
  final: Promise<unknown>;
}

/** How the runner writes replies; `main.ts` fills it from the bot's settings. */
export interface AnswerRunnerOptions {
  /** The process logger. */
  logger: Logger;
  /** The least time between two writes of a reply, in ms. */
  minEditIntervalMs: number;
  /** How long Discord may fail a reply's writes (5xx, network errors) before its answer is ended, in ms. */
  retryWindowMs?: number;
  /** The most messages one answer may take in Discord; undefined for no cap. */
  maxMessages?: number;
  /** Time source of the reply streamer (tests). */
  clock?: Clock;
  /** Where replies being written are noted for crash recovery. */
  journal?: ReplyJournal;
  /** Where each answer's usage and reasoning are written down. */
  ledger?: AnswerLedger;
  /** Told of each answer's start, end, first token, first text and model failure (metrics); absent: nobody. */
  observer?: AnswerObserver;
  /** What becomes of a reasoning model's reasoning (REASONING_DISPLAY). Default `button`. */
  reasoningDisplay?: ReasoningSetting;
}

/**
 * Sink failures after which a message can never be written again (deleted, no access, token
 * gone): its journal entry is useless. After the others (an outage that outlasted the reply's
 * patience) the entry stays, so the next start marks the message.
 */
const PERMANENT_SINK_FAILURES: ReadonlySet<string> = new Set(['gone', 'archived', 'forbidden', 'invalid', 'token-expired']);

/**
 * Where the runner notes the messages of replies being written, so that whatever a crash cut
 * off can be marked after the restart (the store's `unfinished_replies`).
 */
export interface ReplyJournal {
  /** A message of a reply is showing an answer being written. */
  record(reply: { messageId: string; channelId: string; locale: string }): Promise<void> | void;
  /** The message is final (or can no longer be written). */
  forget(messageId: string): Promise<unknown> | void;
}

/**
 * Streams answers from providers into Discord replies and keeps track of those in flight, so
 * their Stop buttons can end them and a shutdown can stop them all: each is aborted, its
 * partial text stays, and it is marked stopped or interrupted.
 */
export class AnswerRunner {
  /** Each answer in flight: what stops it (its reply and its model) → when `run` is done with it. */
  readonly #inFlight = new Map<AbortController, Promise<void>>();
  /** Each message an answer in flight has written → that answer. */
  readonly #byMessage = new Map<string, RunningAnswer>();
  readonly #logger: Logger;
  readonly #clock: Clock | undefined;
  /** The journal writes not yet done (see `#note`). */
  #journalWrites: Promise<void> = Promise.resolve();
  readonly #options: AnswerRunnerOptions;
  readonly #journal: ReplyJournal | undefined;
  #shuttingDown = false;

  constructor(options: AnswerRunnerOptions) {
    this.#logger = options.logger;
    this.#options = options;
    this.#clock = options.clock;
    this.#journal = options.journal;
  }

  /** Whether new work is refused. */
  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Streams one answer; never rejects. */
  async run(request: AnswerRequest): Promise<AnswerResult> {
    // stopping the answer stops both; a reply that no longer needs its model (cut for length,
    // Discord unreachable) lets the model go but still makes its final writes
    const controller = new AbortController();
    const model = new AbortController();
    controller.signal.addEventListener('abort', () => model.abort(controller.signal.reason), { once: true });
    const { resolved } = request;
    const started = Date.now();
    let stoppedBy: string | undefined;
    let settle: () => void = () => undefined;
    const running: RunningAnswer = {
      askedBy: request.askedBy,
      stop: (name) => {
        stoppedBy ??= name;
        controller.abort(new Error(`stopped by ${name}`));
      },
      final: new Promise<void>((resolve) => (settle = resolve)),
    };
    const messageIds = new Set<string>();
    const journaled = new Set<string>();
    const observer = this.#options.observer;
    let textShown = false;
    const sink = observedSink(request.sink, (messageId, _content, meta) => {
      if (!textShown && meta.status !== true) {
        textShown = true;
        observer?.firstVisibleText(request.trigger ?? 'other', (Date.now() - started) / 1000);
      }
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
    const parts = resolved.provider.stream({
      model: resolved.model,
      messages: request.messages,
      ...(request.maxTokens === undefined ? {} : { maxTokens: request.maxTokens }),
      signal: model.signal,
    });
    const reply = streamReply({
      parts: observer === undefined ? parts : timeFirstToken(parts, (seconds) => observer.firstToken(resolved.provider.id, seconds)),
      sink,
      clock: this.#clock,
      signal: controller.signal,
      options: {
        minEditIntervalMs: this.#options.minEditIntervalMs,
        ...(this.#options.retryWindowMs === undefined ? {} : { retryWindowMs: this.#options.retryWindowMs }),
        ...maxMessagesOf(this.#options.maxMessages, request.maxMessages),
        // the reasoning above the answer, or a status saying that the model is thinking
        reasoningDisplay: this.#options.reasoningDisplay === 'inline' ? 'inline' : 'status',
        texts: replyTextsFor(request.catalog, resolved.id, stopCause),
        onModelNotNeeded: () => model.abort(),
        onSinkFailure: () => {
          // nobody can see the answer any more: stop paying for it
          model.abort();
          return 'stop';
        },
      },
    });
    // settles when `run` is done with the answer, after its usage, reasoning and controls
    let finished: () => void = () => undefined;
    this.#inFlight.set(controller, new Promise<void>((resolve) => (finished = resolve)));
    // an answer whose start was on its way when the shutdown began (its store reads, its defer)
    // is stopped at once like the others, and shutdown waits for it too
    if (this.#shuttingDown) controller.abort(new Error('shutting down'));
    observer?.answerStarted();
    let result: AnswerResult | undefined;
    try {
      result = await reply;
      if (result.error instanceof ProviderError) observer?.providerFailed(result.error.provider, result.error.kind);
      // final: its last message shows Regenerate now, and a press must not find it still being written
      for (const messageId of messageIds) this.#byMessage.delete(messageId);
      settle();
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
      await afterAnswer(
        { result, modelId: resolved.id, place: request.place, userId: request.askedBy[0] ?? '', messages: request.messages, showControls: request.showControls },
        this.#options.ledger,
        this.#options.reasoningDisplay ?? 'button',
        this.#logger,
      );
      return result;
    } finally {
      this.#inFlight.delete(controller);
      finished();
      observer?.answerEnded();
      for (const messageId of messageIds) this.#byMessage.delete(messageId);
      settle();
      // a message that never got its final write stays journaled unless it can never get one
      // (deleted, no access…): after an outage or a failed shutdown write the next start marks it
      const reason = result?.sinkError?.reason;
      if (reason !== undefined && PERMANENT_SINK_FAILURES.has(reason)) {
        for (const messageId of journaled) this.#note(() => this.#journal?.forget(messageId));
      }
    }
  }

  /**
   * Journal writes go one at a time, in order: a message's entry must be written before its
   * removal (else the entry would outlive its answer and be marked cut off after a restart).
   * A journal failure (the disk, the database) must not cost anyone their answer: it is logged.
   */
  #note(write: () => Promise<unknown> | void): void {
    this.#journalWrites = this.#journalWrites.then(write).then(
      () => undefined,
      (error: unknown) => this.#logger.warn({ error: (error as Error).message }, 'could not note a reply being written'),
    );
  }

  /** Whether an answer is being written into `messageId` now. */
  isWriting(messageId: string): boolean {
    return this.#byMessage.has(messageId);
  }

  /**
   * Resolves once the answer being written into `messageId` is final, or after `waitMs`,
   * whichever comes first (at once when none is). For a press that lands as the final write
   * does: the button shows a moment before the runner has let the answer go.
   */
  async untilFinal(messageId: string, waitMs: number): Promise<void> {
    const running = this.#byMessage.get(messageId);
    if (running === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([running.final, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  /** Stops the answer being written into `messageId`, if there is one and `request` may. */
  stop(messageId: string, request: StopRequest): StopOutcome {
    const running = this.#byMessage.get(messageId);
    if (running === undefined) return 'not-running';
    if (!request.canManageMessages && !running.askedBy.includes(request.userId)) return 'not-allowed';
    running.stop(request.name);
    return 'stopped';
  }

  /**
   * Refuses new work, aborts every answer in flight, and waits until each reply is final,
   * answers that start meanwhile included (they are stopped as they start). Call it again after
   * the work that may still start answers (handlers, turns) has finished.
   */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    while (this.#inFlight.size > 0) {
      for (const controller of this.#inFlight.keys()) controller.abort();
      await Promise.allSettled([...this.#inFlight.values()]);
    }
    await this.#journalWrites;
  }
}

/** The tighter of the runner's cap and the request's; none when neither has one. */
function maxMessagesOf(runnerCap: number | undefined, requestCap: number | undefined): { maxMessages?: number } {
  const caps = [runnerCap, requestCap].filter((cap) => cap !== undefined);
  return caps.length === 0 ? {} : { maxMessages: Math.min(...caps) };
}

function describe(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
