import type { ControlledSink } from './streaming-controls.ts';

/**
 * A sink that writes a new answer into an old answer's messages: the reply's first `create`s
 * edit the old messages in order (so the answer keeps its place, and its first message its id),
 * later ones post new messages. `unused()` then names the old messages the new answer did not
 * need, for the caller to delete.
 */
export function replacingSink(sink: ControlledSink, oldMessageIds: readonly string[]): ControlledSink & { unused(): string[] } {
  let created = 0;
  const wrapped: ControlledSink & { unused(): string[] } = {
    async create(content, meta) {
      const old = oldMessageIds[created];
      const result = old === undefined ? await sink.create(content, meta) : await sink.edit(old, content, meta);
      created += 1;
      return result;
    },
    edit: (messageId, content, meta) => sink.edit(messageId, content, meta),
    showControls: (messageId, controls) => sink.showControls(messageId, controls),
    unused: () => oldMessageIds.slice(created),
  };
  if (sink.waitForTurn !== undefined) wrapped.waitForTurn = (urgent) => sink.waitForTurn!(urgent);
  return wrapped;
}
