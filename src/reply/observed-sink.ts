import type { MessageSink, WriteMeta } from './message-sink.ts';

/** Told of every write that succeeded: the message, what it now shows, and whether that is final. */
export type WriteObserver = (messageId: string, content: string, meta: WriteMeta) => void;

/**
 * `sink` as it is, except that `observe` hears of each successful write, including those made
 * through its fallback routes (so a reply that moves to another route stays observed).
 */
export function observedSink(sink: MessageSink, observe: WriteObserver): MessageSink {
  const wrapped: MessageSink = {
    async create(content, meta) {
      const result = await sink.create(content, meta);
      observe(result.messageId, content, meta);
      return result;
    },
    async edit(messageId, content, meta) {
      const result = await sink.edit(messageId, content, meta);
      observe(messageId, content, meta);
      return result;
    },
  };
  const { waitForTurn, fallback } = sink;
  if (waitForTurn !== undefined) wrapped.waitForTurn = (urgent, wait) => waitForTurn.call(sink, urgent, wait);
  if (fallback !== undefined) {
    wrapped.fallback = () => {
      const other = fallback.call(sink);
      return other === undefined ? undefined : observedSink(other, observe);
    };
  }
  return wrapped;
}
