/**
 * The reply streamer: turns a model's stream of text deltas into the fewest, freshest message
 * writes that Discord's rate limits allow, and ends with exactly the model's text.
 *
 * - The first text is written at once; afterwards at most one write is in flight, text that
 *   arrives meanwhile accumulates, and each write carries the newest text.
 * - Writes are paced per reply by `WritePacer` from the rate-limit headers the sink reports.
 * - While the answer streams, the last message ends with a marker (and a code block open at
 *   the end is closed for display); the final writes carry the text exactly, split over as
 *   many messages as needed (`split.ts`).
 * - Failures become words in the reply (`reply-texts.ts`); sink failures follow the policy of
 *   `SinkErrorReason` and never throw out of `streamReply`.
 * - When Discord fails writes (5xx, network errors), they are retried with capped, jittered
 *   back-off while the model's text keeps accumulating; once the outage outlasts the retry
 *   window the answer is ended with what it has, and its final writes are still retried.
 * - An answer that would need more than `maxMessages` messages is cut there, with a note.
 * - Reasoning (`reasoning-delta`) is never part of the answer. While the model reasons and no
 *   answer text has come, the reply shows a thinking status (`reasoningDisplay: 'status'`) or the
 *   reasoning itself, quoted above the answer (`'inline'`, `inline-reasoning.ts`); either way at
 *   the reply's normal pace, with no write the pacer would not allow.
 *
 * Per delta the work is an append and a flag check; splitting and building message contents
 * happen only when a write is about to start.
 */
import type { FinishPart, StreamPart } from '../model/stream-part.ts';
import { ProviderError } from '../model/provider-error.ts';
import { systemClock, type Clock } from '../model/clock.ts';
import { closeLine, fenceStateAt, type OpenFence } from './fences.ts';
import { SinkError, type MessageSink, type SinkResult } from './message-sink.ts';
import { englishReplyTexts, type ReplyTexts } from './reply-texts.ts';
import { DISCORD_MESSAGE_LIMIT, MessageSplitter, pieceContent } from './split.ts';
import { capAtMessage } from './message-cap.ts';
import { InlineReasoningBlock, INLINE_REASONING_SEPARATOR, inlineReasoningLineWidth } from './inline-reasoning.ts';
import { outageRetryDelayMs } from './outage-retry.ts';
import { WritePacer, type WriteKind } from './write-pacer.ts';

/** The marker at the end of a message while its answer is still being written. */
export const DEFAULT_TYPING_MARKER = ' ▌';

/** How a reply ended. */
export type ReplyOutcome =
  /** The model finished and every message shows its final content. */
  | 'complete'
  /** The provider failed; the reply says so (and keeps any text). */
  | 'failed'
  /** The signal aborted the reply; it ends with a "stopped" note. */
  | 'aborted'
  /** Writing failed for good (message deleted, thread archived, no permission…). */
  | 'sink-failed';

/**
 * How a reply shows the model's reasoning while it streams. In both, `ReplyResult.text` is the
 * answer only and `ReplyResult.reasoning` the reasoning only.
 */
export type ReasoningDisplay =
  /**
   * While the model reasons and no answer text has come, the reply shows only a status line,
   * `texts.thinking(seconds)` (`-# 💭 Thinking… 12 s`), rewritten when the pacer allows a write;
   * the first answer text replaces it. The final messages hold exactly the answer. (For the
   * bot's `button` and `hidden` settings: the reasoning itself is shown elsewhere or not at all.)
   */
  | 'status'
  /**
   * The reasoning streams into the reply as a block above the answer: `texts.reasoningHeading`,
   * then each line of reasoning quoted (`> `; a line longer than `inlineReasoningLineWidth` goes
   * on over more quoted lines, so that every message of the block begins quoted), then a blank
   * line and the answer (less the line breaks it may begin with), split over messages by the same
   * rules as an answer. The final messages hold that block and the answer.
   * Reasoning arriving after the first answer text is kept in the result but not shown.
   */
  | 'inline';

/** What the sink-failure callback decides about the rest of the model's stream. */
export type SinkFailureDecision =
  /** Stop reading the stream and resolve at once (abort the provider yourself if needed). */
  | 'stop'
  /** Keep reading it to the end, writing nothing, so that `text` holds the whole answer. */
  | 'drain';

