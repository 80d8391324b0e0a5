import { MessageFlags, Routes, type REST } from 'discord.js';
import type { WriteBudget } from '../../reply/write-budget.ts';
import { createChannelSink } from './channel-sink.ts';
import { restWrite } from './rest-write.ts';
import type { ReplyControls } from '../answer-controls.ts';
import { componentsFor, type ControlledSink } from './streaming-controls.ts';

/** An interaction token lives 15 minutes. */
export const interactionTokenLifetimeMs = 15 * 60_000;

/** Settings of an interaction reply sink. */
export interface InteractionSinkOptions {
  /**
   * A REST client without the bot token for the interaction webhook: Discord does not count
   * those requests against the bot's global limit, so they must not queue behind it either.
   */
  webhookRest: REST;
  /** The bot's REST client, for channel-route edits once the token nears its end. */
  botRest: REST;
  /** The bot's shared write budget, for those channel-route writes. */
  gate: WriteBudget;
  /** The application (bot) id. */
  applicationId: string;
  /** The interaction token. */
  token: string;
  /** The channel the interaction happened in (for the channel route). */
  channelId: string;
  /** Whether the deferred reply is ephemeral (then follow-ups are too, and no channel route exists). */
  ephemeral: boolean;
  /**
   * Whether the bot is a member of the channel (not where only a person installed the app):
   * otherwise no channel route exists either. Default true.
   */
  botInChannel?: boolean;
  /** When the interaction was created, ms since the epoch. */
  createdAt: number;
  /** Current time. */
  now: () => number;
  /** Switch to channel-route edits this long before the token dies. */
  safetyMarginMs?: number;
  /** Components shown while the answer is being written (the Stop button). */
  controls?: ReplyControls;
}

/**
 * Writes an `/ask` answer: the first message edits the deferred original, continuations are
 * follow-ups, edits go through the interaction webhook — until the token nears its 15-minute
 * end, when a non-ephemeral reply moves to channel-route edits with the bot token.
 */
export function createInteractionSink(options: InteractionSinkOptions): ControlledSink {
  const { webhookRest: rest, applicationId, token, channelId, ephemeral, controls } = options;
  const safetyMarginMs = options.safetyMarginMs ?? 60_000;
  const channelSink = ephemeral || options.botInChannel === false ? undefined : createChannelSink(options.botRest, channelId, options.gate, controls);
  const tokenNearlyExpired = () => options.now() - options.createdAt > interactionTokenLifetimeMs - safetyMarginMs;
  let createdOriginal = false;

  return {
    // only the channel route counts against the bot's global budget
    waitForTurn: (urgent, wait) => (channelSink !== undefined && tokenNearlyExpired() ? options.gate.waitForTurn(urgent, wait) : Promise.resolve()),
    async create(content, meta) {
      const components = componentsFor(meta, controls);
      if (!createdOriginal) {
        // only once it landed: a failed first write is retried on the deferred original, or a
        // follow-up would carry the answer while the original kept showing "thinking…"
        const result = await restWrite(rest, { route: Routes.webhookMessage(applicationId, token, '@original'), method: 'PATCH', body: { content, ...components }, auth: false });
        createdOriginal = true;
        return result;
      }
      if (channelSink !== undefined && tokenNearlyExpired()) return channelSink.create(content, meta);
      return restWrite(rest, {
        route: Routes.webhook(applicationId, token),
        method: 'POST',
        body: { content, ...components, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) },
        auth: false,
        query: new URLSearchParams({ wait: 'true' }),
      });
    },
    async edit(messageId, content, meta) {
      if (channelSink !== undefined && tokenNearlyExpired()) return channelSink.edit(messageId, content, meta);
      return restWrite(rest, {
        route: Routes.webhookMessage(applicationId, token, messageId),
        method: 'PATCH',
        body: { content, ...componentsFor(meta, controls) },
        auth: false,
      });
    },
    async showControls(messageId, shown) {
      if (channelSink !== undefined && tokenNearlyExpired()) return channelSink.showControls(messageId, shown);
      await restWrite(rest, { route: Routes.webhookMessage(applicationId, token, messageId), method: 'PATCH', body: { components: controls?.final(shown) ?? [] }, auth: false });
    },
    fallback: () => channelSink,
  };
}
