import type { ControlledSink } from './streaming-controls.ts';

/** A replacing sink, and what it did to the old answer. */
export interface ReplacingSink extends ControlledSink {
  /** The old messages the new answer did not need, for the caller to delete (none while the old answer still shows). */
  unused(): string[];
  /** Whether the old answer is still in view: the new one wrote no answer text over it. */
  keptOldAnswer(): boolean;
}

/**
 * A sink that writes a new answer into an old answer's messages: the reply's first `create`s
 * edit the old messages in order (so the answer keeps its place, and its first message its id),
 * later ones post new messages. Until the new answer has text, nothing is written: its status
 * writes (a reasoning model thinking, a failure before any text) leave the old answer in view,
 * so a rerun that fails loses nothing. `unused()` then names the old messages the new answer did
 * not need.
 */
export function replacingSink(sink: ControlledSink, oldMessageIds: readonly string[]): ReplacingSink {
  let created = 0;
  let holding = false;
  let wroteText = false;
  const first = oldMessageIds[0];
  const wrapped: ReplacingSink = {
    async create(content, meta) {
      const old = oldMessageIds[created];
      if (created === 0 && first !== undefined && meta.status === true) {
        // the old first message stands for this one until text comes
        holding = true;
        created = 1;
        return { messageId: first };
      }
      const result = old === undefined ? await sink.create(content, meta) : await sink.edit(old, content, meta);
      created += 1;
      wroteText = true;
      return result;
    },
    async edit(messageId, content, meta) {
      if (holding && messageId === first && meta.status === true) return { messageId };
      const result = await sink.edit(messageId, content, meta);
      if (messageId === first) holding = false;
      wroteText = true;
      return result;
    },
    showControls: (messageId, controls) => sink.showControls(messageId, controls),
    unused: () => (wroteText ? oldMessageIds.slice(created) : []),
    keptOldAnswer: () => !wroteText,
  };
  if (sink.waitForTurn !== undefined) wrapped.waitForTurn = (urgent, wait) => sink.waitForTurn!(urgent, wait);
  return wrapped;
}