/** Settings of one reply. */
export interface ReplyOptions {
  /** The least time between two writes of a reply (continuation messages excepted). Default 1000. */
  minEditIntervalMs?: number;
  /** The most characters per message. Default 2000 (Discord's limit). */
  maxLength?: number;
  /** Shown at the end while the answer is still being written. Default `DEFAULT_TYPING_MARKER`. */
  typingMarker?: string;
  /** The reply's own words; defaults to English. Partial: the rest stays English. */
  texts?: Partial<ReplyTexts>;
  /** Called once when writing fails for good; decides about the stream. Default: 'stop'. */
  onSinkFailure?: (error: SinkError) => SinkFailureDecision | void;
  /**
   * How long writes failing with reason `other` (Discord 5xx, network errors) are retried while
   * the answer streams, in ms. Past it the answer ends with the text it has and a note, the model
   * is no longer read, and only its final writes are retried (for `FINAL_WRITE_PATIENCE_MS`
   * more). Default 60,000.
   */
  retryWindowMs?: number;
  /** The most messages one reply may take; a longer answer is cut there, with a note. Default: no cap. */
  maxMessages?: number;
  /**
   * Called once when the reply stops reading the model's stream before it ends (cut for length,
   * or Discord unreachable past the retry window), so the caller can abort the provider at once
   * rather than when its next delta arrives. The reply itself goes on to its final writes.
   */
  onModelNotNeeded?: () => void;
  /** A number in [0, 1) for the jitter of retry back-off. Default `Math.random`. */
  random?: () => number;
  /** How the model's reasoning is shown while it streams. Default 'status'. */
  reasoningDisplay?: ReasoningDisplay;
  /**
   * With `reasoningDisplay: 'inline'`, the most characters the reasoning block may take (heading
   * and quote marks included); a longer reasoning is cut there with ` …`, so that it cannot use up
   * `maxMessages` before the answer begins. Default `DEFAULT_INLINE_REASONING_MAX_LENGTH` (4,000:
   * two messages).
   */
  maxInlineReasoningLength?: number;
}

/** The default of `ReplyOptions.maxInlineReasoningLength`. */
export const DEFAULT_INLINE_REASONING_MAX_LENGTH = 4000;

/** Everything `streamReply` needs. */
export interface StreamReplyInput {
  /** The model's stream (providers throw `ProviderError` from it on failure). */
  parts: AsyncIterable<StreamPart>;
  /** Where the messages are written. */
  sink: MessageSink;
  /** Time source; default `systemClock`. */
  clock?: Clock;
  /** Aborting it ends the reply with a "stopped" note; pass the same signal to the provider. */
  signal?: AbortSignal;
  /** Settings. */
  options?: ReplyOptions;
}

/** How a reply went. */
export interface ReplyResult {
  /** The model's text as received, exactly (all of it under 'drain', else up to the end). */
  text: string;
  /** The model's reasoning as received, exactly ('' from models that do not reason); never part of `text`. */
  reasoning: string;
  /** The ids of the reply's messages, in order. */
  messageIds: string[];
  /** How it ended. */
  outcome: ReplyOutcome;
  /** The provider's failure (outcome 'failed'), or the abort reason (outcome 'aborted'). */
  error?: unknown;
  /** The sink's failure (outcome 'sink-failed'). */
  sinkError?: SinkError;
  /** The finish part, when the model finished. */
  finish?: FinishPart;
  /** Writes started, including those that failed. */
  writes: number;
  /** 429s received. */
  rateLimited: number;
}

/** Streams one answer into messages; resolves when the reply is final. Never rejects. */
export function streamReply(input: StreamReplyInput): Promise<ReplyResult> {
  return new ReplyStreamer(input).run();
}

interface PlannedWrite {
  kind: WriteKind;
  index: number;
  content: string;
  /** Whether this is the message's final content. */
  final: boolean;
  /** Whether it is also the answer's last message (see `WriteMeta.last`). */
  last: boolean;
  /** Whether it shows a status standing for the answer rather than answer text (see `WriteMeta.status`). */
  status?: true;
}

interface WrittenMessage {
  id: string;
  content: string;
  final: boolean;
  last: boolean;
}

/**
 * How long the final writes of a reply are retried after the retry window, while Discord stays
 * unreachable: an interaction token lives 15 minutes, and a reply still showing its marker is
 * worse than a late final edit. Past it the reply gives up; the crash journal keeps its
 * messages, so the next start marks them.
 */
