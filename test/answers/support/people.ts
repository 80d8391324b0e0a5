/**
 * Who talks in the answers layer's tests, and snowflake-shaped ids for everything they write
 * (17–19 digits, increasing, so that ids sort messages by creation as Discord's do).
 */

/** Someone who writes in a conversation. */
export interface Person {
  id: string;
  name: string;
  /** Another bot or a webhook: its messages are no person's turns. */
  isBot?: boolean;
}

/** The bot's own user id: its messages are the assistant's turns. */
export const botUserId = '1100000000000000001';
export const ada: Person = { id: '1100000000000000302', name: 'Ada' };
export const max: Person = { id: '1100000000000000303', name: 'Max' };
export const eve: Person = { id: '1100000000000000304', name: 'Eve' };
export const helperBot: Person = { id: '1100000000000000405', name: 'Helper', isBot: true };
export const guildId = '1100000000000000501';
export const channelId = '1100000000000000502';

let next = 1300000000000000000n;

/** A new id, greater than every id handed out before it. */
export function nextSnowflake(): string {
  next += 1n;
  return String(next);
}

/** A creation time for a message with this id: later ids, later times. */
export function timeOf(id: string): number {
  return 1_700_000_000_000 + Number(BigInt(id) % 1_000_000n) * 1000;
}
