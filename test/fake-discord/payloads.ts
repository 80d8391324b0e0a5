import type {
  APIChannel,
  APIEmbed,
  APIGuildMember,
  APIMessage,
  APIMessageTopLevelComponent,
  APIRole,
  APIUser,
  GatewayGuildCreateDispatchData,
} from 'discord.js';
import { ChannelKind, MessageFlag, MessageKind } from './constants.ts';
import { latestVersion, type FakeState } from './state.ts';
import type { FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser, StoredMessage } from './types.ts';

// The JSON shapes of Discord's API, built from the fake's records. Types come from
// discord-api-types (through discord.js, type-only) so a missing required field fails `tsc`.

/** What message payloads need to know beyond the state. */
export interface PayloadContext {
  state: FakeState;
  applicationId: string;
  botUserId: string;
  /** The interaction a response message answers, for `interaction_metadata`. */
  interactionSummary: (interactionId: string) =>
    | { type: number; userId: string; name: string; authorizingIntegrationOwners: Record<string, string> }
    | undefined;
}

export function userPayload(user: FakeUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName,
    discriminator: '0',
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
  };
}

export function rolePayload(role: FakeRole): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0 as APIRole['flags'],
  };
}

export function memberPayload(state: FakeState, member: FakeMember): APIGuildMember {
  return {
    user: userPayload(state.requireUser(member.userId)),
    nick: member.nick,
    roles: member.roleIds,
    joined_at: member.joinedAt,
    deaf: false,
    mute: false,
    flags: 0 as APIGuildMember['flags'],
  };
}

/** A channel as `GET /channels/:id`, GUILD_CREATE and THREAD_CREATE carry it. */
export function channelPayload(state: FakeState, channel: FakeChannel): APIChannel {
  if (channel.type === ChannelKind.DM || channel.type === ChannelKind.GroupDM) {
    const recipientIds = channel.privateRecipientIds ?? (channel.recipientId ? [channel.recipientId] : []);
    const recipients = recipientIds.flatMap((id) => {
      const user = state.users.get(id);
      return user ? [userPayload(user)] : [];
    });
    const group = channel.type === ChannelKind.GroupDM ? { name: channel.name, owner_id: recipientIds[0], icon: null } : {};
    return { id: channel.id, type: channel.type, last_message_id: channel.lastMessageId, recipients, flags: 0, ...group } as unknown as APIChannel;
  }
  const base = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId ?? undefined,
    name: channel.name ?? '',
    parent_id: channel.parentId,
    position: channel.position,
    last_message_id: channel.lastMessageId,
    rate_limit_per_user: 0,
    nsfw: false,
    flags: 0,
  };
  if (channel.thread) {
    const thread = channel.thread;
    return {
      ...base,
      owner_id: thread.ownerId,
      message_count: thread.messageCount,
      total_message_sent: thread.messageCount,
      member_count: Math.min(thread.memberIds.size, 50),
      applied_tags: [],
      thread_metadata: {
        archived: thread.archived,
        locked: thread.locked,
        auto_archive_duration: thread.autoArchiveDuration,
        archive_timestamp: thread.archiveTimestamp,
        create_timestamp: thread.createTimestamp,
      },
    } as APIChannel;
  }
  const botDenied = channel.deniedToBot;
  const botUser = [...state.users.values()].find((user) => user.bot);
  return {
    ...base,
    topic: channel.topic,
    // what tests deny the bot shows up as a member overwrite, so `permissionsFor(me)` agrees
    permission_overwrites:
      botDenied !== 0n && botUser ? [{ id: botUser.id, type: 1, allow: '0', deny: botDenied.toString() }] : [],
  } as APIChannel;
}

/**
 * A message as the API shows it to a reader who may read its content. Replies and thread
 * starter messages carry `referenced_message`: the message they point at (without its own
 * `referenced_message`), or `null` once it was deleted, as Discord sends them.
 */
