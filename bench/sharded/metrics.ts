/**
 * What the sharded benchmark measures beyond the bot benchmark's staleness (`../bot/metrics.ts`),
 * as pure functions of the fakes' records.
 *
 * - The busiest 1-second window: Discord's global limit is 50 bot-token requests per second, and
 *   Discord does not say where its seconds start, so the count is taken over every window
 *   `[t, t + 1 s)` that starts at a request (a sliding window: the worst any alignment could see).
 *   The fake Discord's own limiter uses fixed windows opened by the first request, which lets up
 *   to twice the limit through across a window's edge; this check is the stricter one.
 * - Replies streaming at once: how many answers of the kind were being streamed by the model
 *   at the same moment (from each request's arrival at the upstream to its last token's due time).
 * - The budget floor: R replies streaming at once with W bot-token writes per second between them
 *   get one write each every R / W seconds at best, so a delta waits up to R / W for the write
 *   that shows it (the bot benchmark's "at best one write per reply every N / 50 s").
 */

/** The most timestamps (ms) in any window `[t, t + windowMs)`, and where the first such window starts. */
export function busiestWindow(times: readonly number[], windowMs = 1000): { count: number; startsAt: number } {
  const sorted = Float64Array.from(times).sort();
  let best = { count: 0, startsAt: Number.NaN };
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) end += 1;
    if (end - start > best.count) best = { count: end - start, startsAt: sorted[start]! };
  }
  return best;
}

/** How many windows `[t, t + windowMs)` starting at a timestamp hold more than `limit` of them. */
export function windowsOver(times: readonly number[], limit: number, windowMs = 1000): number {
  const sorted = Float64Array.from(times).sort();
  let over = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) end += 1;
    if (end - start > limit) over += 1;
  }
  return over;
}

/** An interval of streaming, ms. */
export interface Interval {
  from: number;
  to: number;
}

/** The most intervals open at one moment. */
export function peakOverlap(intervals: readonly Interval[]): number {
  const edges = intervals.flatMap((interval) => [
    { at: interval.from, change: 1 },
    { at: interval.to, change: -1 },
  ]);
  // an interval that ends as another starts does not overlap it
  edges.sort((a, b) => a.at - b.at || a.change - b.change);
  let open = 0;
  let peak = 0;
  for (const edge of edges) {
    open += edge.change;
    peak = Math.max(peak, open);
  }
  return peak;
}

/** R / W in ms: the least time between two writes of one reply when `replies` share `writesPerSecond`. */
export function budgetFloorMs(replies: number, writesPerSecond: number): number {
  return (replies / writesPerSecond) * 1000;
}