export const FINAL_WRITE_PATIENCE_MS = 15 * 60_000;
/**
 * How long the writes of a stopped reply are retried while Discord fails them: a blip of a
 * second or two must not leave a stopped answer with its marker and Stop button, and a shutdown
 * (which stops every reply and waits for them) must not hang on an outage. Two retries, 1 s and
 * 2 s after the first failure.
 */
const STOPPED_PATIENCE_MS = 3000;
const DEFAULT_RETRY_WINDOW_MS = 60_000;
const MAX_ROUTE_CHANGES = 3;
const NOT_SPACE = /\S/;
const LEADING_LINE_BREAKS = /^[\r\n]*/;
const REASONING_JOIN_EVERY = 64;

class ReplyStreamer {
  private readonly parts: AsyncIterable<StreamPart>;
  private sink: MessageSink;
  private readonly clock: Clock;
  private readonly signal: AbortSignal | undefined;
  private readonly customTexts: Partial<ReplyTexts> | undefined;
  private readonly maxLength: number;
  private readonly marker: string;
  private readonly retryWindowMs: number;
  private readonly maxMessages: number;
  private readonly random: () => number;
  private readonly onSinkFailure: ReplyOptions['onSinkFailure'];
  private readonly onModelNotNeeded: ReplyOptions['onModelNotNeeded'];
  /** The reasoning shown above the answer ('inline'); undefined for the thinking status. */
  private readonly inlineReasoning: InlineReasoningBlock | undefined;
  private readonly pacer: WritePacer;
  private splitter: MessageSplitter;
  private readonly result = Promise.withResolvers<ReplyResult>();

  // what the model said, and how the reply ends
  private text = '';
  /**
   * The reasoning so far, in pieces joined every `REASONING_JOIN_EVERY` deltas: grown with `+=`,
   * a string that nothing reads until the end stays a rope of every delta, twice its text's size.
   */
  private readonly reasoningPieces: string[] = [];
  /** Whether `text` holds more than whitespace: then the answer shows instead of the status. */
  private textVisible = false;
  /** Line breaks the answer began with, left out below the inline reasoning block (the separator is there). */
  private answerStart = 0;
  /** When the first reasoning came, for the thinking status; undefined in 'inline' mode. */
  private thinkingSince: number | undefined;
  private ending = false;
  private outcome: ReplyOutcome = 'complete';
  private error: unknown;
  private finish: FinishPart | undefined;
  private note: string | undefined;
  private replacement: string | undefined;
  private reading = true;
  /** Why the reply ended before the model did, if it did. */
  private endedEarly: 'message-cap' | 'unreachable' | undefined;

  // what has been written
  private readonly written: WrittenMessage[] = [];
  private settled = 0; // messages before this index show their final content
  private writing = false;
  /** A turn granted by `sink.waitForTurn` and not yet used by a write. */
  private turnHeld = false;
  /** Cuts short the wait for an update's turn: once the reply ends, its final write asks again, as urgent. */
  private updateWait: AbortController | undefined;
  /**
   * `clock.now()` when content came that no write has started since: what the next write's turn
   * has waited for since (the write budget serves the oldest first; its clock is this one).
   */
  private unwrittenSince: number | undefined;
  private timer: unknown;
  private timerArmed = false;
  /** The armed timer only waits for the thinking status's next second, not for the pacer. */
  private tickArmed = false;
  private writes = 0;
  private rateLimitedCount = 0;
  /** When the current run of `other` write failures began (undefined: the last write worked). */
  private outageSince: number | undefined;
  private outageFailures = 0;
  private lastOutageError: SinkError | undefined;
  private routeChanges = 0;
  private sinkError: SinkError | undefined;
  private resolved = false;

