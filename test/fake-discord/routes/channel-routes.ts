import { ChannelKind, Permission } from '../constants.ts';
import { discordErrors } from '../errors.ts';
import { channelPayload, memberPayload } from '../payloads.ts';
import { startStandaloneThread, startThreadFromMessage, validateThreadInput } from '../threads.ts';
import { isEphemeral } from './message-routes.ts';
import { botHas, noContent, ok, requireBotAccess, requireBotPermission, type FakeRouter, type FakeServices } from './route-kit.ts';

/** Channel and thread routes: fetch/modify a channel, start threads, thread membership. */
export function registerChannelRoutes(router: FakeRouter, services: FakeServices): void {
  const { state } = services;

  router.add('GET /channels/:channelId', 'bot', ({ params }) => {
    const channel = state.requireChannel(params['channelId'] ?? '');
    requireBotAccess(services, channel);
    return ok(channelPayload(state, channel));
  });

  router.add('PATCH /channels/:channelId', 'bot', ({ params, body }) => {
    const channel = state.requireChannel(params['channelId'] ?? '');
    requireBotAccess(services, channel);
    const fields = (body ?? {}) as Record<string, unknown>;
    const { name } = validateThreadInput(body, { nameRequired: false });
    if (!channel.thread) {
      requireBotPermission(services, channel, Permission.ManageChannels);
      if (name !== undefined) channel.name = name;
      if (typeof fields['topic'] === 'string' || fields['topic'] === null) channel.topic = fields['topic'] as string | null;
      state.touchChannel(channel);
      return ok(channelPayload(state, channel));
    }
    const isOwner = channel.thread.ownerId === services.bot.id;
    const canManage = botHas(services, channel, Permission.ManageThreads);
    if (fields['locked'] !== undefined && !canManage) throw discordErrors.missingPermissions();
    if (name !== undefined && !isOwner && !canManage) throw discordErrors.missingPermissions();
    const unarchives = fields['archived'] === false;
    if (channel.thread.archived && !unarchives && name !== undefined) throw discordErrors.threadArchived();
    state.updateThread(channel.id, {
      ...(typeof fields['archived'] === 'boolean' ? { archived: fields['archived'] } : {}),
      ...(typeof fields['locked'] === 'boolean' ? { locked: fields['locked'] } : {}),
      ...(name !== undefined ? { name } : {}),
    });
    return ok(channelPayload(state, channel));
  });

  router.add('POST /channels/:channelId/messages/:messageId/threads', 'bot', ({ params, body, route }) => {
    const channel = state.requireChannel(params['channelId'] ?? '');
    requireBotPermission(services, channel, Permission.CreatePublicThreads);
    const message = state.requireMessage(params['messageId'] ?? '');
    if (message.channelId !== channel.id || isEphemeral(message)) throw discordErrors.unknownMessage();
    const { name, autoArchiveDuration } = validateThreadInput(body, { nameRequired: true });
    const thread = startThreadFromMessage(state, {
      channel,
      message,
      name: name ?? '',
      ownerId: services.bot.id,
      ...(autoArchiveDuration ? { autoArchiveDuration } : {}),
      route,
    });
    return { status: 201, body: channelPayload(state, thread) };
  });

  router.add('POST /channels/:channelId/threads', 'bot', ({ params, body }) => {
    const channel = state.requireChannel(params['channelId'] ?? '');
    const requested = (body as { type?: unknown } | null)?.type;
    // the API's default is a private thread; discord.js asks for a public one explicitly
    const type = requested === ChannelKind.PublicThread ? ChannelKind.PublicThread : ChannelKind.PrivateThread;
    requireBotPermission(services, channel, type === ChannelKind.PublicThread ? Permission.CreatePublicThreads : Permission.CreatePrivateThreads);
    const { name, autoArchiveDuration } = validateThreadInput(body, { nameRequired: true });
    const thread = startStandaloneThread(state, {
      channel,
      name: name ?? '',
      ownerId: services.bot.id,
      type,
      ...(autoArchiveDuration ? { autoArchiveDuration } : {}),
    });
    return { status: 201, body: channelPayload(state, thread) };
  });

  router.add('PUT /channels/:channelId/thread-members/@me', 'bot', ({ params }) => {
    const channel = state.requireChannel(params['channelId'] ?? '');
    requireBotAccess(services, channel);
    if (!channel.thread) throw discordErrors.wrongChannelType();
    if (channel.thread.archived) throw discordErrors.threadArchived();
    channel.thread.memberIds.add(services.bot.id);
    return noContent();
  });

  router.add('DELETE /channels/:channelId/thread-members/@me', 'bot', ({ params }) => {
    const channel = state.requireChannel(params['channelId'] ?? '');
    requireBotAccess(services, channel);
    if (!channel.thread) throw discordErrors.wrongChannelType();
    channel.thread.memberIds.delete(services.bot.id);
    return noContent();
  });

  router.add('GET /channels/:channelId/thread-members/:userId', 'bot', ({ params, query }) => {
    const channel = state.requireChannel(params['channelId'] ?? '');
    const userId = params['userId'] ?? '';
    requireBotAccess(services, channel);
    if (!channel.thread) throw discordErrors.wrongChannelType();
    if (!channel.thread.memberIds.has(userId)) throw discordErrors.unknownMember();
    const member = channel.guildId ? state.guilds.get(channel.guildId)?.members.get(userId) : undefined;
    return ok({
      id: channel.id,
      user_id: userId,
      join_timestamp: channel.thread.createTimestamp,
      flags: 0,
      ...(query.get('with_member') === 'true' && member ? { member: memberPayload(state, member) } : {}),
    });
  });
}
