/** A bot thread as `/ask` leaves it: its record in the store, and its channel as a message source. */
import type { ThreadRecord, ThreadRecordInput } from '../../../src/store/store.ts';
import type { Store } from '../../../src/store/store-port.ts';
import { FakeMessageSource } from './fake-message-source.ts';
import { ada, botUserId, channelId, guildId } from './people.ts';

/** The thread's opening `/ask`, unless a test says otherwise. */
export const OPENING_PROMPT = 'What is the capital of France?';
export const OPENING_ANSWER = 'Paris.';

/** Records a thread opened by Ada's `/ask` (answered with gpt-4o-mini) and returns it with its channel. */
export async function openBotThread(store: Store, fields: Partial<ThreadRecordInput> = {}): Promise<{ thread: FakeMessageSource; record: ThreadRecord }> {
  const thread = new FakeMessageSource(botUserId);
  await store.saveThread({
    threadId: thread.id,
    guildId,
    channelId,
    modelId: 'openai/gpt-4o-mini',
    prompt: OPENING_PROMPT,
    createdBy: ada.id,
    createdByName: ada.name,
    firstAnswer: OPENING_ANSWER,
    createdAt: 1_700_000_000_000,
    ...fields,
  });
  return { thread, record: (await store.getThread(thread.id))! };
}
