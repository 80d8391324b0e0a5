import type { CommandOptionDefinition, RegisteredCommand } from './commands.ts';
import { CommandKind, MEMBER_PERMISSIONS, OptionKind } from './constants.ts';
import { memberPayload, rolePayload, userPayload } from './payloads.ts';
import type { FakeState } from './state.ts';

/** An option value as tests write it; an object fixes the option type explicitly. */
export type OptionInput = string | number | boolean | { type: number; value: string | number | boolean };

/** What a person typed for a chat-input command. */
export interface ChatInputTyped {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: Record<string, OptionInput>;
}

/**
 * `data` of a chat-input command or autocomplete interaction: options typed from the registered
 * command (else from the JS values), user/channel/role/attachment options resolved, the option
 * being typed in marked `focused`.
 */
export function chatInputData(
  state: FakeState,
  command: RegisteredCommand | undefined,
  input: ChatInputTyped,
  guildId: string | null,
  focused: string | undefined,
): Record<string, unknown> {
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
    type: CommandKind.ChatInput,
    ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    ...(options.length > 0 ? { options } : {}),
    ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
  };
}

/**
 * `data` of a message command: the target's id and the target itself in `resolved.messages`,
 * always with its content (the Message Content intent's fourth exception).
 */
export function messageCommandData(
  state: FakeState,
  command: RegisteredCommand | undefined,
  name: string,
  target: { id: string; payload: unknown },
): Record<string, unknown> {
  return {
    id: command?.id ?? state.nextId(),
    name,
    type: CommandKind.Message,
    ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    target_id: target.id,
    resolved: { messages: { [target.id]: target.payload } },
  };
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
