import { MEMBER_PERMISSIONS, Permission, type PermissionName } from './constants.ts';
import type { FakeEventBus } from './events.ts';
import type { FakeState } from './state.ts';
import type { FakeChannel, FakeGuild, FakeRole, FakeUser } from './types.ts';

/**
 * Fixed ids of the default seed, so logs and assertions can name them. All are real
 * 19-digit snowflakes (from April 2023).
 */
export const DEFAULT_IDS = {
  /** The application and its bot user share an id, as on Discord. */
  application: '1100000000000000001',
  bot: '1100000000000000001',
  guild: '1100000000000000100',
  managerRole: '1100000000000000110',
  botRole: '1100000000000000111',
  general: '1100000000000000201',
  random: '1100000000000000202',
  owner: '1100000000000000301',
  admin: '1100000000000000302',
  member: '1100000000000000303',
} as const;

/** A guild to create. Every field has a default. */
export interface SeedGuildInput {
  name?: string;
  /** Text channels, by name. Default `['general', 'random']`. */
  channels?: Array<string | { name: string; topic?: string }>;
  /** Extra roles; permissions as bits or names. */
  roles?: Array<{ name: string; permissions: bigint | PermissionName[] }>;
  /** People in the guild (the bot is always added). Roles by name. */
  members?: Array<{ username: string; globalName?: string; roles?: string[] }>;
  /** User id of the owner; default: a new user `owner`. */
  ownerId?: string;
  /**
   * Whether the bot is a member. Default true. A guild without the bot (`fake.seedForeignGuild`)
   * sends it no GUILD_CREATE or events, answers its REST calls with 50001, and is reached only
   * through interactions of a user install.
   */
  botIsMember?: boolean;
}

/** What `seedGuild` created, by name. */
export interface SeededGuild {
  guild: FakeGuild;
  /** Text channels by name. */
  channels: Record<string, FakeChannel>;
  /** Roles by name (`@everyone` included). */
  roles: Record<string, FakeRole>;
  /** Members by username (the bot excluded). */
  members: Record<string, FakeUser>;
}

/** The default world: one guild, two channels, an owner, an admin, an ordinary member. */
export interface DefaultSeed {
  guild: FakeGuild;
  channels: { general: FakeChannel; random: FakeChannel };
  roles: { manager: FakeRole; bot: FakeRole };
  users: {
    /** Owns the guild (every permission). */
    owner: FakeUser;
    /** Has Manage Server through the "Server Manager" role, nothing more. */
    admin: FakeUser;
    /** An ordinary member without Manage Server. */
    member: FakeUser;
  };
}

/** Creates the default world with the fixed ids of `DEFAULT_IDS`. */
export function seedDefaults(state: FakeState, bot: FakeUser): DefaultSeed {
  const owner = state.createUser({ id: DEFAULT_IDS.owner, username: 'owner', globalName: 'Server Owner' });
  const admin = state.createUser({ id: DEFAULT_IDS.admin, username: 'admin', globalName: 'Ada Admin' });
  const member = state.createUser({ id: DEFAULT_IDS.member, username: 'member', globalName: 'Max Member' });
  const guild = state.createGuild({ id: DEFAULT_IDS.guild, name: 'Cordial Test Server', ownerId: owner.id, everyonePermissions: MEMBER_PERMISSIONS });
  const manager = state.createRole(guild.id, { id: DEFAULT_IDS.managerRole, name: 'Server Manager', permissions: MEMBER_PERMISSIONS | Permission.ManageGuild });
  const botRole = state.createRole(guild.id, { id: DEFAULT_IDS.botRole, name: bot.username, permissions: MEMBER_PERMISSIONS });
  state.addMember(guild.id, owner.id);
  state.addMember(guild.id, admin.id, [manager.id]);
  state.addMember(guild.id, member.id);
  state.addMember(guild.id, bot.id, [botRole.id]);
  const general = state.createChannel({ id: DEFAULT_IDS.general, guildId: guild.id, name: 'general' }, false);
  const random = state.createChannel({ id: DEFAULT_IDS.random, guildId: guild.id, name: 'random' }, false);
  return { guild, channels: { general, random }, roles: { manager, bot: botRole }, users: { owner, admin, member } };
}

