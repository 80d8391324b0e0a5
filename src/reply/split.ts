/**
 * Splitting an answer into Discord messages (at most 2000 characters each).
 *
 * A message ends at a paragraph break, else a line break, else a word break (preferring one in
 * the second half of the room left), else between two graphemes, and only inside a grapheme
 * when a single grapheme is longer than a message. A code block open at the cut is closed at
 * the end of the message and reopened, with its language, at the top of the next one.
 *
 * No message is blank, as Discord refuses those: a cut always leaves something visible before
 * it, whitespace after the last cut gets no message, and a run of whitespace too long for any
 * message (a degenerate model) is left out whole.
 *
 * Where a message ends depends only on the text that fits in it (plus one character, or up to
 * the end of a run of whitespace that starts it), so
 * splitting a growing text never changes messages already cut: the reply streamer cuts as the
 * answer streams in and ends up with exactly `splitForDiscord(finalText)`.
 */
import { closeLine, fenceAfterLine, reopenLine, type OpenFence } from './fences.ts';

/** Discord's limit on message content. */
export const DISCORD_MESSAGE_LIMIT = 2000;

/** One message of a split text: `prefix + text.slice(start, end) + suffix`. */
export interface MessagePiece {
  /** Where the message's share of the text starts (UTF-16 offset). */
  readonly start: number;
  /** Where it ends (exclusive). */
  readonly end: number;
  /** Added in front: the line reopening a code block cut by the previous message, or ''. */
  readonly prefix: string;
  /** Added at the end: the fence closing a code block open at the cut, or ''. */
  readonly suffix: string;
}

/** The content of `piece`, a message of `text`. */
export function pieceContent(text: string, piece: MessagePiece): string {
  return piece.prefix + text.slice(piece.start, piece.end) + piece.suffix;
}

/** A message cut off the front of the text, and how the next one begins. */
export interface MessageCut {
  /** The finished message. */
  readonly piece: MessagePiece;
  /** The reopening line the next message starts with, or ''. */
  readonly nextPrefix: string;
  /** The code block open where the next message starts. */
  readonly nextOpen: OpenFence | undefined;
}

// a better kind of break wins over a later one only if it still fills this share of the room
const MIN_FILL = 0.5;
const LF = 10;
const CR = 13;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// characters that join the grapheme before them: cutting before one would split a grapheme
const JOINS_PREVIOUS = /[\p{Grapheme_Extend}\p{Mc}\p{Emoji_Modifier}\u200C\u200D]/uy;

/**
 * Ends the message that starts at `start` (after `prefix`, in code block `openAtStart`), whose
 * rest of the text does not fit in `maxLength` characters.
 */
export function cutMessage(
  text: string,
  start: number,
  prefix: string,
  openAtStart: OpenFence | undefined,
  maxLength: number,
): MessageCut {
  // the last place the message could end, ignoring a closing fence; text[hardEnd] exists
  const hardEnd = start + maxLength - prefix.length;
  if (hardEnd >= text.length) throw new RangeError('cutMessage: the rest of the text fits in one message');
  const fences = new FenceTimeline(text, start, hardEnd, openAtStart, maxLength);
  const fits = (end: number, open: OpenFence | undefined): boolean =>
    end - start + prefix.length + (open === undefined ? 0 : closeLine(open, text.charCodeAt(end - 1) === LF).length) <=
    maxLength;

  const minFillEnd = start + Math.ceil((hardEnd - start) * MIN_FILL);
  // Discord refuses a blank message: a cut must leave something visible before it
  // (MessageSplitter skips whitespace that fills a whole message, so there is something)
  const firstVisible = prefix === '' ? Math.max(start, firstVisibleAt(text, start, hardEnd)) : start;
  let paragraph = -1;
  let line = -1;
  let word = -1;
  for (let end = hardEnd; end > firstVisible; end -= 1) {
    if (end < minFillEnd && (paragraph > 0 || line > 0 || word > 0)) break;
    const kind = breakKind(text, end);
    if (kind === NO_BREAK) continue;
    const open = fences.stateAt(end);
    if (!fits(end, open)) continue;
    if (kind === WORD) {
      if (word < 0) word = end;
      continue;
    }
    // a cut just before the line that closes the block would leave an empty block behind
    if (open !== undefined && closesBlockAt(text, end, hardEnd, open)) continue;
    if (kind === PARAGRAPH) {
      if (paragraph < 0) paragraph = end;
      break;
    }
    if (line < 0) line = end;
  }

  let end: number;
  if (paragraph >= minFillEnd) end = paragraph;
  else if (line >= minFillEnd) end = line;
  else if (word >= minFillEnd) end = word;
  else end = Math.max(paragraph, line, word);
  if (end <= start) end = lastGraphemeBoundary(text, start, hardEnd, fences, fits);

  const open = fences.stateAt(end);
  const piece: MessagePiece = {
    start,
    end,
    prefix,
    suffix: open === undefined ? '' : closeLine(open, text.charCodeAt(end - 1) === LF),
  };
  return { piece, nextPrefix: open === undefined ? '' : reopenLine(open), nextOpen: open };
}

