/**
 * Code fences as Discord (and CommonMark) see them: a line of three or more backticks opens a
 * code block, optionally followed by its language; a line of at least as many backticks and
 * nothing else closes it. Pure functions over strings.
 */

/** An open code block. */
export interface OpenFence {
  /** The backticks that opened it: "```", or longer when the block shows fences itself. */
  readonly ticks: string;
  /** What followed them on the opening line (the language), trimmed; '' when none. */
  readonly info: string;
}

const FENCE_LINE = /^[ \t]*(`{3,})([^`]*)$/;

/** The fence state after `line` (given without its line break), starting from `open`. */
export function fenceAfterLine(line: string, open: OpenFence | undefined): OpenFence | undefined {
  const match = FENCE_LINE.exec(line);
  if (match === null) return open;
  const ticks = match[1]!;
  const rest = match[2]!.trim();
  if (open === undefined) return { ticks, info: rest };
  return rest === '' && ticks.length >= open.ticks.length ? undefined : open;
}

/**
 * The fence state at `to`, starting at `from` in state `open`: every line that ends (with its
 * `\n`) before `to` counts; the unfinished line running into `to` counts only when
 * `includeUnfinishedLine` (the end of a text that is shown as it is now).
 */
export function fenceStateAt(
  text: string,
  from: number,
  to: number,
  open: OpenFence | undefined,
  includeUnfinishedLine = false,
): OpenFence | undefined {
  let lineStart = from;
  for (;;) {
    // only lines holding three backticks can change the state: jump from one to the next
    const ticks = text.indexOf('```', lineStart);
    if (ticks === -1 || ticks >= to) return open;
    const start = ticks === 0 ? 0 : Math.max(lineStart, text.lastIndexOf('\n', ticks - 1) + 1);
    const newline = text.indexOf('\n', ticks);
    if (newline === -1 || newline >= to) {
      return includeUnfinishedLine ? fenceAfterLine(text.slice(start, to), open) : open;
    }
    open = fenceAfterLine(text.slice(start, newline), open);
    lineStart = newline + 1;
  }
}

/** The line that reopens `open` at the top of the next message (language kept). */
export function reopenLine(open: OpenFence): string {
  return `${open.ticks}${open.info}\n`;
}

/** What closes `open` at the end of a message whose text ends with `endsWithNewline`. */
export function closeLine(open: OpenFence, endsWithNewline: boolean): string {
  return endsWithNewline ? open.ticks : `\n${open.ticks}`;
}
