import { MessageFlag, MessageKind, Permission } from '../constants.ts';
import { discordErrors, invalidFormBody } from '../errors.ts';
import { isEmpty, parseMessageEdit, parseNewMessage } from '../message-input.ts';
import { readableMessagePayload } from '../message-visibility.ts';
import { compareSnowflakes } from '../snowflake.ts';
import { latestVersion, mergeEdit, type MessageDraft } from '../state.ts';
import type { FakeChannel, StoredMessage } from '../types.ts';
import {
  botHas,
  noContent,
  ok,
  requireBotAccess,
  requireBotPermission,
  requireTextChannel,
  type FakeRouter,
  type FakeServices,
} from './route-kit.ts';

const DEFAULT_HISTORY_LIMIT = 50;
const MAX_HISTORY_LIMIT = 100;

/** Channel message routes: history, fetch one, create, edit, delete, typing. */
export function registerMessageRoutes(router: FakeRouter, services: FakeServices): void {
  const { state } = services;

  /** A message as the bot may read it over REST (blanked without the approved intent). */
  const readable = (message: StoredMessage) => readableMessagePayload(services.payloadContext, message, services.messageContentGranted);

  /** A public (non-ephemeral) message of this channel, or 10008. */
  const messageInChannel = (channel: FakeChannel, messageId: string): StoredMessage => {
    const message = state.requireMessage(messageId);
    if (message.channelId !== channel.id || isEphemeral(message)) throw discordErrors.unknownMessage();
    return message;
  };

  router.add('GET /channels/:channelId/messages', 'bot', ({ params, query }) => {
    const channel = state.requireChannel(params['channelId'] ?? '');
    requireTextChannel(channel);
    requireBotAccess(services, channel);
    const limit = parseLimit(query.get('limit'));
    // without Read Message History Discord answers an empty list, not an error
    if (!botHas(services, channel, Permission.ReadMessageHistory)) return ok([]);
    const visible = state.messagesIn(channel.id).filter((message) => !isEphemeral(message));
    return ok(page(visible, limit, query).map(readable));
  });

  router.add('GET /channels/:channelId/messages/:messageId', 'bot', ({ params }) => {
    const channel = state.requireChannel(params['channelId'] ?? '');
    requireBotAccess(services, channel);
    if (!botHas(services, channel, Permission.ReadMessageHistory)) throw discordErrors.missingAccess();
    return ok(readable(messageInChannel(channel, params['messageId'] ?? '')));
  });

  router.add('POST /channels/:channelId/messages', 'bot', ({ params, body, files, route }) => {
    const channel = state.requireChannel(params['channelId'] ?? '');
    requireTextChannel(channel);
    requireBotPermission(services, channel, channel.thread ? Permission.SendMessagesInThreads : Permission.SendMessages);
    if (channel.thread?.locked && !botHas(services, channel, Permission.ManageThreads)) throw discordErrors.threadLocked();
    const draft = parseNewMessage(body, files, state.nextId, { allowEphemeral: false });
    const reference = readReference(services, channel, body);
    // posting in an archived thread unarchives it, as on Discord
    if (channel.thread?.archived) state.updateThread(channel.id, { archived: false });
    const message = state.createMessage({
      ...draft,
      channelId: channel.id,
      authorId: services.bot.id,
      type: reference ? MessageKind.Reply : MessageKind.Default,
      reference,
      route,
    });
    return ok(readable(message));
  });

  router.add('PATCH /channels/:channelId/messages/:messageId', 'bot', ({ params, body, files, route }) => {
    const channel = state.requireChannel(params['channelId'] ?? '');
    requireBotAccess(services, channel);
    const message = messageInChannel(channel, params['messageId'] ?? '');
    if (message.authorId !== services.bot.id) throw discordErrors.notAuthor();
    requireWritableThread(services, channel);
    const change = applyEdit(message, parseMessageEdit(body, files, state.nextId));
    state.editMessage(message.id, change, route);
    return ok(readable(message));
  });

  router.add('DELETE /channels/:channelId/messages/:messageId', 'bot', ({ params, route }) => {
    const channel = state.requireChannel(params['channelId'] ?? '');
    requireBotAccess(services, channel);
    const message = messageInChannel(channel, params['messageId'] ?? '');
    if (message.authorId !== services.bot.id) requireBotPermission(services, channel, Permission.ManageMessages);
    if (channel.thread?.archived) throw discordErrors.threadArchived();
    state.deleteMessage(message.id, { byBot: true, route });
    return noContent();
  });

  router.add('POST /channels/:channelId/typing', 'bot', ({ params }) => {
    const channel = state.requireChannel(params['channelId'] ?? '');
    requireTextChannel(channel);
    requireBotPermission(services, channel, channel.thread ? Permission.SendMessagesInThreads : Permission.SendMessages);
    return noContent();
  });
}