/** Where the first non-whitespace character at or after `start` and before `before` is, or -1. */
function firstVisibleAt(text: string, start: number, before: number): number {
  VISIBLE.lastIndex = start;
  const found = VISIBLE.exec(text);
  return found !== null && found.index < before ? found.index : -1;
}

const VISIBLE = /\S/g;
const NO_BREAK = 0;
const WORD = 1;
const LINE = 2;
const PARAGRAPH = 3;

/** What kind of break lies between text[end - 1] and text[end]. */
function breakKind(text: string, end: number): number {
  const before = text.charCodeAt(end - 1);
  if (before === LF) {
    const previous = text.charCodeAt(end - 2);
    return previous === LF || (previous === CR && text.charCodeAt(end - 3) === LF) ? PARAGRAPH : LINE;
  }
  if (!breaksAfter(before)) return NO_BREAK;
  const after = text.charCodeAt(end);
  if (isSpace(before) && isSpace(after)) return NO_BREAK; // cut after the whole run of spaces
  JOINS_PREVIOUS.lastIndex = end;
  return JOINS_PREVIOUS.test(text) ? NO_BREAK : WORD;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === LF || code === CR || code === 0x3000 || code === 0xa0;
}

/** Characters after which a word may end: spaces, and CJK punctuation (CJK has no spaces). */
function breaksAfter(code: number): boolean {
  switch (code) {
    case 0x20:
    case 0x09:
    case 0x3000:
    case 0x3001: // 、
    case 0x3002: // 。
    case 0xff01: // ！
    case 0xff0c: // ，
    case 0xff1a: // ：
    case 0xff1b: // ；
    case 0xff1f: // ？
      return true;
    default:
      return false;
  }
}

/** Whether the (complete, within the window) line starting at `lineStart` closes `open`. */
function closesBlockAt(text: string, lineStart: number, hardEnd: number, open: OpenFence): boolean {
  const newline = text.indexOf('\n', lineStart);
  if (newline === -1 || newline > hardEnd) return false;
  return fenceAfterLine(text.slice(lineStart, newline), open) === undefined;
}

/** The last end ≤ hardEnd between two graphemes that fits; between code points if none does. */
function lastGraphemeBoundary(
  text: string,
  start: number,
  hardEnd: number,
  fences: FenceTimeline,
  fits: (end: number, open: OpenFence | undefined) => boolean,
): number {
  let end = hardEnd;
  while (end > start + 1 && !fits(end, fences.stateAt(end))) end -= 1;
  const segment = graphemes.segment(text.slice(start, end + 1)).containing(end - start);
  let boundary = start + (segment?.index ?? 0);
  // an earlier end may sit inside a code block and need a closing fence: step back until it fits
  while (boundary > start && !fits(boundary, fences.stateAt(boundary))) {
    boundary = start + (graphemes.segment(text.slice(start, boundary)).containing(boundary - start - 1)?.index ?? 0);
  }
  if (boundary > start) return boundary;
  // a single grapheme longer than a message: at least keep surrogate pairs whole
  const high = text.charCodeAt(end - 1);
  const low = text.charCodeAt(end);
  const splitsPair = high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
  return splitsPair && end - 1 > start ? end - 1 : end;
}

/** The code-block state at each position of one message's window. */
class FenceTimeline {
  private readonly positions: number[] = [];
  private readonly states: (OpenFence | undefined)[] = [];
  private readonly initial: OpenFence | undefined;

