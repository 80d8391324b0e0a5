/**
 * Turning a conversation's attachments into content parts for the model, within caps: the files
 * of one message (`maxMessageBytes`), and across the whole history a number of images
 * (`historyMaxImages`) and a byte budget (`historyMaxBytes`), spent newest message first so that
 * what was just sent is always read. What is not read is named in a note, never dropped
 * silently: the model should know a file was there. Readings are cached by attachment id, and
 * a file being fetched for one turn is not fetched again for another at the same time.
 */
import type { ContentPart } from '../model/chat-message.ts';
import { imageNote } from '../model/message-content.ts';
import type { MessageAttachment, ThreadMessage } from '../conversation/thread-message.ts';
import type { AttachmentCache } from './attachment-cache.ts';
import { classifyAttachment, unfetchedFileNote, unreadFileNote, type AttachmentReading } from './classify-attachment.ts';
import { fetchAttachment, type FetchLimits, type FetchResult } from './fetch-attachment.ts';
import { looksLikeTextFile } from './text-file.ts';

/** The caps and the fetching behind an `AttachmentReader`. */
export interface AttachmentReaderOptions {
  /** Origins, the per-file cap and the time-out of each fetch. */
  fetch: FetchLimits;
  /** The most bytes read from the files of one message. */
  maxMessageBytes: number;
  /** The largest text file inlined. */
  maxTextFileBytes: number;
  /** The most images of a whole history given to a model. */
  historyMaxImages: number;
  /** The most bytes of files of a whole history read. */
  historyMaxBytes: number;
  /** Readings by attachment id. */
  cache: AttachmentCache;
  /** How files are fetched (tests); `fetchAttachment` by default. */
  fetchFile?: (url: string, statedBytes: number, limits: FetchLimits) => Promise<FetchResult>;
}

/** What a history's attachments were read as. */
export interface HistoryAttachments {
  /** The parts of each message that has attachments, by message id. */
  parts: Map<string, ContentPart[]>;
  /**
   * Images of the newest turn (the messages after this bot's last one) that the model is not
   * given because it cannot see images: the reply says so.
   */
  imagesNotShown: string[];
}

const imageTypes = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
const imageExtensions = /\.(png|jpe?g|webp|gif)$/i;

/** Reads attachments into parts (see the module comment). */
export class AttachmentReader {
  readonly #options: AttachmentReaderOptions;
  readonly #inFlight = new Map<string, Promise<AttachmentReading | 'unfetched'>>();

  constructor(options: AttachmentReaderOptions) {
    this.#options = options;
  }

  /** The parts of every message of `messages` (oldest first) with attachments, within the history's caps. */
  async readHistory(messages: readonly ThreadMessage[], seesImages: boolean): Promise<HistoryAttachments> {
    const budget = { images: this.#options.historyMaxImages, bytes: this.#options.historyMaxBytes };
    const lastAnswer = messages.findLastIndex((message) => message.isFromThisBot);
    const reads: Promise<void>[] = [];
    const parts = new Map<string, ContentPart[]>();
    const imagesNotShown: string[] = [];
    for (let index = messages.length - 1; index >= 0; index -= 1) {
      const message = messages[index]!;
      if (message.isFromThisBot || message.attachments === undefined || message.attachments.length === 0) continue;
      const plan = this.#plan(message.attachments, seesImages, budget);
      if (index > lastAnswer) imagesNotShown.push(...plan.notShown);
      reads.push(this.#read(plan.steps, seesImages).then((read) => void parts.set(message.id, read)));
    }
    await Promise.all(reads);
    return { parts, imagesNotShown: imagesNotShown.reverse() };
  }

  /** The parts of one message's attachments (an `/ask` option), within one message's caps. */
  async readMessage(attachments: readonly MessageAttachment[], seesImages: boolean): Promise<{ parts: ContentPart[]; imagesNotShown: string[] }> {
    const budget = { images: this.#options.historyMaxImages, bytes: this.#options.historyMaxBytes };
    const plan = this.#plan(attachments, seesImages, budget);
    return { parts: await this.#read(plan.steps, seesImages), imagesNotShown: plan.notShown };
  }

  /**
   * Decides, from what Discord states (type, name, size), which files to fetch: images the model
   * sees while the image count lasts, text files up to the text cap; each within what is left of
   * the message's and the history's bytes. The rest get their note without a request.
   */
  #plan(attachments: readonly MessageAttachment[], seesImages: boolean, budget: { images: number; bytes: number }): { steps: (MessageAttachment | ContentPart)[]; notShown: string[] } {
    let messageBytes = this.#options.maxMessageBytes;
    const steps: (MessageAttachment | ContentPart)[] = [];
    const notShown: string[] = [];
    for (const attachment of attachments) {
      const isImage = imageTypes.has(attachment.contentType?.split(';', 1)[0]?.trim() ?? '') || imageExtensions.test(attachment.name);
      const fits = attachment.byteSize <= Math.min(messageBytes, budget.bytes);
      if (isImage && !seesImages) {
        notShown.push(attachment.name);
        steps.push({ type: 'text', text: imageNote(attachment) });
      } else if (isImage && (budget.images === 0 || !fits)) {
        steps.push({ type: 'text', text: imageNote(attachment) });
      } else if (!isImage && (!looksLikeTextFile(attachment.name, attachment.contentType) || attachment.byteSize > this.#options.maxTextFileBytes || !fits)) {
        steps.push(unreadFileNote(attachment.name, attachment.byteSize));
      } else {
        if (isImage) budget.images -= 1;
        budget.bytes -= attachment.byteSize;
        messageBytes -= attachment.byteSize;
        steps.push(attachment);
      }
    }
    return { steps, notShown };
  }

  async #read(steps: readonly (MessageAttachment | ContentPart)[], seesImages: boolean): Promise<ContentPart[]> {
    const parts = await Promise.all(steps.map(async (step): Promise<ContentPart> => {
      if ('type' in step) return step;
      const reading = await this.#reading(step);
      if (reading === 'unfetched') return unfetchedFileNote(step.name);
      // a file whose bytes are an image, though its name and type did not say so
      if (reading.kind === 'image' && !seesImages) return { type: 'text', text: imageNote(step) };
      return reading.part;
    }));
    return parts;
  }

  /** A file's reading, from the cache, a fetch under way, or a new fetch. */
  #reading(attachment: MessageAttachment): Promise<AttachmentReading | 'unfetched'> {
    const cached = this.#options.cache.get(attachment.id);
    if (cached !== undefined) return Promise.resolve(cached);
    const running = this.#inFlight.get(attachment.id);
    if (running !== undefined) return running;
    const fetchFile = this.#options.fetchFile ?? fetchAttachment;
    const reading = fetchFile(attachment.url, attachment.byteSize, this.#options.fetch).then(
      (result): AttachmentReading | 'unfetched' => {
        if (!result.ok) return 'unfetched';
        const read = classifyAttachment({ name: attachment.name, bytes: result.bytes, ...(attachment.contentType === undefined ? {} : { contentType: attachment.contentType }) }, { maxTextFileBytes: this.#options.maxTextFileBytes });
        this.#options.cache.set(attachment.id, read);
        return read;
      },
      // a fetcher that throws is a file not fetched, like any other failure: the answer goes on
      (): 'unfetched' => 'unfetched',
    );
    this.#inFlight.set(attachment.id, reading);
    void reading.finally(() => this.#inFlight.delete(attachment.id));
    return reading;
  }
}
