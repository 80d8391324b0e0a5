/**
 * Discord snowflake ids: 64-bit numbers whose top 42 bits are milliseconds since the Discord
 * epoch. Real ids matter here: `@discordjs/rest` only recognises 17–19-digit ids as major
 * parameters, and reads the timestamp of a message id to pick the bucket of old-message deletes.
 */

/** 2015-01-01T00:00:00.000Z, the zero of Discord's timestamps. */
export const DISCORD_EPOCH_MS = 1_420_070_400_000;

const WORKER_ID = 1n;
const PROCESS_ID = 0n;

/** Returns a function that hands out unique, strictly increasing snowflakes. */
export function createSnowflakeGenerator(clock: () => number): () => string {
  let lastTimestamp = 0;
  let increment = 0;
  return () => {
    // never go backwards, even when a test clock does: ids must stay ordered by creation
    const timestamp = Math.max(Math.floor(clock()), lastTimestamp);
    if (timestamp === lastTimestamp) {
      increment += 1;
    } else {
      lastTimestamp = timestamp;
      increment = 0;
    }
    if (increment > 0xfff) {
      // 4096 ids in one millisecond: borrow the next millisecond rather than repeat an id
      lastTimestamp += 1;
      increment = 0;
    }
    const id =
      (BigInt(lastTimestamp - DISCORD_EPOCH_MS) << 22n) |
      (WORKER_ID << 17n) |
      (PROCESS_ID << 12n) |
      BigInt(increment);
    return id.toString();
  };
}

/** Orders snowflakes numerically (string order is wrong when lengths differ). */
export function compareSnowflakes(left: string, right: string): number {
  const difference = BigInt(left) - BigInt(right);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}
