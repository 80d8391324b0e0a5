/**
 * Discord's JSON error answers. The bodies match what the API sends, so `@discordjs/rest`
 * turns them into `DiscordAPIError`s with the same `code`, `status` and message as in production.
 */

/** One entry of an Invalid Form Body error tree. */
export interface FieldError {
  code: string;
  message: string;
}

/** Discord's error body. `errors` only appears on 50035 Invalid Form Body. */
export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: Record<string, unknown>;
}

/** Thrown by route handlers; the HTTP layer answers it with `status` and `body`. */
export class DiscordHttpError extends Error {
  readonly status: number;
  readonly body: DiscordErrorBody;

  constructor(status: number, body: DiscordErrorBody) {
    super(`${status} ${body.code}: ${body.message}`);
    this.status = status;
    this.body = body;
  }
}

function httpError(status: number, code: number, message: string): DiscordHttpError {
  return new DiscordHttpError(status, { code, message });
}

/**
 * 50035 with Discord's nested shape: `{"content": {"_errors": [...]}}`, where a dotted path
 * such as `embeds.0.description` becomes `{"embeds": {"0": {"description": {"_errors": ...}}}}`.
 */
export function invalidFormBody(fields: Record<string, FieldError[]>): DiscordHttpError {
  const errors: Record<string, unknown> = {};
  for (const [path, fieldErrors] of Object.entries(fields)) {
    let node = errors;
    for (const key of path.split('.')) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node['_errors'] = fieldErrors;
  }
  return new DiscordHttpError(400, { code: 50035, message: 'Invalid Form Body', errors });
}

/** The errors the fake answers with, by name; each call builds a fresh error. */
export const discordErrors = {
  unauthorized: () => httpError(401, 0, '401: Unauthorized'),
  notFound: () => httpError(404, 0, '404: Not Found'),
  methodNotAllowed: () => httpError(405, 0, '405: Method Not Allowed'),
  unknownChannel: () => httpError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => httpError(404, 10004, 'Unknown Guild'),
  unknownMember: () => httpError(404, 10007, 'Unknown Member'),
  unknownMessage: () => httpError(404, 10008, 'Unknown Message'),
  unknownUser: () => httpError(404, 10013, 'Unknown User'),
  unknownWebhook: () => httpError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => httpError(404, 10062, 'Unknown interaction'),
  unknownCommand: () => httpError(404, 10063, 'Unknown application command'),
  alreadyAcknowledged: () => httpError(400, 40060, 'Interaction has already been acknowledged.'),
  tooManyFollowUps: () => httpError(400, 40094, 'This interaction has hit the maximum number of follow up messages'),
  missingAccess: () => httpError(403, 50001, 'Missing Access'),
  notAuthor: () => httpError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => httpError(400, 50006, 'Cannot send an empty message'),
  missingPermissions: () => httpError(403, 50013, 'Missing Permissions'),
  wrongChannelType: () => httpError(400, 50024, 'Cannot execute action on this channel type'),
  invalidWebhookToken: () => httpError(401, 50027, 'Invalid Webhook Token'),
  threadArchived: () => httpError(400, 50083, 'Thread is archived'),
  threadAlreadyCreated: () => httpError(400, 160004, 'A thread has already been created for this message'),
  threadLocked: () => httpError(400, 160005, 'Thread is locked'),
} as const;
