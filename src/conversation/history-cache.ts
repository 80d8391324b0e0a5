/**
 * A bounded in-memory cache of thread histories, so a long thread is not read from Discord on
 * every turn. The bot feeds it gateway events (create, update, delete) and, on a miss, fetches
 * the thread and `set`s it. Least recently read threads are evicted first.
 */
import { compareSnowflakes, type ThreadMessage } from './thread-message.ts';

/** How many threads are kept by default. */
export const DEFAULT_MAX_CACHED_THREADS = 500;
/** How many messages per thread are kept by default (the newest). */
export const DEFAULT_MAX_MESSAGES_PER_THREAD = 200;
/** Events buffered for one thread while it loads; past this the load is not cached. */
const MAX_PENDING_EVENTS = 1000;

/** Settings of a `HistoryCache`. */
export interface HistoryCacheOptions {
  /** Threads kept; the least recently read goes first. Default 500. */
  maxThreads?: number;
  /** Messages kept per thread, the newest by id. Default 200. */
  maxMessagesPerThread?: number;
}

/** An edit: the id and the fields that changed (a whole message is also accepted). */
export type MessageUpdate = Pick<ThreadMessage, 'id'> & Partial<ThreadMessage>;

type CacheEvent =
  | { type: 'created'; message: ThreadMessage }
  | { type: 'updated'; update: MessageUpdate }
  | { type: 'deleted'; messageId: string };

interface Loading {
  events: CacheEvent[];
  isOverflowed: boolean;
}

/**
 * The cache. Lists are kept sorted by snowflake id whatever order events arrive in, and an
 * older version of a message (by `editedAt`, else `createdAt`) never replaces a newer one — the
 * bot's own streamed answer is edited many times, and the REST answer of an edit may arrive
 * after the gateway's.
 *
 * Against the race between a fetch and events: call `startLoading` before fetching a missed
 * thread; events arriving meanwhile are replayed onto the fetched list by `set`.
 */
export class HistoryCache {
  /** Threads kept at most. */
  readonly maxThreads: number;
  /** Messages kept per thread at most. */
  readonly maxMessagesPerThread: number;
  readonly #threads = new Map<string, ThreadMessage[]>();
  readonly #loading = new Map<string, Loading>();

  constructor(options: HistoryCacheOptions = {}) {
    this.maxThreads = Math.max(1, options.maxThreads ?? DEFAULT_MAX_CACHED_THREADS);
    this.maxMessagesPerThread = Math.max(1, options.maxMessagesPerThread ?? DEFAULT_MAX_MESSAGES_PER_THREAD);
  }

  /** Threads cached. */
  get size(): number {
    return this.#threads.size;
  }

  /** The thread's messages oldest first (a copy), or `undefined` when it must be fetched. */
  get(threadId: string): ThreadMessage[] | undefined {
    const messages = this.#threads.get(threadId);
    if (messages === undefined) return undefined;
    this.#touch(threadId, messages);
    return [...messages];
  }

  /** Marks a thread as being fetched, so that events arriving before `set` are not lost. */
  startLoading(threadId: string): void {
    this.#loading.set(threadId, { events: [], isOverflowed: false });
  }

  /** Forgets a load that failed. */
  cancelLoading(threadId: string): void {
    this.#loading.delete(threadId);
  }

  /**
   * Caches a thread's messages (any order, duplicates by id resolved by version), replaying the
   * events that arrived since `startLoading`. Keeps the newest `maxMessagesPerThread`.
   */
  set(threadId: string, messages: readonly ThreadMessage[]): void {
    const loading = this.#loading.get(threadId);
    this.#loading.delete(threadId);
    if (loading?.isOverflowed === true) {
      this.#threads.delete(threadId);
      return;
    }
    const list: ThreadMessage[] = [];
    for (const message of messages) upsert(list, message);
    for (const event of loading?.events ?? []) apply(list, event);
    this.#touch(threadId, this.#bounded(list));
    for (const oldest of this.#threads.keys()) {
      if (this.#threads.size <= this.maxThreads) break;
      this.#threads.delete(oldest);
    }
  }

  /** A message was posted in a thread. */
  onMessageCreated(threadId: string, message: ThreadMessage): void {
    this.#dispatch(threadId, { type: 'created', message });
  }

  /** A message was edited; fields absent from `update` stay as they were. */
  onMessageUpdated(threadId: string, update: MessageUpdate): void {
    this.#dispatch(threadId, { type: 'updated', update });
  }

  /** A message was deleted. */
  onMessageDeleted(threadId: string, messageId: string): void {
    this.#dispatch(threadId, { type: 'deleted', messageId });
  }

  /** The thread was deleted: forget it. */
  onThreadDeleted(threadId: string): void {
    this.#threads.delete(threadId);
    this.#loading.delete(threadId);
  }

  #dispatch(threadId: string, event: CacheEvent): void {
    const loading = this.#loading.get(threadId);
    if (loading !== undefined) {
      if (loading.events.length < MAX_PENDING_EVENTS) loading.events.push(event);
      else loading.isOverflowed = true;
    }
    const messages = this.#threads.get(threadId);
    if (messages === undefined) return;
    apply(messages, event);
    this.#bounded(messages);
  }

  #touch(threadId: string, messages: ThreadMessage[]): void {
    this.#threads.delete(threadId);
    this.#threads.set(threadId, messages);
  }

  #bounded(messages: ThreadMessage[]): ThreadMessage[] {
    if (messages.length > this.maxMessagesPerThread) messages.splice(0, messages.length - this.maxMessagesPerThread);
    return messages;
  }
}

function apply(messages: ThreadMessage[], event: CacheEvent): void {
  if (event.type === 'created') {
    upsert(messages, event.message);
  } else if (event.type === 'deleted') {
    const { index, isFound } = search(messages, event.messageId);
    if (isFound) messages.splice(index, 1);
  } else {
    const { index, isFound } = search(messages, event.update.id);
    if (isFound) replaceIfNotOlder(messages, index, { ...messages[index]!, ...event.update });
    else if (isWholeMessage(event.update)) messages.splice(index, 0, event.update);
  }
}

/** Inserts in id order, or replaces the message with the same id unless the cached one is newer. */
function upsert(messages: ThreadMessage[], message: ThreadMessage): void {
  const { index, isFound } = search(messages, message.id);
  if (!isFound) messages.splice(index, 0, message);
  else replaceIfNotOlder(messages, index, message);
}

function replaceIfNotOlder(messages: ThreadMessage[], index: number, message: ThreadMessage): void {
  if (version(message) >= version(messages[index]!)) messages[index] = message;
}

function version(message: ThreadMessage): number {
  return message.editedAt ?? message.createdAt;
}

/** Binary search by snowflake: the index of `id`, or where it would go. */
function search(messages: readonly ThreadMessage[], id: string): { index: number; isFound: boolean } {
  let low = 0;
  let high = messages.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareSnowflakes(messages[middle]!.id, id);
    if (order === 0) return { index: middle, isFound: true };
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return { index: low, isFound: false };
}

function isWholeMessage(update: MessageUpdate): update is ThreadMessage {
  return (
    typeof update.authorId === 'string' &&
    typeof update.authorName === 'string' &&
    typeof update.content === 'string' &&
    typeof update.createdAt === 'number' &&
    typeof update.isFromThisBot === 'boolean' &&
    typeof update.authorIsBot === 'boolean'
  );
}
