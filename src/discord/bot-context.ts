import type { Client, REST } from 'discord.js';
import type { AnswerServices } from '../answers/answer-services.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import type { WriteBudget } from '../reply/write-budget.ts';
import type { CommandMentions } from './command-mentions.ts';

/**
 * What commands and listeners work with, built once in `main.ts`: the answering services, and
 * the Discord parts they need to parse what Discord gave them and to make a reply's sink.
 */
export interface BotContext extends AnswerServices {
  /** The logged-in client. */
  client: Client<true>;
  /** REST without the bot token, for interaction webhooks (outside the bot's global limit). */
  webhookRest: REST;
  /** The bot's message-write budget, shared by every reply written with the bot token. */
  writeGate: WriteBudget;
  /** Providers, for listing models (`/model list`, autocomplete). */
  registry: ProviderRegistry;
  /** Whether Discord granted the Message Content intent. */
  messageContent: boolean;
  /** Clickable `</ask:id>` mentions of the registered commands (`/help`, hints), cached. */
  commandMentions: CommandMentions;
}