/** Creates a guild with generated ids and reports it (GUILD_CREATE to a connected client, if the bot is in it). */
export function seedGuild(state: FakeState, events: FakeEventBus, bot: FakeUser, input: SeedGuildInput): SeededGuild {
  const ownerId = input.ownerId ?? state.createUser({ username: 'owner' }).id;
  const guild = state.createGuild({ name: input.name ?? 'Another Server', ownerId, everyonePermissions: MEMBER_PERMISSIONS });
  const roles: Record<string, FakeRole> = { '@everyone': guild.roles.get(guild.id) as FakeRole };
  for (const role of input.roles ?? []) {
    roles[role.name] = state.createRole(guild.id, { name: role.name, permissions: toBits(role.permissions) });
  }
  if (input.botIsMember ?? true) {
    const botRole = state.createRole(guild.id, { name: bot.username, permissions: MEMBER_PERMISSIONS });
    state.addMember(guild.id, bot.id, [botRole.id]);
  }
  if (!guild.members.has(ownerId)) state.addMember(guild.id, ownerId);
  const members: Record<string, FakeUser> = {};
  for (const person of input.members ?? []) {
    const user = state.createUser({ username: person.username, globalName: person.globalName ?? null });
    const roleIds = (person.roles ?? []).map((name) => {
      const role = roles[name];
      if (!role) throw new Error(`seedGuild: unknown role "${name}" for ${person.username}`);
      return role.id;
    });
    state.addMember(guild.id, user.id, roleIds);
    members[user.username] = user;
  }
  const channels: Record<string, FakeChannel> = {};
  for (const entry of input.channels ?? ['general', 'random']) {
    const spec = typeof entry === 'string' ? { name: entry } : entry;
    channels[spec.name] = state.createChannel({ guildId: guild.id, name: spec.name, topic: spec.topic ?? null }, false);
  }
  events.report({ type: 'guildCreate', guild });
  return { guild, channels, roles, members };
}

function toBits(permissions: bigint | PermissionName[]): bigint {
  if (typeof permissions === 'bigint') return permissions;
  return permissions.reduce((bits, name) => bits | Permission[name], 0n);
}

/** A guild of `fake.seedGuilds` and its one text channel. */
export interface SpreadGuild {
  guildId: string;
  channelId: string;
}

/**
 * Seeded guilds take snowflakes one millisecond apart from 2016-01-01 (18 digits): consecutive
 * timestamps give `(id >> 22) % count` every remainder in turn, so any shard count gets equal
 * shares. Worker 31 keeps them apart from every id the fake's generator makes (worker 1).
 */
const SPREAD_FIRST_TIMESTAMP = 31_536_000_000n;
const SPREAD_WORKER = 31n;

/**
 * Creates `count` guilds cheaply, for sharding: each named `Server <n>`, with one text channel
 * `general`, owned by `ownerId`, with `memberIds` and the bot as members (no extra roles). Each
 * is reported, so a connected session of its shard gets its GUILD_CREATE.
 */
export function seedSpreadGuilds(
  state: FakeState,
  events: FakeEventBus,
  input: { count: number; ownerId: string; memberIds: string[]; botId: string },
): SpreadGuild[] {
  const seeded: SpreadGuild[] = [];
  for (let index = 0n; seeded.length < input.count; index += 1n) {
    const base = ((SPREAD_FIRST_TIMESTAMP + index) << 22n) | (SPREAD_WORKER << 17n);
    const guildId = base.toString();
    if (state.guilds.has(guildId)) continue; // seeded by an earlier call
    const guild = state.createGuild({ id: guildId, name: `Server ${index + 1n}`, ownerId: input.ownerId, everyonePermissions: MEMBER_PERMISSIONS });
    for (const userId of new Set([input.ownerId, ...input.memberIds, input.botId])) state.addMember(guild.id, userId);
    const channel = state.createChannel({ id: (base | 1n).toString(), guildId, name: 'general' }, false);
    seeded.push({ guildId, channelId: channel.id });
    events.report({ type: 'guildCreate', guild });
  }
  return seeded;
}