  constructor(input: StreamReplyInput) {
    const options = input.options ?? {};
    this.parts = input.parts;
    this.sink = input.sink;
    this.clock = input.clock ?? systemClock;
    this.signal = input.signal;
    this.customTexts = options.texts;
    this.maxLength = options.maxLength ?? DISCORD_MESSAGE_LIMIT;
    this.marker = options.typingMarker ?? DEFAULT_TYPING_MARKER;
    this.retryWindowMs = options.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS;
    this.maxMessages = options.maxMessages ?? Number.POSITIVE_INFINITY;
    this.random = options.random ?? Math.random;
    this.onSinkFailure = options.onSinkFailure;
    this.onModelNotNeeded = options.onModelNotNeeded;
    if (options.reasoningDisplay === 'inline') {
      const heading = (options.texts?.reasoningHeading ?? englishReplyTexts.reasoningHeading).slice(0, this.maxLength - 1);
      const maxLength = Math.max(heading.length + 8, options.maxInlineReasoningLength ?? DEFAULT_INLINE_REASONING_MAX_LENGTH);
      this.inlineReasoning = new InlineReasoningBlock(heading, maxLength, inlineReasoningLineWidth(this.maxLength));
    }
    this.pacer = new WritePacer(this.clock, options.minEditIntervalMs ?? 1000);
    this.splitter = new MessageSplitter(this.maxLength);
  }

  run(): Promise<ReplyResult> {
    if (this.signal?.aborted) {
      this.reading = false;
      this.end('aborted', this.signal.reason);
    } else {
      this.signal?.addEventListener('abort', this.onAbort, { once: true });
      void this.read();
    }
    return this.result.promise;
  }

  // ---- reading the model's stream

  private async read(): Promise<void> {
    let iterator: AsyncIterator<StreamPart>;
    try {
      iterator = this.parts[Symbol.asyncIterator]();
    } catch (error) {
      this.failed(error);
      return;
    }
    try {
      while (this.reading) {
        const step = await iterator.next();
        if (!this.reading) break;
        if (step.done === true) {
          this.failed(new ProviderError({ provider: 'unknown', kind: 'cut', message: 'the stream ended without a finish part' }));
          return;
        }
        const part = step.value;
        if (part.type === 'text-delta') {
          if (part.text.length > 0) this.append(part.text);
        } else if (part.type === 'reasoning-delta') {
          if (part.text.length > 0) this.appendReasoning(part.text);
        } else if (part.type === 'finish') {
          this.finish = part;
          this.end('complete', undefined);
          break;
        }
      }
    } catch (error) {
      if (this.reading) this.failed(error);
      return;
    }
    // left before the stream's end (finish part, abort, sink failure): let the provider clean up
    try {
      void Promise.resolve(iterator.return?.()).catch(() => undefined);
    } catch {
      // a provider that cannot be closed has nothing more to say to us
    }
  }

  private append(delta: string): void {
    this.text += delta;
    if (!this.textVisible && NOT_SPACE.test(delta)) {
      this.textVisible = true;
      this.answerStart = LEADING_LINE_BREAKS.exec(this.text)![0].length;
    }
    this.wake();
  }

  private appendReasoning(delta: string): void {
    const pieces = this.reasoningPieces;
    pieces.push(delta);
    if (pieces.length >= REASONING_JOIN_EVERY) pieces.splice(0, pieces.length, pieces.join(''));
    if (this.textVisible) return;
    if (this.inlineReasoning !== undefined) {
      this.inlineReasoning.append(delta);
      this.wake();
    } else if (this.thinkingSince === undefined) {
      // the first sign of work is written at once; after it the status changes only with time
      this.thinkingSince = this.clock.now();
      this.wake();
    }
  }

  /** New content: write it now if nothing is in flight or waiting for the pacer. */
  private wake(): void {
    this.unwrittenSince ??= this.clock.now();
    // the status's next second is no reason to hold new content back
    if (this.tickArmed) this.disarm();
    if (!this.writing && !this.timerArmed && this.sinkError === undefined) this.pump();
  }

  /** What the messages show, in full: the answer, below the inline reasoning block if any. */
  private display(): string {
    const block = this.inlineReasoning;
    if (block === undefined || !block.visible) return this.text;
    // whitespace before the answer's first visible text waits, so that the block may still grow
    return this.textVisible ? block.text + INLINE_REASONING_SEPARATOR + this.text.slice(this.answerStart) : block.text;
  }

  /** Whether the reply shows the thinking status now (reasoning, no answer text, not ended). */
  private showsThinkingStatus(): boolean {
    return this.thinkingSince !== undefined && !this.textVisible && !this.ending;
  }

