import { EventEmitter } from 'node:events';
import type { FakeChannel, FakeGuild, FakeRole, RecordedRequest, StoredMessage } from './types.ts';
import type { FakeInteraction } from './interaction.ts';

/** Every state change of the fake, as emitted on `FakeDiscord.events` ('change'). */
export type FakeEvent =
  | { type: 'messageCreate'; message: StoredMessage }
  | { type: 'messageUpdate'; message: StoredMessage }
  | { type: 'messageDelete'; message: StoredMessage }
  | { type: 'channelCreate'; channel: FakeChannel }
  | { type: 'channelUpdate'; channel: FakeChannel }
  | { type: 'threadCreate'; channel: FakeChannel }
  | { type: 'threadUpdate'; channel: FakeChannel }
  | { type: 'guildCreate'; guild: FakeGuild }
  | { type: 'roleCreate'; guildId: string; role: FakeRole }
  | { type: 'interactionCreate'; interaction: FakeInteraction }
  | { type: 'interactionResponse'; interaction: FakeInteraction }
  | { type: 'request'; request: RecordedRequest }
  | { type: 'rateLimited'; request: RecordedRequest; global: boolean }
  | { type: 'gatewayIdentify'; sessionId: string; intents: number }
  | { type: 'gatewayResume'; sessionId: string }
  | { type: 'gatewayClose'; sessionId: string | null; code: number };

/** The one emitter every part of the fake reports to; tests wait on it. */
export class FakeEventBus extends EventEmitter<{ change: [FakeEvent] }> {
  constructor() {
    super();
    // every pending wait listens here; dozens at once are normal, not a leak
    this.setMaxListeners(0);
  }

  /** Reports one change. */
  report(event: FakeEvent): void {
    this.emit('change', event);
  }
}
