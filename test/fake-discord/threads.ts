import { ChannelKind, MessageKind } from './constants.ts';
import { discordErrors, invalidFormBody, type FieldError } from './errors.ts';
import type { FakeState } from './state.ts';
import type { FakeChannel, StoredMessage } from './types.ts';

/** Auto-archive durations Discord accepts, in minutes. */
export const AUTO_ARCHIVE_DURATIONS = [60, 1440, 4320, 10080] as const;
const DEFAULT_AUTO_ARCHIVE_DURATION = 4320;

/** Checks a thread name (1–100 characters) and auto-archive duration; 50035 otherwise. */
export function validateThreadInput(body: unknown, options: { nameRequired: boolean }): { name?: string; autoArchiveDuration?: number } {
  const fields = (body ?? {}) as Record<string, unknown>;
  const errors: Record<string, FieldError[]> = {};
  const name = fields['name'];
  if (name === undefined || name === null) {
    if (options.nameRequired) errors['name'] = [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }];
  } else if (typeof name !== 'string' || name.length < 1 || name.length > 100) {
    errors['name'] = [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }];
  }
  const duration = fields['auto_archive_duration'];
  if (duration !== undefined && duration !== null && !AUTO_ARCHIVE_DURATIONS.includes(duration as 60)) {
    errors['auto_archive_duration'] = [
      { code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${AUTO_ARCHIVE_DURATIONS.join(', ')}}.` },
    ];
  }
  if (Object.keys(errors).length > 0) throw invalidFormBody(errors);
  return {
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof duration === 'number' ? { autoArchiveDuration: duration } : {}),
  };
}

/**
 * Starts a public thread from a message, as Discord does: the thread takes the message's id,
 * a message can have one thread only (160004), and the thread opens with a system message
 * (type 21) pointing at the starter message.
 */
export function startThreadFromMessage(
  state: FakeState,
  input: { channel: FakeChannel; message: StoredMessage; name: string; ownerId: string; autoArchiveDuration?: number; route: string },
): FakeChannel {
  const { channel, message } = input;
  if (channel.type !== ChannelKind.GuildText) throw discordErrors.wrongChannelType();
  if (message.threadId) throw discordErrors.threadAlreadyCreated();
  const thread = state.createThread({
    parentId: channel.id,
    name: input.name,
    ownerId: input.ownerId,
    type: ChannelKind.PublicThread,
    autoArchiveDuration: input.autoArchiveDuration ?? DEFAULT_AUTO_ARCHIVE_DURATION,
    starterMessageId: message.id,
  });
  state.createMessage({
    channelId: thread.id,
    authorId: message.authorId,
    type: MessageKind.ThreadStarterMessage,
    content: '',
    embeds: [],
    components: [],
    attachments: [],
    flags: 0,
    allowedMentions: null,
    reference: { messageId: message.id, channelId: channel.id, guildId: channel.guildId },
    route: input.route,
  });
  return thread;
}

/** Starts a thread with no starter message (`POST /channels/:id/threads`). */
export function startStandaloneThread(
  state: FakeState,
  input: { channel: FakeChannel; name: string; ownerId: string; type: number; autoArchiveDuration?: number },
): FakeChannel {
  if (input.channel.type !== ChannelKind.GuildText) throw discordErrors.wrongChannelType();
  return state.createThread({
    parentId: input.channel.id,
    name: input.name,
    ownerId: input.ownerId,
    type: input.type,
    autoArchiveDuration: input.autoArchiveDuration ?? DEFAULT_AUTO_ARCHIVE_DURATION,
    starterMessageId: null,
  });
}
