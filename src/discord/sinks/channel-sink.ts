import { Routes, type REST } from 'discord.js';
import type { MessageSink } from '../../reply/message-sink.ts';
import type { WriteGate } from '../../reply/write-gate.ts';
import { restWrite } from './rest-write.ts';

/**
 * Writes a reply as ordinary bot messages in a channel or thread (bot token, channel routes).
 * These count against the bot's global limit, so each write waits for its turn at the gate.
 */
export function createChannelSink(rest: REST, channelId: string, gate: WriteGate): MessageSink {
  return {
    waitForTurn: (urgent) => gate.waitForTurn(urgent),
    create: (content) => restWrite(rest, { route: Routes.channelMessages(channelId), method: 'POST', body: { content }, auth: true }),
    edit: (messageId, content) => restWrite(rest, { route: Routes.channelMessage(channelId, messageId), method: 'PATCH', body: { content }, auth: true }),
  };
}
