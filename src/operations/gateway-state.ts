import type { Status } from 'discord.js';

/**
 * A gateway connection's state as operators read it in `/readyz`: discord.js's `Status` in
 * words, plus what only the sharding manager can say about a child: `no-answer` (it did not
 * answer in time, or its process is gone), `not-spawned` (the manager has not started it yet).
 * `unknown` is a status code this table does not know (a newer discord.js).
 */
export type GatewayState =
  | 'ready'
  | 'connecting'
  | 'reconnecting'
  | 'idle'
  | 'nearly'
  | 'disconnected'
  | 'waiting-for-guilds'
  | 'identifying'
  | 'resuming'
  | 'no-answer'
  | 'not-spawned'
  | 'unknown';

/** One gateway shard as sampled on a scrape. */
export interface GatewaySample {
  /** The shard id. */
  shard: number;
  /** discord.js's `Status` code (0 is ready). */
  status: number;
  /** The last heartbeat's round trip in ms; negative before the first heartbeat was acknowledged. */
  pingMs: number;
}

// keyed by discord.js's `Status` (a type-only import: the values are checked, nothing is loaded),
// so a status added or renumbered there fails the type check here
const STATE_OF_STATUS = {
  0: 'ready',
  1: 'connecting',
  2: 'reconnecting',
  3: 'idle',
  4: 'nearly',
  5: 'disconnected',
  6: 'waiting-for-guilds',
  7: 'identifying',
  8: 'resuming',
} as const satisfies Record<Status, GatewayState>;

/** The discord.js status code that means the shard is connected and has every guild. */
export const READY_STATUS = 0;

/** A discord.js `Status` code in words. */
export function gatewayStateOf(status: number): GatewayState {
  return (STATE_OF_STATUS as Record<number, GatewayState | undefined>)[status] ?? 'unknown';
}
