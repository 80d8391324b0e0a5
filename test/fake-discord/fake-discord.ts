import { CommandRegistry, type RegisteredCommand } from './commands.ts';
import { ChannelKind, MessageKind, Permission, type PermissionName } from './constants.ts';
import { FakeEventBus } from './events.ts';
import { GatewayServer, shardOf, type GatewaySession } from './gateway.ts';
import { bridgeStateToGateway } from './gateway-events.ts';
import { GATEWAY_PATH, startHttpServer, type RunningHttpServer } from './http-server.ts';
import { FakeCdn, type AttachmentInput, type CdnRequest } from './cdn.ts';
import type { FakeInteraction } from './interaction.ts';
import {
  InteractionRegistry,
  type AutocompleteInput,
  type ButtonClickInput,
  type MessageCommandInput,
  type ModalSubmitInput,
  type SelectOptionInput,
  type SlashCommandInput,
} from './interaction-factory.ts';
import { guildCreatePayload, memberPayload, userPayload, type PayloadContext } from './payloads.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limiter.ts';
import { Outages, type OutageHandle, type OutageOptions } from './outages.ts';
import { RequestRecorder } from './recorder.ts';
import { buildRouter } from './routes/index.ts';
import { registerGatewayBotRoute } from './routes/misc-routes.ts';
import { DEFAULT_IDS, seedDefaults, seedGuild, seedSpreadGuilds, type DefaultSeed, type SeededGuild, type SeedGuildInput, type SpreadGuild } from './seed.ts';
import { FakeState } from './state.ts';
import { startStandaloneThread, startThreadFromMessage } from './threads.ts';
import type { FakeChannel, FakeGuild, FakeRole, FakeUser, RecordedRequest, StoredAttachment, StoredMessage } from './types.ts';
import { Waiter, type WaitOptions } from './wait.ts';

/** Settings of a fake Discord; every one has a default. */
export interface FakeDiscordOptions {
  /** The bot token the client must log in with. */
  botToken?: string;
  /** The bot's username. Default `Cordial`. */
  botUsername?: string;
  /** Whether the app has the Message Content intent approved; asking without it closes with 4014. Default true. */
  messageContentIntent?: boolean;
  /** The fake's notion of now, for deadlines, token lifetimes and timestamps. Default `Date.now`. */
  clock?: () => number;
  /** Time to the first interaction response. Default 3000 ms. */
  interactionResponseDeadlineMs?: number;
  /** Lifetime of interaction tokens. Default 15 minutes. */
  interactionTokenLifetimeMs?: number;
  /** HELLO `heartbeat_interval`. Default 41250 ms, as Discord. */
  heartbeatIntervalMs?: number;
  /** Buckets and global limit (real time). */
  rateLimits?: RateLimitOptions;
  /** Most guilds one gateway session may hold; an IDENTIFY whose shard holds more closes with 4011. Default 2,500, as Discord. */
  maxGuildsPerShard?: number;
  /** `GET /gateway/bot` recommends one shard per this many guilds (at least 1). Default 1,000, as Discord. */
  guildsPerRecommendedShard?: number;
  /** `session_start_limit.max_concurrency`; discord.js waits 5 s between identifies of one bucket. Default 1. */
  maxConcurrency?: number;
}

/** A message a person sends (through the test API). */
export interface UserMessageInput {
  channelId: string;
  /** Author's user id; default the seeded ordinary member (in a DM: the DM's recipient). */
  author?: string;
  content: string;
  /** Users mentioned without writing `<@id>` in the content. */
  mentions?: string[];
  /** Id of a message in the same channel this one replies to (type 19, with `referenced_message`). */
  replyTo?: string;
  /** Whether the reply pings the author it answers (the client's "@ON"); default true. */
  pingRepliedUser?: boolean;
  embeds?: unknown[];
  /** Files attached to it, served by the fake CDN (`fake.cdnOrigin`) unless one states its own `url`. */
  attachments?: AttachmentInput[];
}

/** Which stored messages a wait is after. */
export interface MessageFilter {
  channelId?: string;
  authorId?: string;
  /** Any further condition, e.g. on `latestVersion(message).content`. */
  where?: (message: StoredMessage) => boolean;
  includeDeleted?: boolean;
}

