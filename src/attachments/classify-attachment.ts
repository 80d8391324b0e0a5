/**
 * What a model is given for one attached file, from its bytes: an image part (png, jpeg, webp,
 * gif by their magic bytes), the text of a text file with its name, or a one-line note naming
 * the file so the model knows it exists. Pure: the bot (Discord attachments) and the CLI
 * (`--image`, `--file`) both use it on bytes they already hold.
 */
import type { FileTextPart, ImagePart, TextPart } from '../model/chat-message.ts';
import { formatByteSize } from './byte-size.ts';
import { detectImageType } from './image-type.ts';
import { decodeUtf8Text, looksLikeTextFile } from './text-file.ts';

/** A file as attached: its name, its declared content type when known, and its bytes. */
export interface AttachedFile {
  /** The file name, e.g. `photo.png` or `report.pdf`. */
  name: string;
  /** The content type the sender declared (Discord's `content_type`); only a hint. */
  contentType?: string;
  /** The whole file. */
  bytes: Uint8Array;
}

/** The most a text file may hold to be inlined; a bigger one is named, not read. */
export interface ClassifyLimits {
  /** Bytes of the largest text file inlined whole. */
  maxTextFileBytes: number;
}

/** What a file became. */
export type AttachmentReading =
  | { kind: 'image'; part: ImagePart }
  | { kind: 'file-text'; part: FileTextPart }
  /** Neither an image nor readable text within the cap: the note names it. */
  | { kind: 'not-read'; reason: 'not-text' | 'too-large'; part: TextPart };

/** Reads one attached file (see the module comment). */
export function classifyAttachment(file: AttachedFile, limits: ClassifyLimits): AttachmentReading {
  const mediaType = detectImageType(file.bytes);
  if (mediaType !== undefined) return { kind: 'image', part: { type: 'image', mediaType, data: file.bytes, name: file.name } };
  if (!looksLikeTextFile(file.name, file.contentType)) return notRead(file, 'not-text');
  if (file.bytes.byteLength > limits.maxTextFileBytes) return notRead(file, 'too-large');
  const text = decodeUtf8Text(file.bytes);
  if (text === undefined) return notRead(file, 'not-text');
  return { kind: 'file-text', part: { type: 'file-text', name: file.name, text } };
}

/** The note for a file the model is not given: `[report.pdf, 2.1 MB, not read]`. */
export function unreadFileNote(name: string, byteSize: number): TextPart {
  return { type: 'text', text: `[${name}, ${formatByteSize(byteSize)}, not read]` };
}

/** The note for a file that could not be fetched (refused origin, CDN error, time-out): `[photo.png, could not be fetched]`. */
export function unfetchedFileNote(name: string): TextPart {
  return { type: 'text', text: `[${name}, could not be fetched]` };
}

function notRead(file: AttachedFile, reason: 'not-text' | 'too-large'): AttachmentReading {
  return { kind: 'not-read', reason, part: unreadFileNote(file.name, file.bytes.byteLength) };
}
