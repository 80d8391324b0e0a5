/**
 * The model's reasoning as the reply shows it inline (`reasoningDisplay: 'inline'`): a heading
 * line, then the reasoning quoted line by line (`> `), built as the reasoning streams in.
 *
 * The block only ever grows at its end, as the reply's splitter needs (messages already cut never
 * change): a line break is written only once something follows it, so the block never ends on an
 * empty quoted line, and leading whitespace is dropped so that reasoning of only whitespace shows
 * nothing. Quoted lines never open a code block for the splitter (a fence must start its line), so
 * fences in the reasoning cannot unbalance the answer's.
 *
 * The block holds at most `maxLength` characters; past that it ends with an ellipsis, as a long
 * reasoning would otherwise take the reply's message cap before the answer has begun.
 *
 * A reasoning line longer than `lineWidth` is wrapped onto further quoted lines (at a space past
 * three quarters of the width, else at the width), so that the splitter, which prefers a line
 * break in the second half of a message, never cuts a message inside a quoted line: a
 * continuation message of the block then begins quoted too, instead of reading as the answer.
 */
import { DISCORD_MESSAGE_LIMIT } from './split.ts';

/** What the block ends with when the reasoning was longer than it may show. */
export const INLINE_REASONING_ELLIPSIS = ' …';
/** What separates the block from the answer below it. */
export const INLINE_REASONING_SEPARATOR = '\n\n';
const QUOTE = '> ';
const NOT_SPACE = /\S/;

/**
 * The widest quoted line for messages of `messageLimit` characters: less than the half of a
 * message in which the splitter looks for a line break, so that every message has one there.
 */
export function inlineReasoningLineWidth(messageLimit: number): number {
  return Math.max(8, Math.floor(messageLimit * 0.4));
}

export class InlineReasoningBlock {
  private readonly heading: string;
  private readonly maxLength: number;
  private readonly lineWidth: number;
  private readonly softWidth: number;
  private content = '';
  private pendingLineBreaks = 0;
  /** Characters of reasoning on the quoted line being written (its quote mark not counted). */
  private lineLength = 0;
  private full = false;

  /**
   * `heading` is the line above the quote (e.g. `-# 💭 Reasoning`); `lineWidth` the longest quoted
   * line, by default `inlineReasoningLineWidth` of Discord's message limit.
   */
  constructor(heading: string, maxLength: number, lineWidth = inlineReasoningLineWidth(DISCORD_MESSAGE_LIMIT)) {
    this.heading = heading;
    this.maxLength = maxLength;
    this.lineWidth = Math.max(2, lineWidth);
    this.softWidth = Math.floor(this.lineWidth * 0.75);
  }

  /** The block so far; '' until the reasoning shows something. */
  get text(): string {
    return this.content;
  }

  /** Whether the block shows anything (then the answer goes below it, after the separator). */
  get visible(): boolean {
    return this.content !== '';
  }

  /** Adds reasoning text, exactly as the model produced it. */
  append(delta: string): void {
    if (this.full) return;
    const lines = delta.split('\n');
    for (let index = 0; index < lines.length; index += 1) {
      if (index > 0) this.pendingLineBreaks += 1;
      let line = lines[index]!;
      if (line === '') continue;
      if (this.content === '') {
        // nothing shown yet: leading whitespace shows nothing either
        if (!NOT_SPACE.test(line)) continue;
        line = line.trimStart();
        this.pendingLineBreaks = 0;
        if (!this.add(`${this.heading}\n${QUOTE}`, false)) return;
        this.lineLength = 0;
      }
      if (this.pendingLineBreaks > 0) {
        if (!this.add(`\n${QUOTE}`.repeat(this.pendingLineBreaks), false)) return;
        this.pendingLineBreaks = 0;
        this.lineLength = 0;
      }
      if (!this.addWrapped(line)) return;
    }
  }

  /** Appends a piece of one reasoning line, wrapping it onto new quoted lines past `lineWidth`; false once full. */
  private addWrapped(piece: string): boolean {
    let rest = piece;
    for (;;) {
      // the first space once the line reached its soft width ends it (the line break replaces it),
      // else the line ends at its width
      const space = rest.indexOf(' ', Math.max(0, this.softWidth - this.lineLength));
      const widthAt = this.lineWidth - this.lineLength;
      let end: number;
      let skip = 0;
      if (space !== -1 && space <= widthAt) {
        end = space;
        skip = 1;
      } else if (rest.length > widthAt) {
        end = widthAt;
        // never between the two halves of a surrogate pair: the line takes the second half too
        // (decided by the unit after the width, so the block is the same however the deltas fall)
        const code = rest.charCodeAt(end);
        if (code >= 0xdc00 && code <= 0xdfff) end += 1;
      } else break;
      if (!this.add(rest.slice(0, end), true) || !this.add(`\n${QUOTE}`, false)) return false;
      this.lineLength = 0;
      rest = rest.slice(end + skip);
    }
    if (!this.add(rest, true)) return false;
    this.lineLength += rest.length;
    return true;
  }

  /** Keeps the first `length` characters only (the reply's message cap fell inside the block). */
  cut(length: number): void {
    if (length >= this.content.length) return;
    this.content = this.content.slice(0, length);
    this.full = true;
  }

  /**
   * Appends `piece`, or (`divisible`: reasoning text, not a heading or a line's quote mark) as
   * much of it as fits, then the ellipsis; false once the block is full. A line break is never
   * written without its quote mark, so the ellipsis always ends a quoted line.
   */
  private add(piece: string, divisible: boolean): boolean {
    const room = this.maxLength - INLINE_REASONING_ELLIPSIS.length - this.content.length;
    if (piece.length <= room) {
      this.content += piece;
      return true;
    }
    this.full = true;
    // a block that could not even show its heading shows nothing
    if (this.content === '') return false;
    let end = divisible ? Math.max(0, room) : 0;
    // never end between the two halves of a surrogate pair
    const code = piece.charCodeAt(end - 1);
    if (end > 0 && code >= 0xd800 && code <= 0xdbff) end -= 1;
    this.content += piece.slice(0, end) + INLINE_REASONING_ELLIPSIS;
    return false;
  }
}