  private readonly onAbort = (): void => {
    if (this.resolved) return;
    // final writes failing in a long outage are not waited for once the reply is stopped (a
    // shutdown must not hang): the crash journal keeps the messages for the next start
    if (this.ending && !this.writing && this.outageLasted() >= STOPPED_PATIENCE_MS) this.giveUp(this.outageError());
    if (this.ending) return;
    this.reading = false;
    this.end('aborted', this.signal?.reason);
  };

  private failed(error: unknown): void {
    const aborted =
      (error instanceof ProviderError && error.kind === 'aborted') ||
      (error instanceof Error && error.name === 'AbortError') ||
      this.signal?.aborted === true;
    this.end(aborted ? 'aborted' : 'failed', error);
  }

  /** The stream is over (or abandoned): from now on the writes aim at the final state. */
  private end(outcome: 'complete' | 'failed' | 'aborted', error: unknown): void {
    if (this.ending) return;
    this.ending = true;
    this.reading = outcome !== 'aborted' && this.reading;
    this.outcome = outcome;
    this.error = error;
    // the cap is checked before each write: text that arrived while one was in flight (a fast
    // model can finish meanwhile) is cut here, before the final writes
    if (this.endedEarly !== 'message-cap' && this.cutAtMessageCap()) this.endedEarly ??= 'message-cap';
    const hasText = NOT_SPACE.test(this.text);
    // inline reasoning stays, with the note below it; the thinking status never outlives the stream
    const hasShown = hasText || this.inlineReasoning?.visible === true;
    if (this.endedEarly === 'message-cap') this.note = this.textsWith('messageCapNote').messageCapNote(this.maxMessages);
    else if (this.endedEarly === 'unreachable') {
      if (hasShown) this.note = this.textsWith('unreachableCutShort').unreachableCutShort;
      else this.replacement = this.textsWith('unreachableBeforeText').unreachableBeforeText;
    } else if (outcome === 'complete') {
      if (hasText) this.note = this.finish === undefined ? undefined : this.textsWith('finishNote').finishNote(this.finish.reason);
      else if (hasShown) this.note = this.textsWith('emptyAnswer').emptyAnswer;
      else this.replacement = this.textsWith('emptyAnswer').emptyAnswer;
    } else if (outcome === 'aborted') {
      if (hasShown) this.note = this.textsWith('stopped').stopped;
      else this.replacement = this.textsWith('stoppedBeforeText').stoppedBeforeText;
    } else if (hasShown) this.note = this.textsWith('cutShort').cutShort(error);
    else this.replacement = this.textsWith('errorBeforeText').errorBeforeText(error);
    // the final write must not wait as an update: it leaves that queue and asks again, urgent
    this.updateWait?.abort();
    if (this.sinkError !== undefined) this.resolve();
    else if (!this.writing) this.pump();
  }

  /** The texts that define `key`: the caller's if they do, read only now (they may be getters). */
  private textsWith(key: keyof ReplyTexts): Required<ReplyTexts> {
    const custom = this.customTexts;
    return custom !== undefined && key in custom && custom[key] !== undefined ? (custom as Required<ReplyTexts>) : englishReplyTexts;
  }

  // ---- writing

  /** Starts the next write if it may start now, else arms the timer for when it may. */
  private pump(): void {
    if (this.writing || this.resolved || this.sinkError !== undefined) return;
    this.disarm();
    // capping ends the reply, and ending pumps again
    if (!this.ending && this.cutAtMessageCap()) {
      this.endEarly('message-cap', 'complete', undefined);
      return;
    }
    const write = this.nextWrite();
    if (write === undefined) {
      if (this.ending) this.resolve();
      else if (this.showsThinkingStatus()) this.armThinkingTick();
      return;
    }
    const continuation = write.kind === 'create' && write.index > 0;
    const at = this.pacer.earliestStart(write.kind, { spread: !this.ending && !continuation, continuation });
    const now = this.clock.now();
    if (at > now) {
      this.timerArmed = true;
      this.timer = this.clock.setTimeout(this.onTimer, Math.ceil(at - now));
      return;
    }
    const sink = this.sink;
    if (sink.waitForTurn !== undefined && !this.turnHeld) {
      // hold the reply still while waiting, then choose the write afresh: newest text wins
      this.writing = true;
      const urgent = this.written.length === 0 || this.ending;
      const updateWait = urgent ? undefined : new AbortController();
      this.updateWait = updateWait;
      Promise.resolve()
        .then(() => sink.waitForTurn?.(urgent, { signal: updateWait?.signal, since: this.unwrittenSince }))
        .then(
          () => true,
          // a failing budget must not stop the reply: it writes anyway; a wait cut short holds no turn
          () => updateWait?.signal.aborted !== true,
        )
        .then((held) => {
          this.updateWait = undefined;
          this.writing = false;
          this.turnHeld = held;
          this.pump();
        });
      return;
    }
    this.turnHeld = false;
    this.start(write);
  }