  constructor(text: string, start: number, hardEnd: number, openAtStart: OpenFence | undefined, maxLength: number) {
    this.initial = openAtStart;
    let open = openAtStart;
    let lineStart = start;
    for (;;) {
      const ticks = text.indexOf('```', lineStart);
      if (ticks === -1 || ticks >= hardEnd) break;
      const newline = text.indexOf('\n', ticks);
      if (newline === -1 || newline >= hardEnd) break;
      const from = Math.max(lineStart, text.lastIndexOf('\n', ticks) + 1);
      const next = reopenable(fenceAfterLine(text.slice(from, newline), open), maxLength);
      if (next !== open) {
        this.positions.push(newline + 1);
        this.states.push(next);
        open = next;
      }
      lineStart = newline + 1;
    }
  }

  /** The block open at `end`: after every line finished before it. */
  stateAt(end: number): OpenFence | undefined {
    for (let index = this.positions.length - 1; index >= 0; index -= 1) {
      if (this.positions[index]! <= end) return this.states[index];
    }
    return this.initial;
  }
}

/**
 * The block as it will be closed and reopened, or undefined for fences too long to repeat
 * in a message (then the block is left as it is, which is all that can be done).
 */
function reopenable(open: OpenFence | undefined, maxLength: number): OpenFence | undefined {
  if (open === undefined) return undefined;
  const room = maxLength / 4;
  if (reopenLine(open).length + open.ticks.length + 1 <= room) return open;
  const bare: OpenFence = { ticks: open.ticks, info: '' };
  return bare.ticks.length * 2 + 2 <= room ? bare : undefined;
}

/**
 * Cuts messages off a growing text. `update(text)` with ever longer versions of one text
 * finishes every message that can no longer hold the rest; the pieces it made never change.
 */
export class MessageSplitter {
  /** The most characters per message. */
  readonly maxLength: number;
  /** Finished messages, in order. */
  readonly pieces: MessagePiece[] = [];
  private currentStart = 0;
  private currentPrefix = '';
  private currentOpen: OpenFence | undefined;

  constructor(maxLength: number = DISCORD_MESSAGE_LIMIT) {
    if (!Number.isInteger(maxLength) || maxLength < 16) throw new RangeError('maxLength must be an integer ≥ 16');
    this.maxLength = maxLength;
  }

  /** Where the unfinished last message starts in the text. */
  get start(): number {
    return this.currentStart;
  }

  /** The reopening line the unfinished last message starts with, or ''. */
  get prefix(): string {
    return this.currentPrefix;
  }

  /** The code block open where the unfinished last message starts. */
  get open(): OpenFence | undefined {
    return this.currentOpen;
  }

  /** Finishes messages until the rest of `text` fits in one. */
  update(text: string): void {
    while (this.currentPrefix.length + text.length - this.currentStart > this.maxLength) {
      if (this.currentPrefix === '') {
        const visible = firstVisibleAt(text, this.currentStart, text.length);
        // only whitespace so far: it may yet turn out too long for a message, so wait and see
        if (visible === -1) return;
        if (visible - this.currentStart >= this.maxLength) {
          this.currentStart = visible;
          continue;
        }
      }
      const cut = cutMessage(text, this.currentStart, this.currentPrefix, this.currentOpen, this.maxLength);
      this.pieces.push(cut.piece);
      this.currentStart = cut.piece.end;
      this.currentPrefix = cut.nextPrefix;
      this.currentOpen = cut.nextOpen;
    }
  }

  /** The last message as it would be if `text` ended here. */
  lastPiece(text: string): MessagePiece {
    return { start: this.currentStart, end: text.length, prefix: this.currentPrefix, suffix: '' };
  }
}

/**
 * Splits a whole text into messages of at most `maxLength` characters, as the reply streamer
 * ends up showing it. Text that is empty or blank: none. Whitespace after the last cut gets no
 * message of its own (Discord refuses a blank one), so that piece is left out.
 */
export function splitForDiscord(text: string, maxLength: number = DISCORD_MESSAGE_LIMIT): MessagePiece[] {
  const splitter = new MessageSplitter(maxLength);
  splitter.update(text);
  const last = splitter.lastPiece(text);
  return firstVisibleAt(text, last.start, text.length) === -1 ? [...splitter.pieces] : [...splitter.pieces, last];
}

/** The message contents of `splitForDiscord(text, maxLength)`. */
export function splitMessages(text: string, maxLength: number = DISCORD_MESSAGE_LIMIT): string[] {
  return splitForDiscord(text, maxLength).map((piece) => pieceContent(text, piece));
}
