import type { HistoryCache } from '../conversation/history-cache.ts';
import type { MessageSink } from '../reply/message-sink.ts';
import { observedSink } from '../reply/observed-sink.ts';
import { botMessage } from '../conversation/thread-message.ts';

/** A conversation reply's sink (a thread's or a DM's) that knows the last content it wrote to each message. */
export interface RememberedSink {
  /** The sink to give the reply streamer. */
  sink: MessageSink;
  /** Puts each message's final content into the history cache; call once the reply is final. */
  remember(cache: HistoryCache, threadId: string, botUserId: string): void;
}

/**
 * Wraps a conversation reply's sink so that, once the reply is final, the history cache holds the
 * final text of each of its messages at once — without waiting for the gateway's
 * MESSAGE_UPDATE, which may come after the next turn has already read the history (and would
 * then show the model its own answer with the "still writing" marker).
 */
export function rememberedSink(sink: MessageSink): RememberedSink {
  const finalContents = new Map<string, string>();
  return {
    sink: observedSink(sink, (messageId, content) => finalContents.set(messageId, content)),
    remember(cache, threadId, botUserId) {
      const now = Date.now();
      for (const [id, content] of finalContents) {
        cache.onMessageCreated(threadId, { ...botMessage(id, content, now, botUserId), editedAt: now });
      }
    },
  };
}
