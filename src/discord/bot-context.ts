import type { Client, REST } from 'discord.js';
import type { WriteGate } from '../reply/write-gate.ts';
import type { Logger } from 'pino';
import type { BotConfig } from '../config/bot-config.ts';
import type { HistoryCache } from '../conversation/history-cache.ts';
import type { TurnQueue } from '../conversation/turn-queue.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import type { Store } from '../store/store.ts';
import type { AnswerRunner } from './answer-runner.ts';
import type { AnswerAnchors } from './answer-anchors.ts';
import type { AnswerQuota } from './answer-quota.ts';
import type { AttachmentReader } from '../attachments/read-attachments.ts';

/** Everything commands and listeners use; built once in `main.ts`. */
export interface BotContext {
  /** Validated settings. */
  config: BotConfig;
  /** The logged-in client. */
  client: Client<true>;
  /** REST without the bot token, for interaction webhooks (outside the bot's global limit). */
  webhookRest: REST;
  /** The bot's message-write budget, shared by every reply written with the bot token. */
  writeGate: WriteGate;
  /** Providers and model resolution. */
  registry: ProviderRegistry;
  /** Persistent state. */
  store: Store;
  /** Thread histories kept current by gateway events. */
  historyCache: HistoryCache;
  /** One answer at a time per thread. */
  turns: TurnQueue;
  /** Answers in flight. */
  answers: AnswerRunner;
  /** How many answers each person has being written (MAX_ANSWERS_PER_USER). */
  quota: AnswerQuota;
  /** Each thread answer's first message id → the newest message when its turn began (see answer-order). */
  answerAnchors: AnswerAnchors;
  /** The images and files people attach: fetched from Discord's CDN only, classified, cached by attachment id. */
  attachments: AttachmentReader;
  /** Whether Discord granted the Message Content intent. */
  messageContent: boolean;
  /** The process logger. */
  logger: Logger;
}
