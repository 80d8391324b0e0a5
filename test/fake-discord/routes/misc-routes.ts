import { discordErrors } from '../errors.ts';
import { channelPayload, guildCreatePayload, memberPayload, rolePayload, userPayload } from '../payloads.ts';
import { noContent, ok, type FakeRouter, type FakeServices, type RouteRequest } from './route-kit.ts';

/** What `GET /gateway/bot` reports: Discord's shard recommendation and the session start budget. */
export interface GatewayBotSource {
  url: () => string;
  /** Guilds the bot is in, all shards together. */
  botGuildCount: () => number;
  /** Sessions started so far (each IDENTIFY Discord accepted); `remaining` counts down by them. */
  sessionStarts: () => number;
  /** Guilds per shard behind the recommendation; Discord's is about 1,000. */
  guildsPerRecommendedShard: number;
  /** `session_start_limit.max_concurrency`: how many shards may identify at once (per 5 s). */
  maxConcurrency: number;
}

/** Discord's daily budget of session starts for an ordinary bot. */
const SESSION_START_TOTAL = 1000;
const SESSION_START_RESET_AFTER_MS = 14_400_000;

/**
 * `GET /gateway/bot`: the gateway URL, the recommended shard count (one per
 * `guildsPerRecommendedShard` guilds, at least 1) and `session_start_limit`.
 */
export function registerGatewayBotRoute(router: FakeRouter, source: GatewayBotSource): void {
  router.add('GET /gateway/bot', 'bot', () =>
    ok({
      url: source.url(),
      shards: Math.max(1, Math.ceil(source.botGuildCount() / source.guildsPerRecommendedShard)),
      session_start_limit: {
        total: SESSION_START_TOTAL,
        remaining: Math.max(0, SESSION_START_TOTAL - source.sessionStarts()),
        reset_after: SESSION_START_RESET_AFTER_MS,
        max_concurrency: source.maxConcurrency,
      },
    }),
  );
}

/** Gateway discovery without a token, users, guilds, the application and its commands. */
export function registerMiscRoutes(router: FakeRouter, services: FakeServices): void {
  const { state, commands } = services;

  router.add('GET /gateway', 'none', () => ok({ url: services.gatewayUrl() }));

  router.add('GET /users/@me', 'bot', () => ok(userPayload(services.bot)));
  router.add('POST /users/@me/channels', 'bot', ({ body }) => {
    const recipientId = (body as { recipient_id?: unknown } | null)?.recipient_id;
    const channel = state.dmChannelFor(typeof recipientId === 'string' ? recipientId : '');
    return ok(channelPayload(state, channel));
  });
  router.add('GET /users/:userId', 'bot', ({ params }) => ok(userPayload(state.requireUser(params['userId'] ?? ''))));

  /** A guild the bot is in: 10004 for an unknown guild, 50001 for one it is not a member of. */
  const botGuild = (request: RouteRequest) => {
    const guild = state.requireGuild(request.params['guildId'] ?? '');
    if (!guild.members.has(services.bot.id)) throw discordErrors.missingAccess();
    return guild;
  };
  router.add('GET /guilds/:guildId', 'bot', (request) => {
    const { members: _members, channels: _channels, threads: _threads, ...guild } = guildCreatePayload(state, botGuild(request));
    return ok(guild);
  });
  router.add('GET /guilds/:guildId/channels', 'bot', (request) => {
    const guild = botGuild(request);
    const channels = [...state.channels.values()].filter((channel) => channel.guildId === guild.id && !channel.thread);
    return ok(channels.map((channel) => channelPayload(state, channel)));
  });
  router.add('GET /guilds/:guildId/threads/active', 'bot', (request) => {
    const guild = botGuild(request);
    const threads = [...state.channels.values()].filter((channel) => channel.guildId === guild.id && channel.thread && !channel.thread.archived);
    return ok({ threads: threads.map((channel) => channelPayload(state, channel)), members: [] });
  });
  router.add('GET /guilds/:guildId/roles', 'bot', (request) => ok([...botGuild(request).roles.values()].map(rolePayload)));
  router.add('GET /guilds/:guildId/members', 'bot', (request) => {
    const limit = Number(request.query.get('limit') ?? '1');
    const members = [...botGuild(request).members.values()].slice(0, Math.max(1, Math.min(1000, limit)));
    return ok(members.map((member) => memberPayload(state, member)));
  });
  router.add('GET /guilds/:guildId/members/:userId', 'bot', (request) => {
    const member = botGuild(request).members.get(request.params['userId'] ?? '');
    if (!member) throw discordErrors.unknownMember();
    return ok(memberPayload(state, member));
  });

  router.add('GET /applications/@me', 'bot', () =>
    ok({
      id: services.applicationId,
      name: services.bot.username,
      icon: null,
      description: '',
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      team: null,
      bot: userPayload(services.bot),
      owner: userPayload(services.bot),
    }),
  );

  /** Only our own application's commands are reachable. */
  const ownApplication = (request: RouteRequest): string => {
    if (request.params['applicationId'] !== services.applicationId) throw discordErrors.missingAccess();
    return services.applicationId;
  };
  const scopeOf = (request: RouteRequest): string | null => {
    const guildId = request.params['guildId'];
    if (guildId === undefined) return null;
    botGuild(request);
    return guildId;
  };
  for (const base of ['/applications/:applicationId/commands', '/applications/:applicationId/guilds/:guildId/commands']) {
    router.add(`GET ${base}`, 'bot', (request) => {
      ownApplication(request);
      return ok(commands.list(scopeOf(request)));
    });
    router.add(`PUT ${base}`, 'bot', (request) =>
      ok(commands.overwrite(ownApplication(request), scopeOf(request), request.body, state.nextId)),
    );
    router.add(`GET ${base}/:commandId`, 'bot', (request) => {
      ownApplication(request);
      const command = commands.list(scopeOf(request)).find((candidate) => candidate.id === request.params['commandId']);
      if (!command) throw discordErrors.unknownCommand();
      return ok(command);
    });
    router.add(`POST ${base}`, 'bot', (request) => {
      // 201 for a new command, 200 when one of that name and type was replaced
      const { command, created } = commands.upsert(ownApplication(request), scopeOf(request), request.body, state.nextId);
      return { status: created ? 201 : 200, body: command };
    });
    router.add(`DELETE ${base}/:commandId`, 'bot', (request) => {
      ownApplication(request);
      const scope = scopeOf(request);
      const remaining = commands.list(scope).filter((command) => command.id !== request.params['commandId']);
      commands.overwrite(services.applicationId, scope, remaining, state.nextId);
      return noContent();
    });
  }
}
