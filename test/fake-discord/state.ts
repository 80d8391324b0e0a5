import { ALL_PERMISSIONS, ChannelKind, MessageFlag, MessageKind, Permission } from './constants.ts';
import { discordErrors } from './errors.ts';
import type { FakeEventBus } from './events.ts';
import { pingsRepliedUser, resolveMentions } from './mentions.ts';
import { compareSnowflakes, createSnowflakeGenerator } from './snowflake.ts';
import type { FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser, MessageContentFields, MessageVersion, ResolvedMentions, StoredMessage, StoredAttachment } from './types.ts';

/** The content of a new message or of an edit, as validated from a request. */
export interface MessageDraft extends MessageContentFields {
  /** Users the message mentions beyond the `<@id>` written in its content (test helper input). */
  mentionUserIds?: string[];
  /**
   * Whether a person's reply pings the author it answers (the client's "@ON" toggle) when no
   * `allowed_mentions` were sent. Default true; test helper input only.
   */
  pingRepliedUser?: boolean;
}

/** Everything needed to store a new message. */
export interface NewMessage extends MessageDraft {
  channelId: string;
  authorId: string;
  type: number;
  webhookId?: string | null;
  interactionId?: string | null;
  reference?: StoredMessage['reference'];
  route: string;
}

/**
 * Discord's data: users, guilds, roles, members, channels, threads and messages with all their
 * versions. Every change is reported on the event bus, which drives gateway dispatches and the
 * waits of tests.
 */
export class FakeState {
  readonly users = new Map<string, FakeUser>();
  readonly guilds = new Map<string, FakeGuild>();
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, StoredMessage>();
  /** Files uploaded for slash-command attachment options (`fake.uploadAttachment`), by attachment id. */
  readonly uploadedAttachments = new Map<string, StoredAttachment>();
  /** Message ids per channel, oldest first (ids grow with time, so insertion order is id order). */
  readonly #channelMessageIds = new Map<string, string[]>();
  readonly #events: FakeEventBus;
  readonly #clock: () => number;
  /** Hands out snowflakes. */
  readonly nextId: () => string;

  constructor(events: FakeEventBus, clock: () => number) {
    this.#events = events;
    this.#clock = clock;
    this.nextId = createSnowflakeGenerator(clock);
  }

