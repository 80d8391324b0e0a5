import type { ThreadMessage } from './thread-message.ts';

/**
 * Puts each of the bot's answers right after the message it answered. Discord orders messages
 * by creation, and an answer's message is created at its first token — so messages people send
 * while the model is still thinking land before the answer they did not prompt. Left like that,
 * the next turn would end with the bot speaking, and the model would see its own answer as the
 * reply to questions it never saw. `anchors` maps an answer's first message id to the id of the
 * newest message when its turn began; answers without one keep their place.
 */
export function orderAnswersAfterQuestions(messages: readonly ThreadMessage[], anchors: ReadonlyMap<string, string>): ThreadMessage[] {
  const ordered = [...messages];
  for (let index = 0; index < ordered.length; index += 1) {
    const message = ordered[index];
    const anchorId = message === undefined || !message.isFromThisBot ? undefined : anchors.get(message.id);
    if (anchorId === undefined) continue;
    const anchorIndex = ordered.findIndex((candidate) => candidate.id === anchorId);
    // already in place (right after its anchor or after its own earlier parts), or anchor gone
    if (anchorIndex === -1 || anchorIndex >= index - 1) continue;
    let end = index + 1;
    while (end < ordered.length && ordered[end]?.isFromThisBot === true && !anchors.has(ordered[end]?.id ?? '')) end += 1;
    const block = ordered.splice(index, end - index);
    ordered.splice(anchorIndex + 1, 0, ...block);
    index = anchorIndex + block.length;
  }
  return ordered;
}