export function messagePayload(context: PayloadContext, message: StoredMessage, withReferenced = true): APIMessage {
  const { state } = context;
  const version = latestVersion(message);
  const first = message.versions[0] ?? version;
  const author = state.requireUser(message.authorId);
  const payload: APIMessage = {
    id: message.id,
    channel_id: message.channelId,
    author: userPayload(author),
    content: version.content,
    timestamp: new Date(message.createdAt).toISOString(),
    edited_timestamp: message.versions.length > 1 && version !== first ? new Date(version.at).toISOString() : null,
    tts: false,
    mention_everyone: version.mentions.everyone,
    mentions: version.mentions.userIds.flatMap((id) => {
      const user = state.users.get(id);
      return user ? [userPayload(user)] : [];
    }),
    mention_roles: version.mentions.roleIds,
    attachments: version.attachments.map((attachment) => ({
      url: `https://cdn.discordapp.com/attachments/${message.channelId}/${attachment.id}/${attachment.filename}`,
      proxy_url: `https://media.discordapp.net/attachments/${message.channelId}/${attachment.id}/${attachment.filename}`,
      // files people attached through the test API carry their fake CDN's URLs
      ...attachment,
    })),
    embeds: version.embeds as APIEmbed[],
    components: version.components as APIMessageTopLevelComponent[],
    pinned: false,
    type: message.type,
    flags: version.flags | (message.threadId ? MessageFlag.HasThread : 0),
  };
  if (message.webhookId) {
    payload.webhook_id = message.webhookId;
    payload.application_id = context.applicationId;
  }
  if (message.reference) {
    payload.message_reference = {
      type: 0,
      message_id: message.reference.messageId,
      channel_id: message.reference.channelId,
      ...(message.reference.guildId ? { guild_id: message.reference.guildId } : {}),
    };
    if (withReferenced && (message.type === MessageKind.Reply || message.type === MessageKind.ThreadStarterMessage)) {
      const referenced = state.messages.get(message.reference.messageId);
      payload.referenced_message = referenced && !referenced.deleted ? messagePayload(context, referenced, false) : null;
    }
  }
  if (message.interactionId) {
    const summary = context.interactionSummary(message.interactionId);
    const user = summary ? state.users.get(summary.userId) : undefined;
    if (summary && user) {
      payload.interaction_metadata = {
        id: message.interactionId,
        type: summary.type,
        user: userPayload(user),
        authorizing_integration_owners: summary.authorizingIntegrationOwners,
      } as APIMessage['interaction_metadata'];
      if (message.type === MessageKind.ChatInputCommand || message.type === MessageKind.ContextMenuCommand) {
        payload.interaction = { id: message.interactionId, type: summary.type, name: summary.name, user: userPayload(user) } as APIMessage['interaction'];
      }
    }
  }
  if (message.threadId) {
    const thread = state.channels.get(message.threadId);
    if (thread) payload.thread = channelPayload(state, thread);
  }
  return payload;
}

/** The GUILD_CREATE dispatch for a guild: everything discord.js caches at login. */
export function guildCreatePayload(state: FakeState, guild: FakeGuild): GatewayGuildCreateDispatchData {
  const channels = [...state.channels.values()].filter((channel) => channel.guildId === guild.id);
  const botMember = [...guild.members.values()].find((member) => state.users.get(member.userId)?.bot);
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    region: 'us-west',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [...guild.roles.values()].map(rolePayload),
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: botMember?.joinedAt ?? state.isoNow(),
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    members: [...guild.members.values()].map((member) => memberPayload(state, member)),
    channels: channels.filter((channel) => !channel.thread).map((channel) => channelPayload(state, channel)),
    threads: channels
      .filter((channel) => channel.thread && !channel.thread.archived)
      .map((channel) => channelPayload(state, channel)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } as unknown as GatewayGuildCreateDispatchData;
}