  private readonly onTimer = (): void => {
    this.timerArmed = false;
    this.tickArmed = false;
    this.pump();
  };

  private disarm(): void {
    if (!this.timerArmed) return;
    this.timerArmed = false;
    this.tickArmed = false;
    this.clock.clearTimeout(this.timer);
  }

  /** Wakes the reply when the thinking status's count of seconds goes up (the pacer still decides). */
  private armThinkingTick(): void {
    const elapsed = this.clock.now() - this.thinkingSince!;
    const nextSecondAt = (Math.floor(elapsed / 1000) + 1) * 1000;
    this.timerArmed = true;
    this.tickArmed = true;
    this.timer = this.clock.setTimeout(this.onTimer, Math.max(1, Math.ceil(nextSecondAt - elapsed)));
  }

  /** The thinking status as the next write would show it. */
  private thinkingStatus(): string {
    const seconds = Math.floor((this.clock.now() - this.thinkingSince!) / 1000);
    return this.textsWith('thinking').thinking(seconds).slice(0, this.maxLength);
  }

  /** Cuts the text when it needs more than `maxMessages` messages; true when it did. */
  private cutAtMessageCap(): boolean {
    if (this.maxMessages === Number.POSITIVE_INFINITY) return false;
    const display = this.display();
    this.splitter.update(display);
    const last = this.splitter.pieces[this.maxMessages - 1];
    // the cap'th message is finished only once text beyond it has arrived
    if (last === undefined) return false;
    const noteLength = this.textsWith('messageCapNote').messageCapNote(this.maxMessages).length;
    this.keepDisplayed(capAtMessage(display, last, noteLength, this.maxLength).length);
    // the capped text is split afresh: the pieces made for the longer text do not apply to it
    this.splitter = new MessageSplitter(this.maxLength);
    return true;
  }

  /** Keeps the first `length` characters of what the messages show, of the block and the answer. */
  private keepDisplayed(length: number): void {
    const block = this.inlineReasoning;
    const blockLength = block?.visible === true ? block.text.length : 0;
    if (blockLength === 0) {
      this.text = this.text.slice(0, length);
      return;
    }
    const answerLength = length - blockLength - INLINE_REASONING_SEPARATOR.length + this.answerStart;
    if (answerLength > this.answerStart) {
      this.text = this.text.slice(0, answerLength);
      return;
    }
    block!.cut(length);
    this.text = '';
    this.textVisible = false;
  }

  /** The reply ends before the model's stream does: stop reading it and let the caller abort it. */
  private endEarly(why: 'message-cap' | 'unreachable', outcome: 'complete' | 'failed', error: unknown): void {
    this.endedEarly = why;
    this.reading = false;
    this.end(outcome, error);
    try {
      this.onModelNotNeeded?.();
    } catch {
      // the caller's cleanup must not break the reply
    }
  }

  /** The first message whose content on Discord differs from what it should show now. */
  private nextWrite(): PlannedWrite | undefined {
    const { from, contents, finalCount, status } = this.desired();
    for (let offset = 0; offset < contents.length; offset += 1) {
      const index = from + offset;
      const content = contents[offset]!;
      const final = offset < finalCount;
      const last = this.ending && final && offset === contents.length - 1;
      const existing = this.written[index];
      if (existing === undefined) return { kind: 'create', index, content, final, last, ...(status === true ? { status } : {}) };
      // a message shown while streaming may carry controls: its final write takes them away,
      // even when the text itself is already final (a streaming view with no room for the marker),
      // and the answer's last message gets its final controls even when it was finished before
      if (existing.content !== content || (final && !existing.final) || (last && !existing.last)) return { kind: 'edit', index, content, final, last, ...(status === true ? { status } : {}) };
    }
    return undefined;
  }

