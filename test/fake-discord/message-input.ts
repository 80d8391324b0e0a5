import { MessageFlag } from './constants.ts';
import { readMessageComponents } from './component-input.ts';
import { maxLength } from './field-checks.ts';
import { DiscordHttpError, discordErrors, invalidFormBody, type FieldError } from './errors.ts';
import type { MessageDraft } from './state.ts';

/** Discord's limits on what a message may hold. */
export const MESSAGE_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthor: 256,
  embedsTotal: 6000,
} as const;

/** A file part of a multipart request. */
export interface UploadedFile {
  filename: string;
  size: number;
}

const SUPPRESS_EMBEDS = 1 << 2;
const SUPPRESS_NOTIFICATIONS = 1 << 12;
const IS_COMPONENTS_V2 = 1 << 15;

/**
 * Validates the body of a new message (channel message, interaction reply, follow-up) the way
 * Discord does and returns what to store. Ephemeral only applies to interaction responses.
 */
export function parseNewMessage(
  body: unknown,
  files: UploadedFile[],
  nextId: () => string,
  options: { allowEphemeral: boolean },
): MessageDraft {
  const fields = requireObject(body);
  const errors: Record<string, FieldError[]> = {};
  const content = readContent(fields, errors) ?? '';
  const embeds = readEmbeds(fields, errors) ?? [];
  const components = readMessageComponents(fields, errors) ?? [];
  const allowedMentions = readAllowedMentions(fields, errors);
  throwIfAny(errors);
  const allowedFlags = SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2 | (options.allowEphemeral ? MessageFlag.Ephemeral : 0);
  const draft: MessageDraft = {
    content,
    embeds,
    components,
    attachments: files.map((file) => ({ id: nextId(), filename: file.filename, size: file.size })),
    flags: (typeof fields['flags'] === 'number' ? fields['flags'] : 0) & allowedFlags,
    allowedMentions,
  };
  const hasStickers = Array.isArray(fields['sticker_ids']) && fields['sticker_ids'].length > 0;
  if (isEmpty(draft) && !hasStickers && fields['poll'] === undefined) throw discordErrors.emptyMessage();
  return draft;
}

/**
 * Validates an edit. Fields the body leaves out stay as they were; `allowed_mentions` is
 * recorded as sent (absent → `null`).
 */
export function parseMessageEdit(body: unknown, files: UploadedFile[], nextId: () => string): Partial<MessageDraft> {
  const fields = requireObject(body);
  const errors: Record<string, FieldError[]> = {};
  const content = readContent(fields, errors);
  const embeds = readEmbeds(fields, errors);
  const components = readMessageComponents(fields, errors);
  const allowedMentions = readAllowedMentions(fields, errors);
  throwIfAny(errors);
  const change: Partial<MessageDraft> = { allowedMentions };
  if (content !== undefined) change.content = content;
  if (embeds !== undefined) change.embeds = embeds;
  if (components !== undefined) change.components = components;
  if (files.length > 0 || Array.isArray(fields['attachments'])) {
    change.attachments = files.map((file) => ({ id: nextId(), filename: file.filename, size: file.size }));
  }
  return change;
}

/** Whether a message would show nothing at all (Discord refuses those with 50006). */
export function isEmpty(draft: MessageDraft): boolean {
  return draft.content.length === 0 && draft.embeds.length === 0 && draft.attachments.length === 0 && draft.components.length === 0;
}

function requireObject(body: unknown): Record<string, unknown> {
  if (body === null || body === undefined) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new DiscordHttpError(400, { code: 50109, message: 'The request body contains invalid JSON.' });
  }
  return body as Record<string, unknown>;
}

function readContent(fields: Record<string, unknown>, errors: Record<string, FieldError[]>): string | undefined {
  const value = fields['content'];
  if (value === undefined) return undefined;
  if (value === null) return '';
  const content = String(value);
  if (content.length > MESSAGE_LIMITS.content) {
    errors['content'] = [maxLength(MESSAGE_LIMITS.content)];
  }
  return content;
}

function readEmbeds(fields: Record<string, unknown>, errors: Record<string, FieldError[]>): unknown[] | undefined {
  const value = fields['embeds'];
  if (value === undefined) return undefined;
  if (value === null) return [];
  if (!Array.isArray(value)) {
    errors['embeds'] = [{ code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }];
    return [];
  }
  if (value.length > MESSAGE_LIMITS.embeds) errors['embeds'] = [maxLength(MESSAGE_LIMITS.embeds)];
  let total = 0;
  for (const [index, embed] of value.entries()) {
    const fieldsOfEmbed = (embed ?? {}) as Record<string, unknown>;
    const check = (path: string, text: unknown, limit: number): void => {
      if (typeof text !== 'string') return;
      total += text.length;
      if (text.length > limit) errors[`embeds.${index}.${path}`] = [maxLength(limit)];
    };
    check('title', fieldsOfEmbed['title'], MESSAGE_LIMITS.embedTitle);
    check('description', fieldsOfEmbed['description'], MESSAGE_LIMITS.embedDescription);
    check('footer.text', (fieldsOfEmbed['footer'] as Record<string, unknown> | undefined)?.['text'], MESSAGE_LIMITS.embedFooter);
    check('author.name', (fieldsOfEmbed['author'] as Record<string, unknown> | undefined)?.['name'], MESSAGE_LIMITS.embedAuthor);
    const embedFields = Array.isArray(fieldsOfEmbed['fields']) ? fieldsOfEmbed['fields'] : [];
    if (embedFields.length > MESSAGE_LIMITS.embedFields) errors[`embeds.${index}.fields`] = [maxLength(MESSAGE_LIMITS.embedFields)];
    for (const [fieldIndex, field] of embedFields.entries()) {
      const entry = (field ?? {}) as Record<string, unknown>;
      check(`fields.${fieldIndex}.name`, entry['name'], MESSAGE_LIMITS.embedFieldName);
      check(`fields.${fieldIndex}.value`, entry['value'], MESSAGE_LIMITS.embedFieldValue);
    }
  }
  if (total > MESSAGE_LIMITS.embedsTotal) {
    errors['embeds'] = [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${MESSAGE_LIMITS.embedsTotal}` }];
  }
  return value;
}

function readAllowedMentions(fields: Record<string, unknown>, errors: Record<string, FieldError[]>): unknown {
  if (!('allowed_mentions' in fields)) return null;
  const value = fields['allowed_mentions'];
  if (value && typeof value === 'object') {
    const allowed = value as { parse?: unknown; users?: unknown; roles?: unknown };
    const parse = Array.isArray(allowed.parse) ? allowed.parse : [];
    for (const [index, kind] of parse.entries()) {
      if (kind !== 'users' && kind !== 'roles' && kind !== 'everyone') {
        errors[`allowed_mentions.parse.${index}`] = [{ code: 'ENUM_TYPE_COERCE', message: `Value "${String(kind)}" is not a valid enum value.` }];
      }
    }
    for (const kind of ['users', 'roles'] as const) {
      if (parse.includes(kind) && Array.isArray(allowed[kind]) && allowed[kind].length > 0) {
        errors['allowed_mentions'] = [
          { code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.` },
        ];
      }
    }
  }
  return value ?? null;
}

function throwIfAny(errors: Record<string, FieldError[]>): void {
  if (Object.keys(errors).length > 0) throw invalidFormBody(errors);
}
