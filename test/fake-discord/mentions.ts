import type { ResolvedMentions } from './types.ts';

/** What `allowed_mentions` may carry (Discord ignores unknown keys). */
interface AllowedMentions {
  parse?: string[];
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

const USER_MENTION = /<@!?(\d{17,20})>/g;
const ROLE_MENTION = /<@&(\d{17,20})>/g;
const EVERYONE_MENTION = /@(everyone|here)\b/;

/** User ids written as `<@id>` in a text. */
export function mentionedUserIds(content: string): string[] {
  return [...new Set([...content.matchAll(USER_MENTION)].map((match) => match[1] ?? ''))];
}

/**
 * Who a message would ping: the mentions written in its content, filtered by `allowed_mentions`
 * the way Discord does. With no `allowed_mentions` everything written pings; `parse: []` pings
 * nobody; explicit `users`/`roles` lists allow only those ids.
 */
export function resolveMentions(content: string, allowedMentions: unknown): ResolvedMentions {
  const writtenUsers = mentionedUserIds(content);
  const writtenRoles = [...new Set([...content.matchAll(ROLE_MENTION)].map((match) => match[1] ?? ''))];
  const writesEveryone = EVERYONE_MENTION.test(content);
  if (allowedMentions === null || allowedMentions === undefined || typeof allowedMentions !== 'object') {
    return { userIds: writtenUsers, roleIds: writtenRoles, everyone: writesEveryone };
  }
  const allowed = allowedMentions as AllowedMentions;
  const parse = new Set(allowed.parse ?? []);
  const allowedUsers = new Set(allowed.users ?? []);
  const allowedRoles = new Set(allowed.roles ?? []);
  return {
    userIds: writtenUsers.filter((id) => parse.has('users') || allowedUsers.has(id)),
    roleIds: writtenRoles.filter((id) => parse.has('roles') || allowedRoles.has(id)),
    everyone: writesEveryone && parse.has('everyone'),
  };
}

/**
 * Whether a reply pings the author of the message it answers. With `allowed_mentions` sent,
 * only `replied_user: true` pings (Discord's default is false); with none sent, Discord pings,
 * as the client does unless the person turned "@ON" off (`withoutAllowedMentions`).
 */
export function pingsRepliedUser(allowedMentions: unknown, withoutAllowedMentions: boolean): boolean {
  if (allowedMentions === null || allowedMentions === undefined || typeof allowedMentions !== 'object') return withoutAllowedMentions;
  return (allowedMentions as AllowedMentions).replied_user === true;
}
