/**
 * Reasoning is never sent back to the model. With REASONING_DISPLAY=inline an answer's messages
 * show it as a block above the answer (`src/reply/inline-reasoning.ts`), so the history must
 * take the block off the bot's own words again.
 *
 * The block's shape, as the reply streamer writes it (keep the two in step):
 * - a heading line starting with `INLINE_REASONING_HEADING_PREFIX` (`-# 💭 Reasoning`, in the
 *   reply's language);
 * - then the reasoning, every line quoted (`> `, an empty reasoning line as `> `);
 * - then a blank line and the answer (absent when no answer text came).
 * The quoted lines hold no line break of their own, and the block never holds a blank line, so
 * the first line that is not quoted ends it, even when the answer itself begins with a quote
 * (it comes after the blank line).
 *
 * A message left showing only the thinking status (`-# 💭 Thinking… 12 s`: a crash cut the reply
 * off before any answer text) starts with the same prefix and goes the same way.
 */

/** How the heading of inline reasoning (and the thinking status) begins, in every language. */
export const INLINE_REASONING_HEADING_PREFIX = '-# 💭';

const QUOTED_LINE = '> ';

/**
 * The bot's answer text without a leading inline-reasoning block or thinking status; any other
 * text is returned as it is. Takes the answer's messages already joined (`joinSplitMessages`):
 * a quoted line cut between two messages is whole again there.
 */
export function stripInlineReasoning(answer: string): string {
  if (!answer.startsWith(INLINE_REASONING_HEADING_PREFIX)) return answer;
  let lineStart = 0;
  // the heading, then every quoted line after it
  do {
    const lineEnd = answer.indexOf('\n', lineStart);
    if (lineEnd === -1) return '';
    lineStart = lineEnd + 1;
  } while (answer.startsWith(QUOTED_LINE, lineStart) || answer.startsWith(QUOTED_LINE.trimEnd() + '\n', lineStart));
  // the blank line between the block and the answer
  return answer.slice(lineStart).replace(/^\n+/, '');
}
