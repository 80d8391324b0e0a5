/**
 * Undoing what the reply streamer does to an answer when it shows it in Discord, so that the
 * history gives the model its own words back.
 *
 * The streamer's conventions this relies on (keep the two in step):
 * - An answer over 2,000 characters continues in new messages; the concatenation of the
 *   messages is the answer, except for fence lines added at the cuts.
 * - A cut inside an open code fence ends the message with a line "```" (after a line break,
 *   added when the text before the cut does not end with one) and starts the next message with
 *   a line "```lang" (the open fence's info string, possibly empty) and a line break.
 * - When an answer fails, is stopped or interrupted, its last message ends with a status note:
 *   a final line starting with "-# " (Discord's small text). The text before it is kept.
 */

/** The prefix of the streamer's status notes ("-# answer cut short: …"). */
export const STATUS_NOTE_PREFIX = '-# ';

const CLOSING_FENCE_AT_END = '\n```';
const REOPENING_FENCE_AT_START = /^```[^`\n]*\n/;

/**
 * Joins the messages of one answer back into its text, removing each fence pair the streamer
 * added at a cut: a message ending with a line "```" followed by one starting with "```lang".
 *
 * Only the three backticks of the closing line are removed, never the line break before them:
 * when the streamer cut after a line break (the usual cut inside code) the result is exact;
 * after a cut inside a line it keeps one extra line break, which changes no word.
 */
export function joinSplitMessages(parts: readonly string[]): string {
  let text = parts[0] ?? '';
  for (const part of parts.slice(1)) {
    const reopening = REOPENING_FENCE_AT_START.exec(part);
    if (reopening !== null && text.endsWith(CLOSING_FENCE_AT_END)) {
      text = text.slice(0, -3) + part.slice(reopening[0].length);
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