const DEFAULT_BOT_TOKEN = `${Buffer.from(DEFAULT_IDS.bot).toString('base64url')}.Gfake0.cordial-test-token-not-a-secret`;

/**
 * A local Discord for end-to-end tests: REST and gateway on 127.0.0.1, used by a real
 * discord.js Client as if it were Discord. See README.md for the test API.
 */
export class FakeDiscord {
  /** REST base for discord.js: `new Client({ rest: { api: fake.restUrl, version: '10' } })`. */
  readonly restUrl: string;
  /** WebSocket URL the gateway discovery answers with. */
  readonly gatewayUrl: string;
  readonly botToken: string;
  /** The bot user (its id is also the application id). */
  readonly bot: FakeUser;
  readonly applicationId: string;
  /** The default guild, channels, roles and users. */
  readonly defaults: DefaultSeed;
  /** Every state change, as `'change'` events. */
  readonly events: FakeEventBus;
  /** The fake's clock. */
  readonly clock: () => number;
  readonly #state: FakeState;
  readonly #commands: CommandRegistry;
  readonly #interactions: InteractionRegistry;
  readonly #recorder: RequestRecorder;
  readonly #gateway: GatewayServer;
  readonly #http: RunningHttpServer;
  readonly #waiter: Waiter;
  readonly #stopBridge: () => void;
  readonly #outages: Outages;
  readonly #cdn: FakeCdn;

  private constructor(parts: {
    state: FakeState;
    commands: CommandRegistry;
    interactions: InteractionRegistry;
    recorder: RequestRecorder;
    gateway: GatewayServer;
    http: RunningHttpServer;
    events: FakeEventBus;
    bot: FakeUser;
    defaults: DefaultSeed;
    botToken: string;
    clock: () => number;
    stopBridge: () => void;
    outages: Outages;
    cdn: FakeCdn;
  }) {
    this.#state = parts.state;
    this.#commands = parts.commands;
    this.#interactions = parts.interactions;
    this.#recorder = parts.recorder;
    this.#gateway = parts.gateway;
    this.#http = parts.http;
    this.#waiter = new Waiter(parts.events);
    this.#stopBridge = parts.stopBridge;
    this.#outages = parts.outages;
    this.#cdn = parts.cdn;
    this.events = parts.events;
    this.bot = parts.bot;
    this.applicationId = parts.bot.id;
    this.defaults = parts.defaults;
    this.botToken = parts.botToken;
    this.clock = parts.clock;
    this.restUrl = `http://127.0.0.1:${parts.http.port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${parts.http.port}${GATEWAY_PATH}`;
  }

