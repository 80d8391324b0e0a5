/**
 * What attachments were read as, by attachment id, bounded by memory: a thread's history is
 * rebuilt for every turn, and without it each turn would fetch every image of the thread again.
 * An attachment id names one file forever (an edit can remove a file, never change it), so an
 * entry never goes stale; the least recently used go first when the bound is reached.
 */
import type { AttachmentReading } from './classify-attachment.ts';

/** Bytes an entry is counted as beyond its content (the map entry, the part object). */
const ENTRY_OVERHEAD_BYTES = 200;

/** A least-recently-used map of readings, holding at most `maxBytes` of them. */
export class AttachmentCache {
  readonly #maxBytes: number;
  readonly #entries = new Map<string, { reading: AttachmentReading; bytes: number }>();
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The bound, in bytes. */
  get maxBytes(): number {
    return this.#maxBytes;
  }

  /** The bytes held now (never above `maxBytes`). */
  get bytes(): number {
    return this.#bytes;
  }

  /** How many readings are held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The reading of an attachment, marking it recently used. */
  get(attachmentId: string): AttachmentReading | undefined {
    const entry = this.#entries.get(attachmentId);
    if (entry === undefined) return undefined;
    this.#entries.delete(attachmentId);
    this.#entries.set(attachmentId, entry);
    return entry.reading;
  }

  /** Keeps a reading, evicting the least recently used; one bigger than the whole bound is not kept. */
  set(attachmentId: string, reading: AttachmentReading): void {
    this.#remove(attachmentId);
    const bytes = readingBytes(reading);
    if (bytes > this.#maxBytes) return;
    for (const [oldestId] of this.#entries) {
      if (this.#bytes + bytes <= this.#maxBytes) break;
      this.#remove(oldestId);
    }
    this.#entries.set(attachmentId, { reading, bytes });
    this.#bytes += bytes;
  }

  #remove(attachmentId: string): void {
    const entry = this.#entries.get(attachmentId);
    if (entry === undefined) return;
    this.#entries.delete(attachmentId);
    this.#bytes -= entry.bytes;
  }
}

/** What a reading holds in memory: an image's bytes, a text's UTF-16 units. */
function readingBytes(reading: AttachmentReading): number {
  const part = reading.part;
  const content = part.type === 'image' ? part.data.byteLength : 2 * (part.text.length + (part.type === 'file-text' ? part.name.length : 0));
  return ENTRY_OVERHEAD_BYTES + content;
}
