/**
 * The fake's own records: what Discord knows about users, guilds, channels and messages.
 * Kept apart from the JSON shapes of the API (see `payloads.ts`) so the test API can expose
 * plain, typed data without Discord's snake_case.
 */

/** A Discord user (a person or the bot). */
export interface FakeUser {
  id: string;
  username: string;
  /** Display name; `null` shows the username. */
  globalName: string | null;
  bot: boolean;
}

/** A guild role. The `@everyone` role has the guild's id. */
export interface FakeRole {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
}

/** A user's membership in a guild. */
export interface FakeMember {
  userId: string;
  roleIds: string[];
  nick: string | null;
  joinedAt: string;
}

/** A guild and its roles and members (channels live in the channel map). */
export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  roles: Map<string, FakeRole>;
  members: Map<string, FakeMember>;
}

/** Thread state, present on thread channels only. */
export interface FakeThreadMetadata {
  ownerId: string;
  archived: boolean;
  locked: boolean;
  autoArchiveDuration: number;
  archiveTimestamp: string;
  createTimestamp: string;
  /** The message the thread was started from (its id is the thread's id), if any. */
  starterMessageId: string | null;
  memberIds: Set<string>;
  /** Messages sent in the thread, the starter system message excluded. */
  messageCount: number;
}

/** A text channel, a thread, or a DM channel. */
export interface FakeChannel {
  id: string;
  type: number;
  /** `null` for DM channels. */
  guildId: string | null;
  name: string | null;
  /** Category of a text channel, or the parent channel of a thread. */
  parentId: string | null;
  position: number;
  topic: string | null;
  /** DM channels with the bot: the person at the other end. */
  recipientId: string | null;
  /**
   * Private channels the bot is not in (a DM between two people, or a group DM): the people in
   * it. `null` for every other channel. The bot gets no events from them and its REST calls to
   * them answer 50001; a user-installed app still gets interactions there (context 2).
   */
  privateRecipientIds: string[] | null;
  /** Permissions taken from the bot in this channel (see `FakeDiscord.denyPermission`). */
  deniedToBot: bigint;
  lastMessageId: string | null;
  thread: FakeThreadMetadata | null;
}

/** Which mentions of a message version actually notify, after `allowed_mentions`. */
export interface ResolvedMentions {
  userIds: string[];
  roleIds: string[];
  everyone: boolean;
}

/** What a message shows: the fields a post or an edit sets. */
export interface MessageContentFields {
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: StoredAttachment[];
  flags: number;
  /** `allowed_mentions` exactly as the request sent it, `null` when it sent none. */
  allowedMentions: unknown;
}

/** One state of a message: the first post, then every edit. */
export interface MessageVersion extends MessageContentFields {
  /** Who would be pinged by this version. */
  mentions: ResolvedMentions;
  /** The fake's clock when this version was stored. */
  at: number;
  /** The route template that produced it, e.g. `PATCH /webhooks/:applicationId/:token/messages/:messageId`. */
  route: string;
}

/** A message with every version it went through. */
export interface StoredMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  /** Set on interaction responses and follow-ups (the application id, as Discord does). */
  webhookId: string | null;
  type: number;
  /** The interaction this message answers, if any. */
  interactionId: string | null;
  /** `message_reference` for replies and thread starter messages. */
  reference: { messageId: string; channelId: string; guildId: string | null } | null;
  createdAt: number;
  deleted: boolean;
  /** How the message was deleted, once it was. */
  deletion: MessageDeletion | null;
  /** Thread started from this message. */
  threadId: string | null;
  versions: MessageVersion[];
}

/** Who deleted a message, when and through which route. */
export interface MessageDeletion {
  /** The fake's clock at the deletion. */
  at: number;
  /** Whether the bot deleted it (channel route with its token, or an interaction webhook). */
  byBot: boolean;
  /** The route template, e.g. `DELETE /channels/:channelId/messages/:messageId`, or `test deleteMessage`. */
  route: string;
}

/** A request as the fake received and answered it. */
export interface RecordedRequest {
  /** Sequence number, starting at 1. */
  id: number;
  method: string;
  /** Path after `/api/v10` as sent (percent-encoding kept, e.g. `%40original`), without the query. */
  path: string;
  /** Matched route template, e.g. `POST /channels/:channelId/messages`; `null` if none matched. */
  route: string | null;
  query: Record<string, string>;
  /** Whether it was authorised with the bot token (only those count against the global limit). */
  withBotToken: boolean;
  /** Parsed JSON body (the `payload_json` part of multipart bodies), `null` when empty. */
  body: unknown;
  status: number;
  /** The answer's body, `null` when empty. */
  responseBody: unknown;
  /** The answer's rate-limit headers (`X-RateLimit-*`, `Retry-After`). */
  responseHeaders: Record<string, string>;
  /** The fake's clock at arrival. */
  at: number;
  /** Real wall-clock time at arrival (rate limits run on real time). */
  realAt: number;
}

/**
 * A message's attachment, as Discord's attachment object: files the bot uploads have the first
 * three fields; files people attach through the test API also have the rest (see `cdn.ts`).
 */
export interface StoredAttachment {
  id: string;
  filename: string;
  size: number;
  content_type?: string;
  url?: string;
  proxy_url?: string;
  width?: number;
  height?: number;
  ephemeral?: boolean;
}