  /** Starts a fake Discord on a random port, seeded with the default guild. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const clock = options.clock ?? Date.now;
    const botToken = options.botToken ?? DEFAULT_BOT_TOKEN;
    const events = new FakeEventBus();
    const state = new FakeState(events, clock);
    const bot = state.createUser({ id: DEFAULT_IDS.bot, username: options.botUsername ?? 'Cordial', bot: true });
    const defaults = seedDefaults(state, bot);
    const commands = new CommandRegistry();
    let interactions: InteractionRegistry | null = null;
    const payloadContext: PayloadContext = {
      state,
      applicationId: bot.id,
      botUserId: bot.id,
      interactionSummary: (id) => {
        const interaction = interactions?.byId(id);
        if (!interaction) return undefined;
        return { type: interaction.type, userId: interaction.userId, name: interaction.commandName, authorizingIntegrationOwners: interaction.authorizingIntegrationOwners };
      },
    };
    const messageContentGranted = options.messageContentIntent ?? true;
    interactions = new InteractionRegistry({
      state,
      commands,
      payloadContext,
      applicationId: bot.id,
      botUserId: bot.id,
      clock,
      responseDeadlineMs: options.interactionResponseDeadlineMs ?? 3000,
      tokenLifetimeMs: options.interactionTokenLifetimeMs ?? 15 * 60_000,
      messageContentGranted,
      defaultPlace: () => ({ channelId: defaults.channels.general.id, userId: defaults.users.member.id }),
    });
    let port = 0;
    const gatewayUrl = (): string => `ws://127.0.0.1:${port}${GATEWAY_PATH}`;
    const botGuildIds = (): string[] => [...state.guilds.values()].filter((guild) => guild.members.has(bot.id)).map((guild) => guild.id);
    const gateway = new GatewayServer({
      botToken,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      messageContentGranted,
      events,
      maxGuildsPerShard: options.maxGuildsPerShard ?? 2500,
      readyData: () => ({
        v: 10,
        user: { ...userPayload(bot), verified: true, mfa_enabled: false, flags: 0 },
        private_channels: [],
        relationships: [],
        user_settings: {},
        guild_join_requests: [],
        presences: [],
        geo_ordered_rtc_regions: [],
        application: { id: bot.id, flags: 0 },
      }),
      botGuildIds,
      guildCreate: (guildId) => guildCreatePayload(state, state.requireGuild(guildId)),
      membersChunk: (request) => membersChunk(state, request),
      resumeUrl: gatewayUrl,
    });
    const recorder = new RequestRecorder(events);
    const outages = new Outages();
    const cdn = new FakeCdn(() => `http://127.0.0.1:${port}`);
    const router = buildRouter({
      state,
      events,
      commands,
      interactions,
      payloadContext,
      bot,
      applicationId: bot.id,
      clock,
      messageContentGranted,
      gatewayUrl,
    });
    registerGatewayBotRoute(router, {
      url: gatewayUrl,
      botGuildCount: () => botGuildIds().length,
      sessionStarts: () => gateway.sessionStarts,
      guildsPerRecommendedShard: options.guildsPerRecommendedShard ?? 1000,
      maxConcurrency: options.maxConcurrency ?? 1,
    });
    const stopBridge = bridgeStateToGateway({ events, gateway, state, payloadContext, botUserId: bot.id });
    const http = await startHttpServer({
      router,
      rateLimiter: new RateLimiter(options.rateLimits),
      recorder,
      gateway,
      botToken,
      clock,
      outages,
      cdn,
    });
    port = http.port;
    return new FakeDiscord({ state, commands, interactions, recorder, gateway, http, events, bot, defaults, botToken, clock, stopBridge, outages, cdn });
  }

  /** Closes every socket, the server and pending waits. Destroy the client first. */
  async stop(): Promise<void> {
    this.#waiter.cancelAll('fake-discord: stopped');
    this.#stopBridge();
    await this.#gateway.close();
    await this.#http.close();
  }

  // --- records -------------------------------------------------------------------------

  /** Every REST request so far, in arrival order. */
  get requests(): readonly RecordedRequest[] {
    return this.#recorder.requests;
  }

  /**
   * The origin the fake CDN serves attachments from (`http://127.0.0.1:<port>`): give it to the
   * bot as DISCORD_ATTACHMENT_ORIGINS, as Discord's `https://cdn.discordapp.com` is by default.
   */
  get cdnOrigin(): string {
    return `http://127.0.0.1:${this.#http.port}`;
  }

  /** Every fetch of an attachment from the fake CDN, in order. */
  get cdnRequests(): readonly CdnRequest[] {
    return this.#cdn.requests;
  }

  /** How many 429s the fake has answered. */
  get rateLimitCount(): number {
    return this.#recorder.rateLimitCount;
  }

  /** Requests the fake itself failed on (500); a passing test should see none. */
  get internalErrors(): ReadonlyArray<{ request: RecordedRequest; error: unknown }> {
    return this.#recorder.internalErrors;
  }

  /** Messages of a channel or thread, oldest first (ephemeral ones included, flagged 64). */
  messagesIn(channelId: string, options: { includeDeleted?: boolean } = {}): StoredMessage[] {
    return this.#state.messagesIn(channelId, options);
  }

  /** A message by id, deleted or not, with all its `versions`. */
  message(messageId: string): StoredMessage {
    const message = this.#state.messages.get(messageId);
    if (!message) throw new Error(`fake-discord: no message ${messageId}`);
    return message;
  }

