import { botCanSee } from './channel-access.ts';
import { ChannelKind, IntegrationType, InteractionContext, MEMBER_PERMISSIONS, Permission } from './constants.ts';
import { channelPayload, memberPayload, userPayload } from './payloads.ts';
import type { FakeState } from './state.ts';
import type { FakeChannel } from './types.ts';

/**
 * Where the app is installed for an interaction: to the guild (the bot is in it; the default),
 * to the acting person's account (a user install), or both.
 */
export type InstallTarget = 'guild' | 'user' | 'both';

/** Who acts and where, common to every interaction a test sends. */
export interface InteractionPlace {
  /** Defaults to the default guild's first text channel. A DM channel makes a DM interaction. */
  channelId?: string;
  /** Guild of the channel; taken from the channel when left out. */
  guildId?: string;
  /** User id; defaults to the seeded ordinary member. */
  user?: string;
  /** The user's client language. Default `en-US`. */
  locale?: string;
  /** Overrides the member permissions computed from roles (bitfield). */
  memberPermissions?: bigint | string;
  /**
   * Which installs authorize it. Default `guild`; servers the bot is not in and private channels
   * need `user` (or `both`, which there means the user install alone).
   */
  install?: InstallTarget;
}

/** What limits an interaction beyond the place: the registered command's settings, the install's owner. */
export interface PlaceRules {
  /** `integration_types` of the command used; installs outside it do not authorize it. Default both. */
  integrationTypes?: readonly number[];
  /** `contexts` of the command used (`null`: everywhere). */
  contexts?: readonly number[] | null;
  /** The person whose user install it is; default the actor (a component inherits it from the command). */
  authorizingUserId?: string;
}

/** An interaction's place, resolved, and the payload fields that say it. */
export interface ResolvedPlace {
  channel: FakeChannel;
  guildId: string | null;
  userId: string;
  /** `guild_id`, `guild`, `member` or `user`, `channel`, `channel_id`, `app_permissions`, `locale`, `authorizing_integration_owners`, `context`. */
  fields: Record<string, unknown>;
}

/** What an app may do in a (group) DM between people, as Discord documents `app_permissions` there. */
const PRIVATE_CHANNEL_APP_PERMISSIONS = Permission.AttachFiles | Permission.EmbedLinks | Permission.MentionEveryone;

/**
 * Resolves where an interaction happens and builds the fields Discord sends for it, for guild
 * and user installs alike. Throws when no install authorizes it there: Discord would not show
 * the command (or the component would not answer), so a test asking for it is wrong.
 */
export function resolvePlace(
  state: FakeState,
  botUserId: string,
  place: InteractionPlace,
  fallback: { channelId: string; userId: string },
  rules: PlaceRules = {},
): ResolvedPlace {
  const channel = state.requireChannel(place.channelId ?? fallback.channelId);
  const userId = place.user ?? fallback.userId;
  const user = state.requireUser(userId);
  const guildId = place.guildId ?? channel.guildId;
  const botIsThere = botCanSee(state, channel, botUserId);
  const context = guildId ? InteractionContext.Guild : botIsThere ? InteractionContext.BotDM : InteractionContext.PrivateChannel;
  if (rules.contexts && !rules.contexts.includes(context)) {
    throw new Error(`fake-discord: the command is not available in context ${context} (its contexts are [${rules.contexts.join(', ')}])`);
  }
  const owners = authorizingOwners(place.install ?? 'guild', context, botIsThere, guildId, rules.authorizingUserId ?? userId, rules.integrationTypes);
  const fields: Record<string, unknown> = {
    channel_id: channel.id,
    locale: place.locale ?? 'en-US',
    authorizing_integration_owners: owners,
    context,
  };
  if (guildId) {
    const guild = state.requireGuild(guildId);
    const member = guild.members.get(userId) ?? state.addMember(guildId, userId);
    const memberPermissions = place.memberPermissions === undefined ? state.permissionsIn(userId, channel.id, guildId) : BigInt(place.memberPermissions);
    fields['guild_id'] = guildId;
    fields['guild'] = { id: guildId, locale: 'en-US', features: [] };
    fields['guild_locale'] = 'en-US';
    fields['member'] = { ...memberPayload(state, member), permissions: memberPermissions.toString(), pending: false, premium_since: null, avatar: null, communication_disabled_until: null };
    fields['channel'] = { ...channelPayload(state, channel), permissions: memberPermissions.toString() };
    // an app without its bot in the guild acts with @everyone's permissions, plus the two
    // Discord always grants interaction responses
    fields['app_permissions'] = (
      botIsThere ? state.permissionsIn(botUserId, channel.id, guildId) : everyonePermissions(state, guildId) | Permission.AttachFiles | Permission.EmbedLinks
    ).toString();
  } else {
    fields['user'] = userPayload(user);
    fields['channel'] = privateChannelPartial(state, channel, userId);
    fields['app_permissions'] = (
      context === InteractionContext.BotDM ? MEMBER_PERMISSIONS | PRIVATE_CHANNEL_APP_PERMISSIONS | Permission.UseExternalEmojis : PRIVATE_CHANNEL_APP_PERMISSIONS
    ).toString();
  }
  return { channel, guildId, userId, fields };
}

/**
 * `authorizing_integration_owners` as Discord documents it: key "0" (guild install) holds the
 * guild's id in a guild the bot is in and "0" in the bot's DM, and is absent elsewhere (a guild
 * install reaches neither foreign guilds nor private channels); key "1" (user install) holds the
 * id of the person who installed the app. A key is only there if the command allows that install.
 */
function authorizingOwners(
  install: InstallTarget,
  context: number,
  botIsThere: boolean,
  guildId: string | null,
  installerId: string,
  integrationTypes: readonly number[] | undefined,
): Record<string, string> {
  const allows = (type: number): boolean => integrationTypes === undefined || integrationTypes.includes(type);
  const owners: Record<string, string> = {};
  if (install !== 'user' && allows(IntegrationType.GuildInstall) && botIsThere) {
    if (context === InteractionContext.Guild && guildId) owners[String(IntegrationType.GuildInstall)] = guildId;
    if (context === InteractionContext.BotDM) owners[String(IntegrationType.GuildInstall)] = '0';
  }
  if (install !== 'guild' && allows(IntegrationType.UserInstall)) owners[String(IntegrationType.UserInstall)] = installerId;
  if (Object.keys(owners).length === 0) {
    const where = context === InteractionContext.PrivateChannel ? 'a private channel' : botIsThere ? 'here' : 'a guild the bot is not in';
    throw new Error(`fake-discord: no install authorizes this interaction (install '${install}' in ${where}); use install: 'user' where the bot is not`);
  }
  return owners;
}

/** The @everyone role's permissions in a guild. */
function everyonePermissions(state: FakeState, guildId: string): bigint {
  return state.requireGuild(guildId).roles.get(guildId)?.permissions ?? 0n;
}

/** The partial DM or group DM channel of a DM interaction, as the acting person sees it (others as recipients). */
function privateChannelPartial(state: FakeState, channel: FakeChannel, userId: string): unknown {
  const payload = channelPayload(state, channel) as unknown as { recipients?: Array<{ id: string }> };
  if (channel.type === ChannelKind.GroupDM || channel.privateRecipientIds) {
    return { ...payload, recipients: (payload.recipients ?? []).filter((recipient) => recipient.id !== userId) };
  }
  return payload;
}
