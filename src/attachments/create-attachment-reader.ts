import type { AttachmentSettings } from '../config/bot-config.ts';
import { AttachmentCache } from './attachment-cache.ts';
import { AttachmentReader } from './read-attachments.ts';

/** The bot's one attachment reader, with its memory-bounded cache, from its settings. */
export function createAttachmentReader(settings: AttachmentSettings): AttachmentReader {
  return new AttachmentReader({
    fetch: { allowedOrigins: settings.allowedOrigins, maxBytes: settings.maxFileBytes, timeoutMs: settings.fetchTimeoutMs },
    maxMessageBytes: settings.maxMessageBytes,
    maxTextFileBytes: settings.maxTextFileBytes,
    historyMaxImages: settings.historyMaxImages,
    historyMaxBytes: settings.historyMaxBytes,
    cache: new AttachmentCache(settings.cacheBytes),
  });
}