  channel(channelId: string): FakeChannel {
    return this.#state.requireChannel(channelId);
  }

  guild(guildId: string): FakeGuild {
    return this.#state.requireGuild(guildId);
  }

  user(userId: string): FakeUser {
    return this.#state.requireUser(userId);
  }

  /** Threads whose parent is `channelId`. */
  threadsOf(channelId: string): FakeChannel[] {
    return [...this.#state.channels.values()].filter((channel) => channel.thread && channel.parentId === channelId);
  }

  /** Registered commands: global (no argument) or of one guild. */
  commands(guildId?: string): RegisteredCommand[] {
    return this.#commands.list(guildId ?? null);
  }

  /** The interaction behind a handle (or id), with its responses and messages. */
  interaction(handle: FakeInteraction | string): FakeInteraction {
    const interaction = this.#interactions.byId(typeof handle === 'string' ? handle : handle.id);
    if (!interaction) throw new Error(`fake-discord: no interaction ${String(typeof handle === 'string' ? handle : handle.id)}`);
    return interaction;
  }

  /** Every interaction sent so far. */
  interactions(): FakeInteraction[] {
    return this.#interactions.all();
  }

  /** Live and resumable gateway sessions, each with the `shard` (`[id, count]`) it identified as. */
  gatewaySessions(): ReadonlyArray<Pick<GatewaySession, 'id' | 'intents' | 'seq' | 'shard'> & { connected: boolean }> {
    return this.#gateway.sessions().map((session) => ({
      id: session.id,
      intents: session.intents,
      seq: session.seq,
      shard: session.shard,
      connected: session.socket !== null,
    }));
  }

  /** The shard that gets a guild's events when there are `shardCount` shards: `(guild_id >> 22) % shardCount`. */
  shardOf(guildId: string, shardCount: number): number {
    return shardOf(guildId, shardCount);
  }

  // --- seeding -------------------------------------------------------------------------

  /** Adds a guild (the bot is a member unless `botIsMember: false`); a connected client gets its GUILD_CREATE. */
  seedGuild(input: SeedGuildInput = {}): SeededGuild {
    return seedGuild(this.#state, this.events, this.bot, input);
  }

  /**
   * Adds `count` guilds cheaply, for sharding tests: each with one text channel `general`, the
   * default owner (owning it), the default member and the bot as members. Their ids are one
   * millisecond apart in the snowflake's timestamp, so every shard count splits them evenly.
   * A connected session of each guild's shard gets its GUILD_CREATE.
   */
  seedGuilds(count: number): SpreadGuild[] {
    const { owner, member } = this.defaults.users;
    return seedSpreadGuilds(this.#state, this.events, { count, ownerId: owner.id, memberIds: [member.id], botId: this.bot.id });
  }

  /**
   * Adds a guild the bot is not in, where people use the app through a user install: the bot
   * gets no GUILD_CREATE or events from it, and its REST calls there answer 403 50001.
   * Interactions there need `install: 'user'` (or `'both'`).
   */
  seedForeignGuild(input: Omit<SeedGuildInput, 'botIsMember'> = {}): SeededGuild {
    return seedGuild(this.#state, this.events, this.bot, { name: 'Foreign Server', ...input, botIsMember: false });
  }

  /**
   * A private channel the bot is not in: a DM between two people (type 1), or a group DM
   * (type 3, owned by the first) when `group` is true or there are more than two. People post in
   * it with `sendMessage`; the bot gets no events and its REST calls there answer 50001, but a
   * user install gets interactions there (context 2).
   */
  createPrivateChannel(input: { recipients: string[]; group?: boolean; name?: string }): FakeChannel {
    if (input.recipients.length < 2) throw new Error('fake-discord: a private channel has two people or more');
    const group = input.group ?? input.recipients.length > 2;
    return this.#state.createPrivateChannel({ recipientIds: input.recipients, group, name: input.name ?? null });
  }

  /**
   * Adds a text channel, or a category (type 4) with `category: true`, to a guild (default the
   * default guild); `parentId` puts a channel in a category. A connected client gets CHANNEL_CREATE.
   */
  createChannel(input: { name: string; guildId?: string; category?: boolean; parentId?: string }): FakeChannel {
    const guildId = input.guildId ?? this.defaults.guild.id;
    if (input.parentId !== undefined && this.#state.requireChannel(input.parentId).type !== ChannelKind.GuildCategory) throw new Error('fake-discord: a channel’s parent must be a category');
    const type = input.category === true ? ChannelKind.GuildCategory : ChannelKind.GuildText;
    return this.#state.createChannel({ guildId, name: input.name, type, parentId: input.parentId ?? null });
  }

  /** Adds a role to a guild (default the default guild); a connected client gets GUILD_ROLE_CREATE. Give it to people with `createUser({ roleIds })`. */
  createRole(input: { name: string; guildId?: string; permissions?: bigint | PermissionName[] }): FakeRole {
    const guildId = input.guildId ?? this.defaults.guild.id;
    const permissions = Array.isArray(input.permissions) ? input.permissions.reduce((bits, name) => bits | Permission[name], 0n) : (input.permissions ?? 0n);
    const role = this.#state.createRole(guildId, { name: input.name, permissions });
    this.events.report({ type: 'roleCreate', guildId, role });
    return role;
  }

  /** Adds a user (not in any guild unless `guildId` is given). */
  createUser(input: { username: string; globalName?: string; guildId?: string; roleIds?: string[] }): FakeUser {
    const user = this.#state.createUser({ username: input.username, globalName: input.globalName ?? null });
    if (input.guildId) this.#state.addMember(input.guildId, user.id, input.roleIds ?? []);
    return user;
  }

  /** The DM channel between the bot and a user. */
  dmChannel(userId: string): FakeChannel {
    return this.#state.dmChannelFor(userId);
  }

  /** Takes a permission from the bot in a channel (and its threads): Discord then answers 50013/50001. */
  denyPermission(channelId: string, permission: PermissionName = 'SendMessages'): void {
    const channel = this.#state.requireChannel(channelId);
    channel.deniedToBot |= Permission[permission];
    this.#state.touchChannel(channel);
  }

  /** Gives back a permission taken by `denyPermission`. */
  allowPermission(channelId: string, permission: PermissionName = 'SendMessages'): void {
    const channel = this.#state.requireChannel(channelId);
    channel.deniedToBot &= ~Permission[permission];
    this.#state.touchChannel(channel);
  }

  // --- acting as people and as Discord ------------------------------------------------

  /** A person posts a message; the bot gets MESSAGE_CREATE (content per its intents). */
  sendMessage(input: UserMessageInput): StoredMessage {
    const channel = this.#state.requireChannel(input.channelId);
    const authorId = input.author ?? defaultAuthor(channel, this.defaults.users.member.id);
    this.#state.requireUser(authorId);
    if (channel.privateRecipientIds && !channel.privateRecipientIds.includes(authorId)) {
      throw new Error(`fake-discord: ${authorId} is not in private channel ${channel.id}`);
    }
    if (channel.thread?.archived) this.#state.updateThread(channel.id, { archived: false });
    channel.thread?.memberIds.add(authorId);
    const reference = input.replyTo ? this.#state.requireMessage(input.replyTo) : null;
    if (reference && reference.channelId !== channel.id) throw new Error(`fake-discord: message ${reference.id} is not in channel ${channel.id}`);
    return this.#state.createMessage({
      channelId: channel.id,
      authorId,
      type: reference ? MessageKind.Reply : MessageKind.Default,
      reference: reference ? { messageId: reference.id, channelId: channel.id, guildId: channel.guildId } : null,
      content: input.content,
      embeds: input.embeds ?? [],
      components: [],
      attachments: (input.attachments ?? []).map((file) => this.#cdn.add('attachments', channel.id, this.#state.nextId(), file)),
      flags: 0,
      allowedMentions: null,
      ...(input.mentions ? { mentionUserIds: input.mentions } : {}),
      ...(input.pingRepliedUser === undefined ? {} : { pingRepliedUser: input.pingRepliedUser }),
      route: 'test sendMessage',
    });
  }

  /**
   * A person picks a file for a slash command's attachment option: Discord uploads it as an
   * ephemeral attachment. Pass its `id` as the option's value (`{ type: 11, value: id }`, or just
   * the id when the command is registered); the interaction carries it in `resolved.attachments`.
   */
  uploadAttachment(input: AttachmentInput): StoredAttachment {
    const attachment = this.#cdn.add('ephemeral-attachments', this.applicationId, this.#state.nextId(), input);
    this.#state.uploadedAttachments.set(attachment.id, attachment);
    return attachment;
  }

  /** A person edits the text of their message; the bot gets MESSAGE_UPDATE (with `edited_timestamp`). */
  editMessage(messageId: string, content: string): StoredMessage {
    return this.#state.editMessage(messageId, { content }, 'test editMessage');
  }

  /**
   * A person (its author or a moderator) deletes a message; later edits of it get 10008 and the
   * bot gets MESSAGE_DELETE. Its `deletion` says `byBot: false`.
   */
  deleteMessage(messageId: string): StoredMessage {
    return this.#state.deleteMessage(messageId, { byBot: false, route: 'test deleteMessage' });
  }

  /** A person starts a thread, from a message or standalone; the bot gets THREAD_CREATE. */
  startThread(input: { channelId: string; name: string; messageId?: string; owner?: string }): FakeChannel {
    const channel = this.#state.requireChannel(input.channelId);
    const ownerId = input.owner ?? this.defaults.users.member.id;
    if (input.messageId) {
      const message = this.#state.requireMessage(input.messageId);
      return startThreadFromMessage(this.#state, { channel, message, name: input.name, ownerId, route: 'test startThread' });
    }
    return startStandaloneThread(this.#state, { channel, name: input.name, ownerId, type: ChannelKind.PublicThread });
  }

  /** Archives/unarchives or locks/unlocks a thread, as a moderator or Discord's timer would. */
  setThreadState(threadId: string, change: { archived?: boolean; locked?: boolean }): FakeChannel {
    return this.#state.updateThread(threadId, change);
  }

  /** A person runs a slash command; returns the interaction handle. */
  sendSlashCommand(input: SlashCommandInput): FakeInteraction {
    return this.#dispatchInteraction(this.#interactions.createSlashCommand(input));
  }

  /** A person types in an autocompleted option; read the answer with `interaction(h).autocompleteChoices`. */
  sendAutocomplete(input: AutocompleteInput): FakeInteraction {
    return this.#dispatchInteraction(this.#interactions.createAutocomplete(input));
  }

  /**
   * A person uses a message command from a message's context menu. The interaction carries the
   * target in `data.resolved.messages`, with its content even without the Message Content intent.
   */
  sendMessageCommand(input: MessageCommandInput): FakeInteraction {
    return this.#dispatchInteraction(this.#interactions.createMessageCommand(input));
  }

  /** A person clicks a button of a message (only one the latest version shows, enabled). */
  clickButton(input: ButtonClickInput): FakeInteraction {
    return this.#dispatchInteraction(this.#interactions.createButtonClick(input));
  }

  /** A person picks options in a string select of a message (checked against its options and min/max values). */
  selectOption(input: SelectOptionInput): FakeInteraction {
    return this.#dispatchInteraction(this.#interactions.createSelect(input));
  }

  /**
   * A person submits the modal the bot opened (`handle.modal`): a MODAL_SUBMIT interaction with
   * its own token and deadline, in the place of the interaction that opened it.
   */
  submitModal(input: ModalSubmitInput): FakeInteraction {
    return this.#dispatchInteraction(this.#interactions.createModalSubmit(input));
  }

  /**
   * Discord's REST API goes down: matching requests (default: all) get a 503 with the edge's
   * plain-text body until the handle's `end()`. The gateway stays up.
   */
  startOutage(options?: OutageOptions): OutageHandle {
    return this.#outages.start(options);
  }

  /** Ends an interaction's token now: its webhook routes answer 401 50027 from here on. */
  expireInteraction(handle: FakeInteraction | string): void {
    this.interaction(handle).tokenExpiresAt = this.clock();
  }

  /** Cuts gateway sockets without a close frame; discord.js then resumes its session. */
  dropGatewayConnections(): void {
    this.#gateway.dropConnections();
  }

  /** Sends op 7 Reconnect to every client. */
  requestGatewayReconnect(): void {
    this.#gateway.requestReconnect();
  }

  // --- waiting -------------------------------------------------------------------------

  /** Resolves with the first truthy value of `check`, re-evaluated on every state change. */
  waitFor<T>(check: () => T | undefined | null | false, options?: WaitOptions): Promise<T> {
    return this.#waiter.waitFor(check, options);
  }

  /** The oldest stored message matching the filter, now or when it arrives or changes. */
  waitForMessage(filter: MessageFilter, options?: WaitOptions): Promise<StoredMessage> {
    return this.waitFor(() => this.#findMessage(filter), { description: 'a matching message', ...options });
  }

  /** The first thread matching the filter. */
  waitForThread(filter: { parentId?: string; name?: string; where?: (thread: FakeChannel) => boolean } = {}, options?: WaitOptions): Promise<FakeChannel> {
    return this.waitFor(
      () =>
        [...this.#state.channels.values()].find(
          (channel) =>
            channel.thread !== null &&
            (filter.parentId === undefined || channel.parentId === filter.parentId) &&
            (filter.name === undefined || channel.name === filter.name) &&
            (filter.where === undefined || filter.where(channel)),
        ),
      { description: 'a matching thread', ...options },
    );
  }

  /** Resolves once the bot answered the interaction's callback. */
  waitForInteractionResponse(handle: FakeInteraction, options?: WaitOptions): Promise<FakeInteraction> {
    const interaction = this.interaction(handle);
    return this.waitFor(() => (interaction.acknowledged ? interaction : undefined), { description: `a response to interaction ${interaction.id}`, ...options });
  }

  #findMessage(filter: MessageFilter): StoredMessage | undefined {
    const candidates = filter.channelId ? this.#state.messagesIn(filter.channelId, { includeDeleted: filter.includeDeleted ?? false }) : [...this.#state.messages.values()];
    return candidates.find(
      (message) =>
        (filter.includeDeleted || !message.deleted) &&
        (filter.authorId === undefined || message.authorId === filter.authorId) &&
        (filter.where === undefined || filter.where(message)),
    );
  }

  #dispatchInteraction(interaction: FakeInteraction): FakeInteraction {
    if (this.#gateway.sessions().length === 0) {
      throw new Error('fake-discord: no gateway session; log a client in before sending interactions');
    }
    this.events.report({ type: 'interactionCreate', interaction });
    this.#gateway.dispatch('INTERACTION_CREATE', interaction.guildId, () => interaction.payload);
    return interaction;
  }
}

/** Who posts in a channel when a test names nobody: the DM's person, a private channel's first, else the ordinary member. */
function defaultAuthor(channel: FakeChannel, member: string): string {
  if (channel.privateRecipientIds) return channel.privateRecipientIds[0] ?? member;
  return channel.type === ChannelKind.DM && channel.recipientId ? channel.recipientId : member;
}

/** GUILD_MEMBERS_CHUNK for a Request Guild Members (op 8): by ids or by username prefix. */
function membersChunk(state: FakeState, request: Record<string, unknown>): unknown {
  const guildId = typeof request['guild_id'] === 'string' ? request['guild_id'] : '';
  const guild = state.guilds.get(guildId);
  const userIds = Array.isArray(request['user_ids']) ? (request['user_ids'] as string[]) : typeof request['user_ids'] === 'string' ? [request['user_ids']] : null;
  const query = typeof request['query'] === 'string' ? request['query'].toLowerCase() : '';
  const members = [...(guild?.members.values() ?? [])].filter((member) =>
    userIds ? userIds.includes(member.userId) : (state.users.get(member.userId)?.username ?? '').toLowerCase().startsWith(query),
  );
  return {
    guild_id: guildId,
    members: members.map((member) => memberPayload(state, member)),
    chunk_index: 0,
    chunk_count: 1,
    not_found: userIds ? userIds.filter((id) => !guild?.members.has(id)) : [],
    ...(request['nonce'] !== undefined ? { nonce: request['nonce'] } : {}),
  };
}
