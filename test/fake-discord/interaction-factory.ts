import { randomBytes } from 'node:crypto';
import type { CommandRegistry, CommandOptionDefinition } from './commands.ts';
import { ChannelKind, InteractionKind, MEMBER_PERMISSIONS, OptionKind } from './constants.ts';
import { FakeInteraction } from './interaction.ts';
import { channelPayload, memberPayload, messagePayload, rolePayload, userPayload, type PayloadContext } from './payloads.ts';
import { latestVersion, type FakeState } from './state.ts';

/** An option value as tests write it; an object fixes the option type explicitly. */
export type OptionInput = string | number | boolean | { type: number; value: string | number | boolean };

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
}

/** A chat-input command as a user would type it. */
export interface SlashCommandInput extends InteractionPlace {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  /** Option values by name. Types come from the registered command when there is one. */
  options?: Record<string, OptionInput>;
}

/** An autocomplete request: the user is typing in option `focused`. */
export interface AutocompleteInput extends SlashCommandInput {
  focused: string;
}

/** A click on a message component. */
export interface ButtonClickInput extends InteractionPlace {
  messageId: string;
  customId: string;
  /** Component type; 2 (button) by default. */
  componentType?: number;
}

interface FactoryDependencies {
  state: FakeState;
  commands: CommandRegistry;
  payloadContext: PayloadContext;
  applicationId: string;
  botUserId: string;
  clock: () => number;
  responseDeadlineMs: number;
  tokenLifetimeMs: number;
  defaultPlace: () => { channelId: string; userId: string };
}

/** Builds INTERACTION_CREATE payloads with every field discord.js v14 reads, and keeps them. */
export class InteractionRegistry {
  readonly #byId = new Map<string, FakeInteraction>();
  readonly #dependencies: FactoryDependencies;

  constructor(dependencies: FactoryDependencies) {
    this.#dependencies = dependencies;
  }

  byId(id: string): FakeInteraction | undefined {
    return this.#byId.get(id);
  }

  byToken(token: string): FakeInteraction | undefined {
    for (const interaction of this.#byId.values()) if (interaction.token === token) return interaction;
    return undefined;
  }

  /** Every interaction so far, oldest first. */
  all(): FakeInteraction[] {
    return [...this.#byId.values()];
  }

  createSlashCommand(input: SlashCommandInput): FakeInteraction {
    return this.#create(InteractionKind.ApplicationCommand, input, input.name, (guildId) => this.#commandData(input, guildId, undefined));
  }

  createAutocomplete(input: AutocompleteInput): FakeInteraction {
    return this.#create(InteractionKind.Autocomplete, input, input.name, (guildId) => this.#commandData(input, guildId, input.focused));
  }

  createButtonClick(input: ButtonClickInput): FakeInteraction {
    const { state, payloadContext } = this.#dependencies;
    const message = state.requireMessage(input.messageId);
    // a person can only click what the message shows now
    if (!clickableIds(latestVersion(message).components).includes(input.customId)) {
      throw new Error(`fake-discord: message ${message.id} shows no enabled component "${input.customId}" to click`);
    }
    const place = { ...input, channelId: input.channelId ?? message.channelId };
    return this.#create(
      InteractionKind.MessageComponent,
      place,
      '',
      () => ({ custom_id: input.customId, component_type: input.componentType ?? 2 }),
      { message: messagePayload(payloadContext, message), componentMessageId: message.id },
    );
  }

  #create(
    type: number,
    place: InteractionPlace,
    commandName: string,
    buildData: (guildId: string | null) => Record<string, unknown>,
    component?: { message: unknown; componentMessageId: string },
  ): FakeInteraction {
    const { state, applicationId, botUserId, clock } = this.#dependencies;
    const fallback = this.#dependencies.defaultPlace();
    const channel = state.requireChannel(place.channelId ?? fallback.channelId);
    const userId = place.user ?? fallback.userId;
    const user = state.requireUser(userId);
    const guildId = place.guildId ?? channel.guildId;
    const id = state.nextId();
    const token = `aW50ZXJhY3Rpb246${Buffer.from(id).toString('base64url')}${randomBytes(48).toString('base64url')}`;
    const payload: Record<string, unknown> = {
      id,
      application_id: applicationId,
      type,
      data: buildData(guildId),
      channel_id: channel.id,
      token,
      version: 1,
      locale: place.locale ?? 'en-US',
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (guildId) {
      const guild = state.requireGuild(guildId);
      const member = guild.members.get(userId) ?? state.addMember(guildId, userId);
      const memberPermissions =
        place.memberPermissions === undefined ? state.permissionsIn(userId, channel.id, guildId) : BigInt(place.memberPermissions);
      payload['guild_id'] = guildId;
      payload['guild'] = { id: guildId, locale: 'en-US', features: [] };
      payload['guild_locale'] = 'en-US';
      payload['member'] = { ...memberPayload(state, member), permissions: memberPermissions.toString(), pending: false, premium_since: null, avatar: null, communication_disabled_until: null };
      payload['channel'] = { ...channelPayload(state, channel), permissions: memberPermissions.toString() };
      payload['app_permissions'] = state.permissionsIn(botUserId, channel.id, guildId).toString();
      payload['authorizing_integration_owners'] = { 0: guildId };
      payload['context'] = 0;
    } else {
      payload['user'] = userPayload(user);
      payload['channel'] = channelPayload(state, channel);
      payload['app_permissions'] = MEMBER_PERMISSIONS.toString();
      // a guild-installed app reached in the bot's DM: Discord sends "0" as the guild
      payload['authorizing_integration_owners'] = { 0: '0' };
      payload['context'] = channel.type === ChannelKind.DM ? 1 : 2;
    }
    if (component) payload['message'] = component.message;
    const interaction = new FakeInteraction(
      {
        id,
        token,
        type,
        applicationId,
        guildId,
        channelId: channel.id,
        userId,
        commandName,
        componentMessageId: component?.componentMessageId ?? null,
        dispatchedAt: clock(),
        responseDeadlineMs: this.#dependencies.responseDeadlineMs,
        tokenLifetimeMs: this.#dependencies.tokenLifetimeMs,
        payload,
      },
      state,
    );
    this.#byId.set(id, interaction);
    return interaction;
  }

  #commandData(input: SlashCommandInput, guildId: string | null, focused: string | undefined): Record<string, unknown> {
    const { commands, state } = this.#dependencies;
    const command = commands.find(input.name, guildId);
    const path: string[] = [input.subcommandGroup, input.subcommand].filter((part): part is string => part !== undefined);
    let definitions = command?.options;
    for (const part of path) definitions = definitions?.find((option) => option.name === part)?.options;
    const resolved: Record<string, Record<string, unknown>> = {};
    const entries = Object.entries(input.options ?? {});
    if (focused !== undefined && !entries.some(([name]) => name === focused)) entries.push([focused, '']);
    const leafOptions = entries.map(([name, value]) => {
      const type = optionType(name, value, definitions, command !== undefined);
      const raw = typeof value === 'object' ? value.value : value;
      if (name === focused) return { name, type, value: String(raw), focused: true };
      if (type === OptionKind.User || type === OptionKind.Mentionable || type === OptionKind.Channel || type === OptionKind.Role) {
        resolveReference(state, guildId, type, String(raw), resolved);
      }
      // an attachment option's value is the attachment's id; the file itself is in resolved.attachments
      if (type === OptionKind.Attachment) {
        const attachment = state.uploadedAttachments.get(String(raw));
        if (attachment === undefined) throw new Error(`attachment ${String(raw)} was not uploaded (fake.uploadAttachment)`);
        (resolved['attachments'] ??= {})[attachment.id] = { ...attachment };
      }
      return { name, type, value: raw };
    });
    let options: unknown[] = leafOptions;
    if (input.subcommand) options = [{ name: input.subcommand, type: OptionKind.Subcommand, options }];
    if (input.subcommandGroup) options = [{ name: input.subcommandGroup, type: OptionKind.SubcommandGroup, options }];
    return {
      id: command?.id ?? state.nextId(),
      name: input.name,
      type: 1,
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
      ...(options.length > 0 ? { options } : {}),
      ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
    };
  }
}

