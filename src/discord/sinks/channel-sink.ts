import { Routes, type REST } from 'discord.js';
import type { WriteGate } from '../../reply/write-gate.ts';
import { restWrite } from './rest-write.ts';
import { componentsFor, type ControlledSink, type StreamingControls } from './streaming-controls.ts';

/**
 * Writes a reply as ordinary bot messages in a channel or thread (bot token, channel routes).
 * These count against the bot's global limit, so each write waits for its turn at the gate.
 * `controls` (the Stop button) ride along on writes of an answer still being written.
 */
export function createChannelSink(rest: REST, channelId: string, gate: WriteGate, controls?: StreamingControls): ControlledSink {
  return {
    waitForTurn: (urgent) => gate.waitForTurn(urgent),
    create: (content, meta) =>
      restWrite(rest, { route: Routes.channelMessages(channelId), method: 'POST', body: { content, ...componentsFor(meta, controls) }, auth: true }),
    edit: (messageId, content, meta) =>
      restWrite(rest, { route: Routes.channelMessage(channelId, messageId), method: 'PATCH', body: { content, ...componentsFor(meta, controls) }, auth: true }),
    async showControls(messageId, shown) {
      await gate.waitForTurn(true);
      await restWrite(rest, { route: Routes.channelMessage(channelId, messageId), method: 'PATCH', body: { components: shown }, auth: true });
    },
  };
}
