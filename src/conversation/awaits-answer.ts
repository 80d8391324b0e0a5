/**
 * The rule that keeps a thread from answering twice: a conversation is answered only while its
 * newest turn is a person's. Turns of one thread are queued, and a turn that was waiting may
 * find that the turn before it already read and answered its messages (two people posting at
 * the same instant both land in the first turn's history); answering again would be an answer
 * nobody asked for.
 */
import { isPersonTurn } from './history.ts';
import type { ThreadMessage } from './thread-message.ts';

/**
 * Whether the newest turn of `messages` (oldest first, each answer after the messages it
 * answered — see `orderAnswersAfterQuestions`) is a person's. Messages that are no turn (empty,
 * or other bots' unless `includeOtherBots`) are looked past. Any message of this bot counts as
 * having answered, even a note with no answer text (a failure, an unknown model): a failed
 * answer is not retried by a later turn of the same batch.
 */
export function awaitsAnswer(messages: readonly ThreadMessage[], options: { includeOtherBots?: boolean } = {}): boolean {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index]!;
    if (message.isFromThisBot) return false;
    if (isPersonTurn(message, options.includeOtherBots === true)) return true;
  }
  return false;
}