  /** The fake's current time as an ISO timestamp. */
  isoNow(): string {
    return new Date(this.#clock()).toISOString();
  }

  /** Adds a user; ids are generated unless given (the default seed fixes them). */
  createUser(input: { username: string; globalName?: string | null; bot?: boolean; id?: string }): FakeUser {
    const user: FakeUser = {
      id: input.id ?? this.nextId(),
      username: input.username,
      globalName: input.globalName ?? null,
      bot: input.bot ?? false,
    };
    this.users.set(user.id, user);
    return user;
  }

  /** A known user, or 10013. */
  requireUser(userId: string): FakeUser {
    const user = this.users.get(userId);
    if (!user) throw discordErrors.unknownUser();
    return user;
  }

  /** Creates a guild with its `@everyone` role (same id as the guild, as on Discord). */
  createGuild(input: { name: string; ownerId: string; everyonePermissions: bigint; id?: string }): FakeGuild {
    const id = input.id ?? this.nextId();
    const guild: FakeGuild = { id, name: input.name, ownerId: input.ownerId, roles: new Map(), members: new Map() };
    guild.roles.set(id, { id, name: '@everyone', permissions: input.everyonePermissions, position: 0 });
    this.guilds.set(id, guild);
    return guild;
  }

  /** A known guild, or 10004. */
  requireGuild(guildId: string): FakeGuild {
    const guild = this.guilds.get(guildId);
    if (!guild) throw discordErrors.unknownGuild();
    return guild;
  }

  /** Adds a role above the existing ones. */
  createRole(guildId: string, input: { name: string; permissions: bigint; id?: string }): FakeRole {
    const guild = this.requireGuild(guildId);
    const role: FakeRole = { id: input.id ?? this.nextId(), name: input.name, permissions: input.permissions, position: guild.roles.size };
    guild.roles.set(role.id, role);
    return role;
  }

  /** Makes a user a member of a guild with the given roles. */
  addMember(guildId: string, userId: string, roleIds: string[] = []): FakeMember {
    const guild = this.requireGuild(guildId);
    const member: FakeMember = { userId, roleIds, nick: null, joinedAt: this.isoNow() };
    guild.members.set(userId, member);
    return member;
  }

  /** A guild channel; `report: false` while seeding a guild the client does not know yet. */
  createChannel(
    input: { guildId: string; name: string; type?: number; parentId?: string | null; topic?: string | null; id?: string },
    report = true,
  ): FakeChannel {
    const siblings = [...this.channels.values()].filter((channel) => channel.guildId === input.guildId && !channel.thread);
    const channel: FakeChannel = {
      id: input.id ?? this.nextId(),
      type: input.type ?? ChannelKind.GuildText,
      guildId: input.guildId,
      name: input.name,
      parentId: input.parentId ?? null,
      position: siblings.length,
      topic: input.topic ?? null,
      recipientId: null,
      privateRecipientIds: null,
      deniedToBot: 0n,
      lastMessageId: null,
      thread: null,
    };
    this.channels.set(channel.id, channel);
    if (report) this.#events.report({ type: 'channelCreate', channel });
    return channel;
  }

  /** The DM channel between the bot and a user, created on first use. */
  dmChannelFor(userId: string): FakeChannel {
    this.requireUser(userId);
    for (const channel of this.channels.values()) {
      if (channel.type === ChannelKind.DM && channel.recipientId === userId) return channel;
    }
    const channel: FakeChannel = {
      id: this.nextId(),
      type: ChannelKind.DM,
      guildId: null,
      name: null,
      parentId: null,
      position: 0,
      topic: null,
      recipientId: userId,
      privateRecipientIds: null,
      deniedToBot: 0n,
      lastMessageId: null,
      thread: null,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /**
   * A channel between people that the bot is not in: a DM between two users (type 1) or a group
   * DM (type 3, owned by its first recipient). Only a user-installed app reaches it, through
   * interactions.
   */
  createPrivateChannel(input: { recipientIds: string[]; group: boolean; name: string | null }): FakeChannel {
    for (const userId of input.recipientIds) this.requireUser(userId);
    const channel: FakeChannel = {
      id: this.nextId(),
      type: input.group ? ChannelKind.GroupDM : ChannelKind.DM,
      guildId: null,
      name: input.group ? input.name : null,
      parentId: null,
      position: 0,
      topic: null,
      recipientId: null,
      privateRecipientIds: [...input.recipientIds],
      deniedToBot: 0n,
      lastMessageId: null,
      thread: null,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** A thread in `parentId`; started from a message it takes that message's id. */
  createThread(input: {
    parentId: string;
    name: string;
    ownerId: string;
    type: number;
    autoArchiveDuration: number;
    starterMessageId: string | null;
  }): FakeChannel {
    const parent = this.requireChannel(input.parentId);
    const now = this.isoNow();
    const channel: FakeChannel = {
      id: input.starterMessageId ?? this.nextId(),
      type: input.type,
      guildId: parent.guildId,
      name: input.name,
      parentId: parent.id,
      position: 0,
      topic: null,
      recipientId: null,
      privateRecipientIds: null,
      deniedToBot: 0n,
      lastMessageId: null,
      thread: {
        ownerId: input.ownerId,
        archived: false,
        locked: false,
        autoArchiveDuration: input.autoArchiveDuration,
        archiveTimestamp: now,
        createTimestamp: now,
        starterMessageId: input.starterMessageId,
        memberIds: new Set([input.ownerId]),
        messageCount: 0,
      },
    };
    this.channels.set(channel.id, channel);
    if (input.starterMessageId) {
      const starter = this.requireMessage(input.starterMessageId);
      starter.threadId = channel.id;
    }
    this.#events.report({ type: 'threadCreate', channel });
    return channel;
  }

  /** Changes a thread's archived/locked state or name and reports it. */
  updateThread(channelId: string, change: { archived?: boolean; locked?: boolean; name?: string }): FakeChannel {
    const channel = this.requireChannel(channelId);
    if (!channel.thread) throw discordErrors.wrongChannelType();
    if (change.archived !== undefined && change.archived !== channel.thread.archived) {
      channel.thread.archived = change.archived;
      channel.thread.archiveTimestamp = this.isoNow();
    }
    if (change.locked !== undefined) channel.thread.locked = change.locked;
    if (change.name !== undefined) channel.name = change.name;
    this.#events.report({ type: 'threadUpdate', channel });
    return channel;
  }

  /** Reports a channel change made in place (e.g. permissions). */
  touchChannel(channel: FakeChannel): void {
    this.#events.report({ type: channel.thread ? 'threadUpdate' : 'channelUpdate', channel });
  }

  /** A known channel, thread or DM, or 10003. */
  requireChannel(channelId: string): FakeChannel {
    const channel = this.channels.get(channelId);
    if (!channel) throw discordErrors.unknownChannel();
    return channel;
  }

  /** Stores a new message (its first version) and reports it. */
  createMessage(input: NewMessage): StoredMessage {
    const channel = this.requireChannel(input.channelId);
    const now = this.#clock();
    const message: StoredMessage = {
      id: this.nextId(),
      channelId: channel.id,
      guildId: channel.guildId,
      authorId: input.authorId,
      webhookId: input.webhookId ?? null,
      type: input.type,
      interactionId: input.interactionId ?? null,
      reference: input.reference ?? null,
      createdAt: now,
      deleted: false,
      deletion: null,
      threadId: null,
      versions: [this.#version(input, this.#repliedAuthorId(input.type, input.reference ?? null), input.route, now)],
    };
    this.messages.set(message.id, message);
    const ids = this.#channelMessageIds.get(channel.id) ?? [];
    ids.push(message.id);
    this.#channelMessageIds.set(channel.id, ids);
    if ((input.flags & MessageFlag.Ephemeral) === 0) {
      channel.lastMessageId = message.id;
      if (channel.thread && input.type !== MessageKind.ThreadStarterMessage) channel.thread.messageCount += 1;
    }
    this.#events.report({ type: 'messageCreate', message });
    return message;
  }

  /** Stores a new version: fields left out of `change` keep their previous value. */
  editMessage(messageId: string, change: Partial<MessageDraft>, route: string): StoredMessage {
    const message = this.requireMessage(messageId);
    const merged = mergeEdit(message, change);
    message.versions.push(this.#version(merged, this.#repliedAuthorId(message.type, message.reference), route, this.#clock()));
    this.#events.report({ type: 'messageUpdate', message });
    return message;
  }

  /** Marks a message deleted (kept, with its versions, for assertions) and reports it. */
  deleteMessage(messageId: string, by: { byBot: boolean; route: string }): StoredMessage {
    const message = this.requireMessage(messageId);
    message.deleted = true;
    message.deletion = { at: this.#clock(), byBot: by.byBot, route: by.route };
    this.#events.report({ type: 'messageDelete', message });
    return message;
  }

  /** A message that exists and is not deleted, or 10008. */
  requireMessage(messageId: string): StoredMessage {
    const message = this.messages.get(messageId);
    if (!message || message.deleted) throw discordErrors.unknownMessage();
    return message;
  }

  /** Messages of a channel, oldest first, deleted ones included only on request. */
  messagesIn(channelId: string, options: { includeDeleted?: boolean } = {}): StoredMessage[] {
    const ids = this.#channelMessageIds.get(channelId) ?? [];
    return ids
      .map((id) => this.messages.get(id))
      .filter((message): message is StoredMessage => message !== undefined && (options.includeDeleted || !message.deleted))
      .sort((left, right) => compareSnowflakes(left.id, right.id));
  }

  /**
   * A member's permissions in a channel: the union of their roles (Administrator means all),
   * minus what tests denied the bot there. Threads use their parent's permissions.
   */
  permissionsIn(userId: string, channelId: string | null, guildId: string): bigint {
    const guild = this.requireGuild(guildId);
    const member = guild.members.get(userId);
    if (guild.ownerId === userId) return ALL_PERMISSIONS;
    let permissions = guild.roles.get(guild.id)?.permissions ?? 0n;
    for (const roleId of member?.roleIds ?? []) permissions |= guild.roles.get(roleId)?.permissions ?? 0n;
    if (permissions & Permission.Administrator) return ALL_PERMISSIONS;
    const channel = channelId ? this.channels.get(channelId) : undefined;
    const permissionChannel = channel?.thread && channel.parentId ? this.channels.get(channel.parentId) : channel;
    const user = this.users.get(userId);
    if (permissionChannel && user?.bot) permissions &= ~permissionChannel.deniedToBot;
    return permissions;
  }

  /** The author a reply answers (whom it may ping), or `null` for a message that is no reply. */
  #repliedAuthorId(type: number, reference: StoredMessage['reference']): string | null {
    if (type !== MessageKind.Reply || !reference) return null;
    return this.messages.get(reference.messageId)?.authorId ?? null;
  }

  #version(draft: MessageDraft, repliedAuthorId: string | null, route: string, at: number): MessageVersion {
    const written = resolveMentions(draft.content, draft.allowedMentions);
    const replied = repliedAuthorId !== null && pingsRepliedUser(draft.allowedMentions, draft.pingRepliedUser ?? true) ? [repliedAuthorId] : [];
    return {
      content: draft.content,
      embeds: draft.embeds,
      components: draft.components,
      attachments: draft.attachments,
      flags: draft.flags,
      allowedMentions: draft.allowedMentions ?? null,
      mentions: withExtraMentions(written, [...(draft.mentionUserIds ?? []), ...replied]),
      at,
      route,
    };
  }
}

/** The current state of a message. */
export function latestVersion(message: StoredMessage): MessageVersion {
  const version = message.versions.at(-1);
  if (!version) throw new Error(`message ${message.id} has no version`);
  return version;
}

function withExtraMentions(mentions: ResolvedMentions, extra: string[] | undefined): ResolvedMentions {
  if (!extra || extra.length === 0) return mentions;
  return { ...mentions, userIds: [...new Set([...mentions.userIds, ...extra])] };
}

/**
 * A message's content after an edit: fields left out of `change` keep their previous value,
 * except `allowed_mentions`, which Discord takes from each request anew.
 */
export function mergeEdit(message: StoredMessage, change: Partial<MessageDraft>): MessageDraft {
  const previous = latestVersion(message);
  return {
    content: change.content ?? previous.content,
    embeds: change.embeds ?? previous.embeds,
    components: change.components ?? previous.components,
    attachments: change.attachments ?? previous.attachments,
    flags: change.flags ?? previous.flags,
    allowedMentions: change.allowedMentions === undefined ? null : change.allowedMentions,
  };
}
