/**
 * A conversation as the answers layer reads it, in memory: Discord's message list for one
 * thread or DM (pins and joins included, as the platform counts them), served newest first in
 * pages like `GET /channels/{id}/messages?limit&before`, with a log of every page asked for.
 * A page can be held (to let gateway events arrive during a load) or made to fail.
 */
import type { MessagePage, MessageSource } from '../../../src/answers/message-source.ts';
import { botMessage, compareSnowflakes, type MessageAttachment, type ThreadMessage } from '../../../src/conversation/thread-message.ts';
import { nextSnowflake, timeOf, type Person } from './people.ts';

/** A page request as the source received it. */
export interface PageRequest {
  limit: number;
  before?: string;
}

/** A page held back until the test releases it. */
export interface HeldPage {
  /** Resolves once the source has been asked for the page. */
  reached: Promise<void>;
  /** Lets the page answer. */
  release(): void;
}

export class FakeMessageSource implements MessageSource {
  readonly id: string;
  /** Every message Discord holds here, oldest first, conversational or not. */
  readonly all: ThreadMessage[] = [];
  /** The pages asked for, in order. */
  readonly pageRequests: PageRequest[] = [];
  /** What the bot posted through `post`. */
  readonly posted: string[] = [];
  /** How many times `typing` was called. */
  typingCalls = 0;
  readonly #botUserId: string;
  /** Ids of messages that are no conversation (pins, joins, thread notices). */
  readonly #notConversational = new Set<string>();
  readonly #failures: Error[] = [];
  #held: { reached: () => void; released: Promise<void> } | undefined;

  constructor(botUserId: string, id = nextSnowflake()) {
    this.id = id;
    this.#botUserId = botUserId;
  }

  /** A person's message, appended as the newest. */
  say(person: Person, content: string, extra: { attachments?: MessageAttachment[]; replyToId?: string } = {}): ThreadMessage {
    const id = nextSnowflake();
    const message: ThreadMessage = {
      id,
      authorId: person.id,
      authorName: person.name,
      isFromThisBot: false,
      authorIsBot: person.isBot === true,
      content,
      createdAt: timeOf(id),
      ...(extra.attachments === undefined ? {} : { attachments: extra.attachments }),
      ...(extra.replyToId === undefined ? {} : { replyToId: extra.replyToId }),
    };
    this.all.push(message);
    return message;
  }

  /** An answer of the bot in one message per part, appended as the newest. */
  answer(...parts: string[]): ThreadMessage[] {
    return parts.map((content) => {
      const id = nextSnowflake();
      const message = botMessage(id, content, timeOf(id), this.#botUserId);
      this.all.push(message);
      return message;
    });
  }

  /** A message Discord lists that is no conversation (a pin notice): counted in pages, never returned. */
  notice(): string {
    const id = nextSnowflake();
    this.all.push({ id, authorId: this.#botUserId, authorName: 'system', isFromThisBot: false, authorIsBot: false, content: '', createdAt: timeOf(id) });
    this.#notConversational.add(id);
    return id;
  }

  /** The conversational messages, oldest first. */
  get messages(): ThreadMessage[] {
    return this.all.filter((message) => !this.#notConversational.has(message.id));
  }

  /** The next page asked for fails with `error`. */
  failNextPage(error: Error): void {
    this.#failures.push(error);
  }

  /** The next page asked for waits until `release()`. */
  holdNextPage(): HeldPage {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.#held = { reached, released };
    return { reached: reachedPromise, release };
  }

  async page(options: { limit: number; before?: string }): Promise<MessagePage> {
    this.pageRequests.push({ ...options });
    const held = this.#held;
    this.#held = undefined;
    if (held !== undefined) {
      held.reached();
      await held.released;
    }
    const failure = this.#failures.shift();
    if (failure !== undefined) throw failure;
    const { before } = options;
    const older = before === undefined ? this.all : this.all.filter((message) => compareSnowflakes(message.id, before) < 0);
    const taken = older.slice(-Math.min(options.limit, 100)).reverse();
    return { messages: taken.filter((message) => !this.#notConversational.has(message.id)), fetched: taken.length, oldestId: taken.at(-1)?.id };
  }

  async message(messageId: string): Promise<ThreadMessage | undefined> {
    return this.messages.find((message) => message.id === messageId);
  }

  async post(content: string): Promise<ThreadMessage> {
    this.posted.push(content);
    return this.answer(content)[0]!;
  }

  typing(): void {
    this.typingCalls += 1;
  }
}
