import { Routes, type REST } from 'discord.js';
import type { WriteBudget } from '../../reply/write-budget.ts';
import type { ReplyControls } from '../answer-controls.ts';
import { restWrite } from './rest-write.ts';
import { componentsFor, type ControlledSink } from './streaming-controls.ts';

/**
 * Writes a reply as ordinary bot messages in a channel or thread (bot token, channel routes).
 * These count against the bot's global limit, so each write waits for its turn at the gate.
 * `controls` ride along: the Stop button while the answer is written, its final controls on the
 * last message after. With `replyTo` the first message is a Discord reply to that message (it
 * never pings its author, and a deleted target leaves a plain message rather than an error).
 */
export function createChannelSink(rest: REST, channelId: string, gate: WriteBudget, controls?: ReplyControls, replyTo?: string): ControlledSink {
  let replied = replyTo === undefined;
  return {
    waitForTurn: (urgent, wait) => gate.waitForTurn(urgent, wait),
    async create(content, meta) {
      const reference = replied ? {} : { message_reference: { message_id: replyTo, fail_if_not_exists: false } };
      const result = await restWrite(rest, { route: Routes.channelMessages(channelId), method: 'POST', body: { content, ...reference, ...componentsFor(meta, controls) }, auth: true });
      replied = true;
      return result;
    },
    edit: (messageId, content, meta) =>
      restWrite(rest, { route: Routes.channelMessage(channelId, messageId), method: 'PATCH', body: { content, ...componentsFor(meta, controls) }, auth: true }),
    async showControls(messageId, shown) {
      await gate.waitForTurn(true);
      await restWrite(rest, { route: Routes.channelMessage(channelId, messageId), method: 'PATCH', body: { components: controls?.final(shown) ?? [] }, auth: true });
    },
  };
}
