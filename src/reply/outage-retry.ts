/** The first retry of a write that Discord failed (5xx, network error) waits about this long. */
const FIRST_DELAY_MS = 1000;
/** Back-off doubles up to this cap, so a recovered Discord is noticed within seconds. */
const MAX_DELAY_MS = 8000;
/** Up to this share of each delay is taken off at random, so replies do not retry in lockstep. */
const JITTER = 0.25;

/**
 * The wait before retry `attempt` (1, 2, 3 …) of a failed write: 1 s, 2 s, 4 s, then 8 s each
 * time, each shortened by up to 25 % at random. Hundreds of replies hit by one outage would
 * otherwise all retry at the same instants and meet a recovering Discord as one burst.
 */
export function outageRetryDelayMs(attempt: number, random: () => number): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - JITTER * random()));
}
