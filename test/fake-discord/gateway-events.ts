import { ChannelKind, Intent, MessageFlag, MessageKind } from './constants.ts';
import type { FakeEvent, FakeEventBus } from './events.ts';
import type { GatewayServer, GatewaySession } from './gateway.ts';
import { botCanSee } from './channel-access.ts';
import { readableMessagePayload } from './message-visibility.ts';
import { channelPayload, guildCreatePayload, memberPayload, rolePayload, type PayloadContext } from './payloads.ts';
import { latestVersion, type FakeState } from './state.ts';
import type { StoredMessage } from './types.ts';

interface BridgeDependencies {
  events: FakeEventBus;
  gateway: GatewayServer;
  state: FakeState;
  payloadContext: PayloadContext;
  botUserId: string;
}

/**
 * Turns state changes into the gateway dispatches Discord would send, filtered by each
 * session's intents; every dispatch names its guild (`null` for DMs), by which the gateway
 * routes it to the right shard. Returns a function that stops the bridge.
 */
export function bridgeStateToGateway(dependencies: BridgeDependencies): () => void {
  const { events, gateway, state, payloadContext, botUserId } = dependencies;

  const messageDispatch = (message: StoredMessage) => (session: GatewaySession) => {
    if (!hasIntent(session, messageIntent(message))) return null;
    const payload: Record<string, unknown> = {
      ...readableMessagePayload(payloadContext, message, hasIntent(session, Intent.MessageContent)),
      // discord.js reads channel_type to build a partial DM channel it has not cached
      channel_type: state.channels.get(message.channelId)?.type ?? ChannelKind.GuildText,
    };
    if (message.guildId) {
      payload['guild_id'] = message.guildId;
      const member = state.guilds.get(message.guildId)?.members.get(message.authorId);
      if (member && !message.webhookId) {
        const { user: _user, ...partialMember } = memberPayload(state, member);
        payload['member'] = partialMember;
      }
    }
    return payload;
  };

  /** Whether the bot gets events of a channel: its guilds' channels and its own DMs only. */
  const botIsIn = (channelId: string): boolean => {
    const channel = state.channels.get(channelId);
    return channel !== undefined && botCanSee(state, channel, botUserId);
  };

  const onChange = (event: FakeEvent): void => {
    switch (event.type) {
      case 'messageCreate':
      case 'messageUpdate': {
        const message = event.message;
        if (isEphemeral(message) || message.type === MessageKind.ThreadStarterMessage || !botIsIn(message.channelId)) return;
        gateway.dispatch(event.type === 'messageCreate' ? 'MESSAGE_CREATE' : 'MESSAGE_UPDATE', message.guildId, messageDispatch(message));
        return;
      }
      case 'messageDelete': {
        const message = event.message;
        if (isEphemeral(message) || !botIsIn(message.channelId)) return;
        gateway.dispatch('MESSAGE_DELETE', message.guildId, (session) =>
          hasIntent(session, messageIntent(message))
            ? { id: message.id, channel_id: message.channelId, ...(message.guildId ? { guild_id: message.guildId } : {}) }
            : null,
        );
        return;
      }
      case 'threadCreate':
        if (!botIsIn(event.channel.id)) return;
        gateway.dispatch('THREAD_CREATE', event.channel.guildId, (session) =>
          hasIntent(session, Intent.Guilds) ? { ...channelPayload(state, event.channel), newly_created: true } : null,
        );
        return;
      case 'threadUpdate':
        if (!botIsIn(event.channel.id)) return;
        gateway.dispatch('THREAD_UPDATE', event.channel.guildId, (session) => (hasIntent(session, Intent.Guilds) ? channelPayload(state, event.channel) : null));
        return;
      case 'channelCreate':
      case 'channelUpdate':
        if (!event.channel.guildId || !botIsIn(event.channel.id)) return;
        gateway.dispatch(event.type === 'channelCreate' ? 'CHANNEL_CREATE' : 'CHANNEL_UPDATE', event.channel.guildId, (session) =>
          hasIntent(session, Intent.Guilds) ? channelPayload(state, event.channel) : null,
        );
        return;
      case 'guildCreate':
        if (!event.guild.members.has(botUserId)) return;
        gateway.dispatch('GUILD_CREATE', event.guild.id, () => guildCreatePayload(state, event.guild));
        return;
      case 'roleCreate':
        if (state.guilds.get(event.guildId)?.members.has(botUserId) !== true) return;
        gateway.dispatch('GUILD_ROLE_CREATE', event.guildId, (session) => (hasIntent(session, Intent.Guilds) ? { guild_id: event.guildId, role: rolePayload(event.role) } : null));
        return;
      default:
        return;
    }
  };
  events.on('change', onChange);
  return () => events.off('change', onChange);
}

function hasIntent(session: GatewaySession, intent: number): boolean {
  return (session.intents & intent) === intent;
}

function messageIntent(message: StoredMessage): number {
  return message.guildId ? Intent.GuildMessages : Intent.DirectMessages;
}

function isEphemeral(message: StoredMessage): boolean {
  return (latestVersion(message).flags & MessageFlag.Ephemeral) !== 0;
}