  /**
   * What the messages from `from` on should show now; the first `finalCount` of them are final.
   * While streaming, finished messages are final and the last one shows the marker.
   */
  private desired(): { from: number; contents: string[]; finalCount: number; status?: true } {
    const limit = this.maxLength;
    if (this.replacement !== undefined) {
      return { from: 0, contents: [this.replacement.slice(0, limit)], finalCount: 1, status: true };
    }
    if (this.showsThinkingStatus()) return { from: 0, contents: [this.thinkingStatus()], finalCount: 0, status: true };
    const text = this.display();
    const splitter = this.splitter;
    splitter.update(text);
    const pieces = splitter.pieces;
    const lastSlice = text.slice(splitter.start);
    const lastVisible = NOT_SPACE.test(lastSlice);
    // the last message is always looked at again: at the end it may get a note
    let from = Math.min(this.settled, pieces.length);
    // when nothing visible follows the last finished message, that one is the answer's last:
    // it takes the note, and the final controls
    if (this.ending && !lastVisible) from = Math.max(0, Math.min(from, pieces.length - 1));
    const contents: string[] = [];
    for (let index = from; index < pieces.length; index += 1) contents.push(pieceContent(text, pieces[index]!));
    if (lastVisible) {
      contents.push(this.ending ? splitter.prefix + lastSlice : this.streamingView(splitter.prefix, lastSlice));
    }
    if (!this.ending) return { from, contents, finalCount: pieces.length - from };
    if (this.note !== undefined) this.attachNote(contents);
    return { from, contents, finalCount: contents.length };
  }

  /** The unfinished last message: the text, a code block closed for display, the marker. */
  private streamingView(prefix: string, rawSlice: string): string {
    // a delta may end between the two halves of a surrogate pair: show the pair when it is whole
    const lastCode = rawSlice.charCodeAt(rawSlice.length - 1);
    const slice = lastCode >= 0xd800 && lastCode <= 0xdbff ? rawSlice.slice(0, -1) : rawSlice;
    const close = closingFenceFor(slice, this.splitter.open);
    const withMarker = prefix + slice + close + this.marker;
    if (withMarker.length <= this.maxLength) return withMarker;
    const withoutMarker = prefix + slice + close;
    return withoutMarker.length <= this.maxLength ? withoutMarker : prefix + slice;
  }

  /** Adds the ending note after the last message, or as a message of its own when it does not fit. */
  private attachNote(contents: string[]): void {
    const note = this.note!.slice(0, this.maxLength);
    const last = contents.pop();
    if (last === undefined) {
      contents.push(note);
      return;
    }
    const close = closingFenceFor(last, undefined);
    const block = `\n\n${note}`;
    if (last.length + close.length + block.length <= this.maxLength) contents.push(last + close + block);
    else if (last.length + close.length <= this.maxLength) contents.push(last + close, note);
    else contents.push(last, note);
  }

  private start(write: PlannedWrite): void {
    this.writing = true;
    this.unwrittenSince = undefined;
    this.writes += 1;
    this.pacer.started(write.kind);
    const sink = this.sink;
    let answer: Promise<SinkResult>;
    try {
      const meta = { final: write.final, last: write.last, ...(write.status === true ? { status: true } : {}) };
      answer =
        write.kind === 'create'
          ? sink.create(write.content, meta)
          : sink.edit(this.written[write.index]!.id, write.content, meta);
    } catch (error) {
      answer = Promise.reject(error);
    }
    Promise.resolve(answer)
      .then(
        (result) => this.succeeded(write, result),
        (error: unknown) => this.writeFailed(write, sink, error),
      )
      .catch((error: unknown) => {
        // a bug of ours must not become an unhandled rejection in the bot
        this.writing = false;
        this.giveUp(new SinkError({ reason: 'other', message: 'internal error while writing', cause: error }));
      });
  }

  private succeeded(write: PlannedWrite, result: SinkResult): void {
    this.writing = false;
    this.outageSince = undefined;
    this.outageFailures = 0;
    this.lastOutageError = undefined;
    this.pacer.answered(write.kind, result.rateLimit);
    if (write.kind === 'create') this.written.push({ id: result.messageId, content: write.content, final: write.final, last: write.last });
    else {
      const message = this.written[write.index]!;
      message.content = write.content;
      message.final = write.final;
      message.last = write.last;
    }
    while (this.written[this.settled]?.final === true) this.settled += 1;
    this.pump();
  }

