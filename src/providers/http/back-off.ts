/** The first back-off, doubled after each failed retry. */
export const INITIAL_BACK_OFF_MS = 500;
/** The longest back-off, however many retries are configured. */
export const MAX_BACK_OFF_MS = 8000;
/** Up to this share of a back-off is taken off at random, so clients that failed together spread out. */
export const BACK_OFF_JITTER = 0.25;

/**
 * The wait before retry number `retry` (from 0) when the upstream named none: 0.5 s, 1 s, 2 s …
 * capped at 8 s, minus up to 25 % jitter (as openai-node does). `random` gives [0, 1).
 */
export function backOffMs(retry: number, random: () => number): number {
  const base = Math.min(INITIAL_BACK_OFF_MS * 2 ** retry, MAX_BACK_OFF_MS);
  return Math.round(base * (1 - random() * BACK_OFF_JITTER));
}
