import type { HistoryCache } from '../conversation/history-cache.ts';
import type { MessageSink } from '../reply/message-sink.ts';

/** A thread reply's sink that knows the last content it wrote to each message. */
export interface RememberedSink {
  /** The sink to give the reply streamer. */
  sink: MessageSink;
  /** Puts each message's final content into the history cache; call once the reply is final. */
  remember(cache: HistoryCache, threadId: string, botUserId: string): void;
}

/**
 * Wraps a thread reply's sink so that, once the reply is final, the history cache holds the
 * final text of each of its messages at once — without waiting for the gateway's
 * MESSAGE_UPDATE, which may come after the next turn has already read the history (and would
 * then show the model its own answer with the "still writing" marker).
 */
export function rememberedSink(sink: MessageSink): RememberedSink {
  const finalContents = new Map<string, string>();
  return {
    sink: recording(sink, finalContents),
    remember(cache, threadId, botUserId) {
      const now = Date.now();
      for (const [id, content] of finalContents) {
        cache.onMessageCreated(threadId, { id, authorId: botUserId, authorName: 'Cordial', isFromThisBot: true, authorIsBot: true, content, createdAt: now, editedAt: now });
      }
    },
  };
}

function recording(sink: MessageSink, finalContents: Map<string, string>): MessageSink {
  const wrapped: MessageSink = {
    async create(content, meta) {
      const result = await sink.create(content, meta);
      finalContents.set(result.messageId, content);
      return result;
    },
    async edit(messageId, content, meta) {
      const result = await sink.edit(messageId, content, meta);
      finalContents.set(messageId, content);
      return result;
    },
  };
  const { waitForTurn, fallback } = sink;
  if (waitForTurn !== undefined) wrapped.waitForTurn = (urgent) => waitForTurn.call(sink, urgent);
  if (fallback !== undefined) {
    wrapped.fallback = () => {
      const other = fallback.call(sink);
      return other === undefined ? undefined : recording(other, finalContents);
    };
  }
  return wrapped;
}
