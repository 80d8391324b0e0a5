import { pieceContent, type MessagePiece } from './split.ts';

/** Room kept beside the note for its blank line and a closing code fence. */
const NOTE_MARGIN = 16;
const WHITESPACE = /\s/;

/**
 * The answer cut after `last`, the last message a reply may take, so that the note saying it was
 * cut fits in that message too: when the message is too full for the note, the cut moves back to
 * the last whitespace before the room the note needs (or, in a run without any, to a point that
 * does not split a surrogate pair).
 */
export function capAtMessage(text: string, last: MessagePiece, noteLength: number, maxLength: number): string {
  const over = pieceContent(text, last).length + noteLength + NOTE_MARGIN - maxLength;
  if (over <= 0) return text.slice(0, last.end);
  let end = Math.max(last.start + 1, last.end - over);
  let space = end;
  while (space > last.start && !WHITESPACE.test(text[space - 1]!)) space -= 1;
  if (space > last.start + 1) end = space - 1;
  else if (isLowSurrogate(text.charCodeAt(end))) end -= 1;
  return text.slice(0, end);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
