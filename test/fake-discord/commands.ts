import { CommandKind, IntegrationType, InteractionContext } from './constants.ts';
import { invalidFormBody, type FieldError } from './errors.ts';
import type { PlaceRules } from './interaction-place.ts';

/** An application command as registered by `PUT /applications/:id/commands`. */
export interface RegisteredCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  /** Empty for user and message commands, as Discord returns them. */
  description: string;
  type: number;
  options?: CommandOptionDefinition[];
  version: string;
  default_member_permissions: string | null;
  /** Installs that offer it (0 guild, 1 user). Unset, the app's own: both, for the fake's app. */
  integration_types: number[];
  /** Where it can be used (0 guild, 1 bot DM, 2 private channels); `null`: everywhere. */
  contexts: number[] | null;
  [key: string]: unknown;
}

/** An option in a command's definition. */
export interface CommandOptionDefinition {
  name: string;
  type: number;
  options?: CommandOptionDefinition[];
  [key: string]: unknown;
}

const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
/** The installation contexts of the fake's app, which is both guild- and user-installable. */
const APP_INTEGRATION_TYPES = [IntegrationType.GuildInstall, IntegrationType.UserInstall];
const INTEGRATION_TYPES = new Set<number>(APP_INTEGRATION_TYPES);
const CONTEXTS = new Set<number>([InteractionContext.Guild, InteractionContext.BotDM, InteractionContext.PrivateChannel]);

/**
 * The registered commands, global (key `null`) and per guild. A bulk overwrite replaces the
 * set, keeping the id of a command whose name and type did not change, as Discord does. A name
 * is unique per type: a slash command and a message command may share it.
 */
export class CommandRegistry {
  readonly #sets = new Map<string | null, RegisteredCommand[]>();

  /** Commands of a scope: global (`null`) or one guild. */
  list(guildId: string | null): RegisteredCommand[] {
    return this.#sets.get(guildId) ?? [];
  }

  /** Replaces every command of a scope (`PUT`). */
  overwrite(applicationId: string, guildId: string | null, body: unknown, nextId: () => string): RegisteredCommand[] {
    if (!Array.isArray(body)) throw invalidFormBody({ _root: [{ code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }] });
    const previous = this.list(guildId);
    const commands = body.map((definition, index) => this.#build(applicationId, guildId, definition, `${index}.`, previous, nextId));
    this.#sets.set(guildId, commands);
    return commands;
  }

  /** Adds or replaces one command by name and type (`POST`); `created` is false when it replaced one. */
  upsert(applicationId: string, guildId: string | null, body: unknown, nextId: () => string): { command: RegisteredCommand; created: boolean } {
    const previous = this.list(guildId);
    const command = this.#build(applicationId, guildId, body, '', previous, nextId);
    const others = previous.filter((existing) => !sameCommand(existing, command));
    this.#sets.set(guildId, [...others, command]);
    return { command, created: others.length === previous.length };
  }

  /** Finds a command for an interaction: guild commands first, then global ones. */
  find(name: string, guildId: string | null, type: number = CommandKind.ChatInput): RegisteredCommand | undefined {
    const matches = (command: RegisteredCommand): boolean => command.name === name && command.type === type;
    return (guildId ? this.list(guildId).find(matches) : undefined) ?? this.list(null).find(matches);
  }

  #build(
    applicationId: string,
    guildId: string | null,
    definition: unknown,
    prefix: string,
    previous: RegisteredCommand[],
    nextId: () => string,
  ): RegisteredCommand {
    const fields = (definition ?? {}) as Record<string, unknown>;
    const errors: Record<string, FieldError[]> = {};
    const name = typeof fields['name'] === 'string' ? fields['name'] : '';
    const type = typeof fields['type'] === 'number' ? fields['type'] : CommandKind.ChatInput;
    const description = typeof fields['description'] === 'string' ? fields['description'] : '';
    if (type === CommandKind.ChatInput) checkChatInput(name, description, prefix, errors);
    else checkContextMenu(fields, name, prefix, errors);
    const integrationTypes = readChoices(fields['integration_types'], INTEGRATION_TYPES, `${prefix}integration_types`, errors);
    const contexts = readChoices(fields['contexts'], CONTEXTS, `${prefix}contexts`, errors);
    if (Object.keys(errors).length > 0) throw invalidFormBody(errors);
    const id = previous.find((existing) => existing.name === name && existing.type === type)?.id ?? nextId();
    const permissions = fields['default_member_permissions'];
    return {
      ...fields,
      id,
      application_id: applicationId,
      ...(guildId ? { guild_id: guildId } : {}),
      name,
      description: type === CommandKind.ChatInput ? description : '',
      type,
      version: nextId(),
      default_member_permissions: typeof permissions === 'string' ? permissions : null,
      integration_types: integrationTypes ?? [...APP_INTEGRATION_TYPES],
      contexts: contexts ?? null,
      ...(Array.isArray(fields['options']) && type === CommandKind.ChatInput ? { options: fields['options'] as CommandOptionDefinition[] } : {}),
    };
  }
}

/**
 * What a registered command lets through (see `resolvePlace`): a guild command only its guild's
 * install, in the guild; a global one what its `integration_types` and `contexts` say.
 */
export function commandPlaceRules(command: RegisteredCommand | undefined): PlaceRules {
  if (!command) return {};
  if (command.guild_id) return { integrationTypes: [IntegrationType.GuildInstall], contexts: [InteractionContext.Guild] };
  return { integrationTypes: command.integration_types, contexts: command.contexts };
}

function sameCommand(left: RegisteredCommand, right: RegisteredCommand): boolean {
  return left.name === right.name && left.type === right.type;
}

/** Slash commands: a lowercase name of letters, digits, `-_'`, and a description of 1–100 characters. */
function checkChatInput(name: string, description: string, prefix: string, errors: Record<string, FieldError[]>): void {
  if (!CHAT_INPUT_NAME.test(name) || name !== name.toLowerCase()) {
    errors[`${prefix}name`] = [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }];
  }
  if (description.length < 1 || description.length > 100) {
    errors[`${prefix}description`] = [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }];
  }
}

/**
 * User and message commands: a name of 1–32 characters that may have capitals and spaces; no
 * description (an empty one is let through, as Discord does since 2023) and no options.
 */
function checkContextMenu(fields: Record<string, unknown>, name: string, prefix: string, errors: Record<string, FieldError[]>): void {
  if (name.trim().length === 0 || [...name].length > 32) {
    errors[`${prefix}name`] = [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 32 in length.' }];
  }
  const description = fields['description'];
  if (description !== undefined && description !== null && description !== '') {
    errors[`${prefix}description`] = [{ code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION_INVALID', message: 'Context menu commands cannot have description' }];
  }
  const options = fields['options'];
  if (options !== undefined && options !== null && !(Array.isArray(options) && options.length === 0)) {
    errors[`${prefix}options`] = [{ code: 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS_INVALID', message: 'Context menu commands cannot have options' }];
  }
}

/** A list of enum values (`integration_types`, `contexts`); `undefined` when not sent. */
function readChoices(value: unknown, allowed: Set<number>, path: string, errors: Record<string, FieldError[]>): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    errors[path] = [{ code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }];
    return undefined;
  }
  for (const [index, entry] of value.entries()) {
    if (typeof entry !== 'number' || !allowed.has(entry)) {
      errors[`${path}.${index}`] = [{ code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${[...allowed].join(', ')}}.` }];
    }
  }
  return [...new Set(value as number[])];
}