/**
 * Merges an edit into the message's current state, refusing an edit that leaves it empty
 * (50006). The first edit of a deferred reply clears its loading state.
 */
export function applyEdit(message: StoredMessage, change: Partial<MessageDraft>): Partial<MessageDraft> {
  const withoutLoading = { ...change, flags: latestVersion(message).flags & ~MessageFlag.Loading };
  if (isEmpty(mergeEdit(message, withoutLoading))) throw discordErrors.emptyMessage();
  return withoutLoading;
}

/** Editing in an archived thread is refused (50083), in a locked one too (160005). */
export function requireWritableThread(services: FakeServices, channel: FakeChannel): void {
  if (!channel.thread) return;
  if (channel.thread.archived) throw discordErrors.threadArchived();
  if (channel.thread.locked && !botHas(services, channel, Permission.ManageThreads)) throw discordErrors.threadLocked();
}

export function isEphemeral(message: StoredMessage): boolean {
  return (latestVersion(message).flags & MessageFlag.Ephemeral) !== 0;
}

function parseLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_HISTORY_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit)) throw invalidFormBody({ limit: [{ code: 'NUMBER_TYPE_COERCE', message: `Value "${raw}" is not int.` }] });
  if (limit > MAX_HISTORY_LIMIT) {
    throw invalidFormBody({ limit: [{ code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 100.' }] });
  }
  if (limit < 1) throw invalidFormBody({ limit: [{ code: 'NUMBER_TYPE_MIN', message: 'int value should be greater than or equal to 1.' }] });
  return limit;
}

/** One page of history, newest first, as Discord pages with `before`, `after` and `around`. */
function page(oldestFirst: StoredMessage[], limit: number, query: URLSearchParams): StoredMessage[] {
  const before = query.get('before');
  const after = query.get('after');
  const around = query.get('around');
  let selected: StoredMessage[];
  if (before) {
    selected = oldestFirst.filter((message) => compareSnowflakes(message.id, before) < 0).slice(-limit);
  } else if (after) {
    // the `limit` messages right after `after`, still answered newest first
    selected = oldestFirst.filter((message) => compareSnowflakes(message.id, after) > 0).slice(0, limit);
  } else if (around) {
    const older = oldestFirst.filter((message) => compareSnowflakes(message.id, around) < 0).slice(-Math.floor(limit / 2));
    const newer = oldestFirst.filter((message) => compareSnowflakes(message.id, around) >= 0).slice(0, limit - older.length);
    selected = [...older, ...newer];
  } else {
    selected = oldestFirst.slice(-limit);
  }
  return selected.reverse();
}

/**
 * The message a new message replies to, from its `message_reference`: one in the same channel.
 * An unknown (or deleted) one is refused with 50035 unless `fail_if_not_exists` is false, which
 * sends a plain message instead, as Discord does.
 */
function readReference(services: FakeServices, channel: FakeChannel, body: unknown): StoredMessage['reference'] {
  const reference = (body as { message_reference?: { message_id?: unknown; fail_if_not_exists?: unknown; type?: unknown } } | null)?.message_reference;
  if (!reference || typeof reference.message_id !== 'string') return null;
  // a forward (type 1) is another kind of message: not modeled, so fail loudly (500) rather than store a reply
  if (reference.type === 1) throw new Error('fake-discord: forwarding messages is not modeled');
  const target = services.state.messages.get(reference.message_id);
  if (!target || target.deleted || target.channelId !== channel.id || isEphemeral(target)) {
    if (reference.fail_if_not_exists === false) return null;
    throw invalidFormBody({
      message_reference: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }],
    });
  }
  return { messageId: target.id, channelId: channel.id, guildId: channel.guildId };
}