  private writeFailed(write: PlannedWrite, sink: MessageSink, error: unknown): void {
    this.writing = false;
    if (this.resolved) return;
    const failure =
      error instanceof SinkError ? error : new SinkError({ reason: 'other', message: String(error), cause: error });
    switch (failure.reason) {
      case 'rate-limited':
        this.rateLimitedCount += 1;
        this.pacer.rateLimited(write.kind, failure.retryAfterMs);
        this.pump();
        return;
      case 'token-expired': {
        let fallback: MessageSink | undefined;
        try {
          fallback = this.routeChanges < MAX_ROUTE_CHANGES ? sink.fallback?.() : undefined;
        } catch {
          fallback = undefined;
        }
        if (fallback !== undefined) {
          this.routeChanges += 1;
          this.sink = fallback;
          this.pacer.routeChanged();
          this.pump();
          return;
        }
        break;
      }
      case 'other':
        if (this.retriedThroughOutage(failure)) return;
        break;
      default:
        break;
    }
    this.giveUp(failure);
  }

  /**
   * Discord failed a write with a 5xx or a network error: it is retried (creates as well as
   * edits) after a capped, jittered back-off, while the model's text keeps accumulating. Once the
   * outage outlasts the retry window the answer ends with what it has; its final writes are
   * retried for `FINAL_WRITE_PATIENCE_MS` more; a stopped reply's for `STOPPED_PATIENCE_MS`.
   * False: give up.
   */
  private retriedThroughOutage(failure: SinkError): boolean {
    const now = this.clock.now();
    this.outageSince ??= now;
    this.lastOutageError = failure;
    const lasted = now - this.outageSince;
    const patience = this.signal?.aborted === true ? STOPPED_PATIENCE_MS : this.retryWindowMs + FINAL_WRITE_PATIENCE_MS;
    if (lasted >= patience) return false;
    this.outageFailures += 1;
    this.pacer.backOff(outageRetryDelayMs(this.outageFailures, this.random));
    if (lasted >= this.retryWindowMs && !this.ending) this.endEarly('unreachable', 'failed', failure);
    else this.pump();
    return true;
  }

  /** How long Discord has been failing this reply's writes, in ms; 0 when the last write worked. */
  private outageLasted(): number {
    return this.outageSince === undefined ? 0 : this.clock.now() - this.outageSince;
  }

  /** The failure that keeps the reply from being written, for a reply that gives up in an outage. */
  private outageError(): SinkError {
    return this.lastOutageError ?? new SinkError({ reason: 'other', message: 'Discord could not be reached' });
  }

  /** Writing is over for this reply; the stream is stopped or drained as the caller decides. */
  private giveUp(error: SinkError): void {
    if (this.sinkError !== undefined || this.resolved) return;
    this.sinkError = error;
    this.disarm();
    let decision: SinkFailureDecision | void = 'stop';
    try {
      decision = this.onSinkFailure?.(error) ?? 'stop';
    } catch {
      decision = 'stop';
    }
    if (decision === 'drain' && !this.ending) return;
    this.reading = false;
    this.resolve();
  }

  private resolve(): void {
    if (this.resolved) return;
    this.resolved = true;
    this.disarm();
    // a turn waited for now would go to nobody
    this.updateWait?.abort();
    this.signal?.removeEventListener('abort', this.onAbort);
    const result: ReplyResult = {
      text: this.text,
      reasoning: this.reasoningPieces.join(''),
      messageIds: this.written.map((message) => message.id),
      outcome: this.sinkError !== undefined ? 'sink-failed' : this.outcome,
      writes: this.writes,
      rateLimited: this.rateLimitedCount,
    };
    if (this.error !== undefined) result.error = this.error;
    if (this.sinkError !== undefined) result.sinkError = this.sinkError;
    if (this.finish !== undefined) result.finish = this.finish;
    this.result.resolve(result);
  }
}

/** What closes the code block still open at the end of `content` (which began inside `openAtStart`), or ''. */
function closingFenceFor(content: string, openAtStart: OpenFence | undefined): string {
  const open = fenceStateAt(content, 0, content.length, openAtStart, true);
  return open === undefined ? '' : closeLine(open, content.endsWith('\n'));
}
