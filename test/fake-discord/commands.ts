import { invalidFormBody, type FieldError } from './errors.ts';

/** An application command as registered by `PUT /applications/:id/commands`. */
export interface RegisteredCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  description: string;
  type: number;
  options?: CommandOptionDefinition[];
  version: string;
  default_member_permissions: string | null;
  [key: string]: unknown;
}

/** An option in a command's definition. */
export interface CommandOptionDefinition {
  name: string;
  type: number;
  options?: CommandOptionDefinition[];
  [key: string]: unknown;
}

const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/**
 * The registered commands, global (key `null`) and per guild. A bulk overwrite replaces the
 * set, keeping the id of a command whose name did not change, as Discord does.
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
    const commands = body.map((definition, index) =>
      this.#build(applicationId, guildId, definition, `${index}.`, previous, nextId),
    );
    this.#sets.set(guildId, commands);
    return commands;
  }

  /** Adds or replaces one command by name (`POST`). */
  upsert(applicationId: string, guildId: string | null, body: unknown, nextId: () => string): RegisteredCommand {
    const previous = this.list(guildId);
    const command = this.#build(applicationId, guildId, body, '', previous, nextId);
    this.#sets.set(guildId, [...previous.filter((existing) => existing.name !== command.name), command]);
    return command;
  }

  /** Finds a command for an interaction: guild commands first, then global ones. */
  find(name: string, guildId: string | null): RegisteredCommand | undefined {
    return (guildId ? this.list(guildId).find((command) => command.name === name) : undefined) ?? this.list(null).find((command) => command.name === name);
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
    const type = typeof fields['type'] === 'number' ? fields['type'] : 1;
    if (!NAME_PATTERN.test(name) || (type === 1 && name !== name.toLowerCase())) {
      errors[`${prefix}name`] = [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }];
    }
    const description = typeof fields['description'] === 'string' ? fields['description'] : '';
    if (type === 1 && (description.length < 1 || description.length > 100)) {
      errors[`${prefix}description`] = [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }];
    }
    if (Object.keys(errors).length > 0) throw invalidFormBody(errors);
    const id = previous.find((existing) => existing.name === name)?.id ?? nextId();
    const permissions = fields['default_member_permissions'];
    return {
      ...fields,
      id,
      application_id: applicationId,
      ...(guildId ? { guild_id: guildId } : {}),
      name,
      description,
      type,
      version: nextId(),
      default_member_permissions: typeof permissions === 'string' ? permissions : null,
      ...(Array.isArray(fields['options']) ? { options: fields['options'] as CommandOptionDefinition[] } : {}),
    };
  }
}