function optionType(name: string, value: OptionInput, definitions: CommandOptionDefinition[] | undefined, registered: boolean): number {
  if (typeof value === 'object') return value.type;
  const definition = definitions?.find((option) => option.name === name);
  if (definition) return definition.type;
  if (registered) throw new Error(`option "${name}" is not in the registered command`);
  if (typeof value === 'boolean') return OptionKind.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? OptionKind.Integer : OptionKind.Number;
  return OptionKind.String;
}

/** Adds the user/member/channel/role an option points at to `resolved`, as Discord does. */
function resolveReference(state: FakeState, guildId: string | null, type: number, id: string, resolved: Record<string, Record<string, unknown>>): void {
  const user = state.users.get(id);
  if ((type === OptionKind.User || type === OptionKind.Mentionable) && user) {
    (resolved['users'] ??= {})[id] = userPayload(user);
    const member = guildId ? state.guilds.get(guildId)?.members.get(id) : undefined;
    if (member && guildId) {
      const { user: _user, ...withoutUser } = memberPayload(state, member);
      (resolved['members'] ??= {})[id] = { ...withoutUser, permissions: state.permissionsIn(id, null, guildId).toString() };
    }
    return;
  }
  const role = guildId ? state.guilds.get(guildId)?.roles.get(id) : undefined;
  if ((type === OptionKind.Role || type === OptionKind.Mentionable) && role) {
    (resolved['roles'] ??= {})[id] = rolePayload(role);
    return;
  }
  const channel = state.channels.get(id);
  if (type === OptionKind.Channel && channel) {
    (resolved['channels'] ??= {})[id] = { id, name: channel.name, type: channel.type, permissions: MEMBER_PERMISSIONS.toString() };
  }
}

/** The custom ids of the enabled components in a message's action rows. */
function clickableIds(components: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const row of components) {
    for (const component of ((row as { components?: unknown[] }).components ?? []) as { custom_id?: string; disabled?: boolean }[]) {
      if (typeof component.custom_id === 'string' && component.disabled !== true) ids.push(component.custom_id);
    }
  }
  return ids;
}
