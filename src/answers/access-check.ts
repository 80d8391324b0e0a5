/**
 * Whether a person may use the bot where they are, from their server's access rules: the one
 * check every trigger (commands, messages, buttons) asks before any model is, so a refusal can
 * be told privately with its reason.
 */
import type { AccessRuleKind } from '../store/access-rules.ts';

/** A rule as the check reads it (the store's `AccessRule` fits). */
export interface AccessRuleTarget {
  kind: AccessRuleKind;
  targetId: string;
}

/** Where the person is and who they are. */
export interface AccessPlace {
  /** The channel, thread or DM channel the trigger came from. */
  channelId: string;
  /**
   * What contains it, nearest first: for a thread its parent channel and then that channel's
   * category; for a channel its category; empty for a DM or a channel outside any category.
   */
  parentIds: readonly string[];
  /**
   * The person's roles in the server. Discord's `member.roles` leaves out @everyone (whose id
   * is the server's): add the server id to let a rule on @everyone match.
   */
  roleIds: readonly string[];
  /** A direct message or private channel outside any server: no server's rules apply. */
  isDirectMessage: boolean;
  /** `DIRECT_MESSAGES=on`. */
  directMessagesOn: boolean;
  /** The person has Manage Server here (Discord's Administrator implies it). */
  isAdmin: boolean;
}

/** Why a person may not use the bot where they are. */
export type AccessRefusal = 'blocked-role' | 'not-allowed-role' | 'blocked-channel' | 'not-allowed-channel' | 'direct-messages-off';

/** The check's answer. */
export type AccessDecision = { allowed: true } | { allowed: false; reason: AccessRefusal };

/**
 * Decides, in this order:
 * 1. In a DM: allowed exactly when direct messages are on (`direct-messages-off` otherwise);
 *    the rules are a server's and do not apply.
 * 2. A member with Manage Server is always allowed, so that no rule can lock out those who
 *    can change the rules.
 * 3. Blocks win over allows: any of the person's roles blocked → `blocked-role`; the channel, or
 *    anything containing it (`parentIds`: a thread inherits its channel, a channel its
 *    category), blocked → `blocked-channel`. A channel allowed inside a blocked category stays
 *    blocked.
 * 4. An allow list that is empty admits everyone; one that is not admits only what it lists:
 *    none of the person's roles allowed → `not-allowed-role`; neither the channel nor anything
 *    containing it allowed → `not-allowed-channel`. Both lists must admit the person.
 *
 * Role reasons come before channel reasons, so a person refused for both is told about their role.
 */
export function checkAccess(rules: readonly AccessRuleTarget[], place: AccessPlace): AccessDecision {
  if (place.isDirectMessage) return place.directMessagesOn ? allowed : refused('direct-messages-off');
  if (place.isAdmin) return allowed;
  const targets = targetsByKind(rules);
  const channelChain = [place.channelId, ...place.parentIds];
  if (place.roleIds.some((id) => targets['block-role'].has(id))) return refused('blocked-role');
  if (channelChain.some((id) => targets['block-channel'].has(id))) return refused('blocked-channel');
  if (!admits(targets['allow-role'], place.roleIds)) return refused('not-allowed-role');
  if (!admits(targets['allow-channel'], channelChain)) return refused('not-allowed-channel');
  return allowed;
}

const allowed: AccessDecision = { allowed: true };

function refused(reason: AccessRefusal): AccessDecision {
  return { allowed: false, reason };
}

function admits(allowList: ReadonlySet<string>, ids: readonly string[]): boolean {
  return allowList.size === 0 || ids.some((id) => allowList.has(id));
}

function targetsByKind(rules: readonly AccessRuleTarget[]): Record<AccessRuleKind, Set<string>> {
  const targets: Record<AccessRuleKind, Set<string>> = { 'allow-role': new Set(), 'block-role': new Set(), 'allow-channel': new Set(), 'block-channel': new Set() };
  for (const rule of rules) targets[rule.kind]?.add(rule.targetId);
  return targets;
}
