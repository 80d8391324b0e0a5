/**
 * Undoing what the reply streamer does to an answer when it shows it in Discord, so that the
 * history gives the model its own words back.
 *
 * The streamer's conventions this relies on (keep the two in step):
 * - An answer over 2,000 characters continues in new messages; the concatenation of the
 *   messages is the answer, except for fence lines added at the cuts.
 * - A cut inside an open code fence ends the message with a line of the fence's backticks ("```",
 *   or more for a block that shows fences itself; after a line break, added when the text
 *   before the cut does not end with one) and starts the next message with those backticks,
 *   the fence's info string (possibly empty) and a line break (`closeLine` / `reopenLine` in
 *   `src/reply/fences.ts`).
 * - When an answer fails, is stopped or interrupted, its last message ends with a status note:
 *   a final line starting with "-# " (Discord's small text). The text before it is kept.
 */

/** The prefix of the streamer's status notes ("-# answer cut short: …"). */
export const STATUS_NOTE_PREFIX = '-# ';

const REOPENING_FENCE_AT_START = /^(`{3,})[^`\n]*\n/;

/**
 * Joins the messages of one answer back into its text, removing each fence pair the streamer
 * added at a cut: a message ending with a line of backticks followed by one starting with the
 * same backticks and an info string.
 *
 * Only the backticks of the closing line are removed, never the line break before them:
 * when the streamer cut after a line break (the usual cut inside code) the result is exact;
 * after a cut inside a line it keeps one extra line break, which changes no word.
 */
export function joinSplitMessages(parts: readonly string[]): string {
  let text = parts[0] ?? '';
  for (const part of parts.slice(1)) {
    const reopening = REOPENING_FENCE_AT_START.exec(part);
    const ticks = reopening?.[1];
    if (reopening !== null && ticks !== undefined && text.endsWith(`\n${ticks}`)) {
      text = text.slice(0, -ticks.length) + part.slice(reopening[0].length);
    } else {
      text += part;
    }
  }
  return text;
}

/** A message with its status note taken off. */
export interface StrippedMessage {
  /** The text without the note (trailing whitespace removed when a note was there). */
  text: string;
  /** Whether the message ended with a status note, which also ends its answer. */
  hadStatusNote: boolean;
}

/** Removes a final "-# …" status note line of the streamer, keeping the partial text before it. */
export function stripStatusNote(content: string): StrippedMessage {
  const lastLineStart = content.lastIndexOf('\n') + 1;
  if (!content.startsWith(STATUS_NOTE_PREFIX, lastLineStart)) return { text: content, hadStatusNote: false };
  return { text: content.slice(0, lastLineStart).trimEnd(), hadStatusNote: true };
}
