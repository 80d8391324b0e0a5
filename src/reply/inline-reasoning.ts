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
 */

/** What the block ends with when the reasoning was longer than it may show. */
export const INLINE_REASONING_ELLIPSIS = ' …';
/** What separates the block from the answer below it. */
export const INLINE_REASONING_SEPARATOR = '\n\n';
const QUOTE = '> ';
const NOT_SPACE = /\S/;

export class InlineReasoningBlock {
  private readonly heading: string;
  private readonly maxLength: number;
  private content = '';
  private pendingLineBreaks = 0;
  private full = false;

  /** `heading` is the line above the quote (e.g. `-# 💭 Reasoning`). */
  constructor(heading: string, maxLength: number) {
    this.heading = heading;
    this.maxLength = maxLength;
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
      }
      if (this.pendingLineBreaks > 0) {
        if (!this.add(`\n${QUOTE}`.repeat(this.pendingLineBreaks), false)) return;
        this.pendingLineBreaks = 0;
      }
      if (!this.add(line, true)) return;
    }
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
