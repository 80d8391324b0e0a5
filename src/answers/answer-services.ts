import type { Logger } from 'pino';
import type { AttachmentReader } from '../attachments/read-attachments.ts';
import type { BotConfig } from '../config/bot-config.ts';
import type { HistoryCache } from '../conversation/history-cache.ts';
import type { TurnQueue } from '../conversation/turn-queue.ts';
import type { Store } from '../store/store-port.ts';
import type { AnswerAnchors } from './answer-anchors.ts';
import type { AnswerPlaces } from './answer-quota.ts';
import type { AnswerRunner } from './answer-runner.ts';
import type { ModelLookup } from './model-lookup.ts';
import type { RecordArrivals } from './record-arrivals.ts';
import type { SystemPromptLookup } from './system-prompt-lookup.ts';

/**
 * What the answering use cases work with, built once in `main.ts`. None of it is Discord's:
 * a conversation reaches them through a `MessageSource` and a `MessageSink`.
 */
export interface AnswerServices {
  /** Validated settings. */
  config: BotConfig;
  /** Answers in flight: streams each, Stop, shutdown, the crash journal, usage. */
  runner: AnswerRunner;
  /** How many answers each person has being written, bot-wide (MAX_ANSWERS_PER_USER). */
  quota: AnswerPlaces;
  /** Each conversation answer's first message id → the newest message when its turn began (see answer-order). */
  anchors: AnswerAnchors;
  /** Which model answers where. */
  models: ModelLookup;
  /**
   * Which system prompt applies where (thread, channel, server, SYSTEM_PROMPT); read through
   * `systemPromptFor`, which builds the same from `store` and `config` when it is absent.
   */
  systemPrompts?: SystemPromptLookup;
  /** Conversation histories kept current by gateway events. */
  historyCache: HistoryCache;
  /** One answer at a time per conversation. */
  turns: TurnQueue;
  /** The images and files people attach: fetched from Discord's CDN only, classified, cached. */
  attachments: AttachmentReader;
  /** Persistent state: threads, their prompts, answers. */
  store: Store;
  /** The bot's own user id: its messages are the assistant's turns. */
  botUserId: string;
  /**
   * Wall-clock time in ms since the epoch, for the daily token quotas' UTC day and when it
   * resets; absent: `Date.now`. Injected so tests can move past midnight.
   */
  now?: () => number;
  /** Where a press or a reply that saw an answer's message waits for its record (absent: they do not wait). */
  recordArrivals?: RecordArrivals;
  /** The process logger. */
  logger: Logger;
}
