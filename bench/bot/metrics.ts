/**
 * What the bot benchmark measures, as pure functions of the fakes' records.
 *
 * - Staleness of a text delta: from the moment the upstream sent it to the first version of
 *   the reply (as the fake Discord stored it, `at`) that shows the answer up to and including
 *   that delta. The send time is derived: the fake upstream sends the first delta at once and
 *   then one every `1000 / ratePerSecond` ms, on a schedule anchored at its start (no drift), so
 *   delta k leaves at `receivedAt + k × interval` — a hair early, which only makes staleness
 *   look worse.
 * - Bucket floor: the least time between two edits of one message that the rate limit lets a
 *   reply sustain, window / limit (5 per 5 s → 1 s), but never below the bot's own minimum edit
 *   interval (`REPLY_MIN_EDIT_INTERVAL_MS`), which the bot applies on top. No round trip is
 *   added: on loopback it is about a millisecond, and any latency counts against the bot.
 * - Time to first visible text: from the dispatch of the `/ask` (or the person's message in a
 *   thread) to the first stored version of the reply with visible content — not the empty
 *   "thinking…" placeholder of a deferred reply.
 */
import { DEFAULT_TYPING_MARKER } from '../../src/reply/reply-streamer.ts';

/** One stored version of a reply message: when, and what it showed. */
export interface ShownVersion {
  at: number;
  content: string;
}

/** How many characters of `answer` a version shows (the streaming marker ignored). */
export function shownLength(content: string, answer: string): number {
  const text = content.endsWith(DEFAULT_TYPING_MARKER) ? content.slice(0, -DEFAULT_TYPING_MARKER.length) : content;
  if (answer.startsWith(text)) return text.length;
  // a code block closed for display, or a note: the common prefix is what is shown
  const limit = Math.min(text.length, answer.length);
  let index = 0;
  while (index < limit && text.charCodeAt(index) === answer.charCodeAt(index)) index += 1;
  return index;
}

/**
 * Staleness of every delta of one reply, in ms, into `out`. `ends[k]` is the answer's length
 * once delta k arrived; `sentAt(k)` when the upstream sent it. A delta never shown (an
 * unfinished reply) is left out and counted in the returned `unseen`.
 */
export function deltaStaleness(
  versions: readonly ShownVersion[],
  answer: string,
  ends: readonly number[],
  sentAt: (k: number) => number,
  out: number[],
): { unseen: number } {
  let version = 0;
  let shown = versions.length > 0 ? shownLength(versions[0]!.content, answer) : 0;
  for (let k = 0; k < ends.length; k += 1) {
    const needed = ends[k]!;
    while (version < versions.length && shown < needed) {
      version += 1;
      if (version < versions.length) shown = Math.max(shown, shownLength(versions[version]!.content, answer));
    }
    if (version >= versions.length) return { unseen: ends.length - k };
    out.push(Math.max(0, versions[version]!.at - sentAt(k)));
  }
  return { unseen: 0 };
}

/**
 * How old each version's text was when it reached Discord: its arrival minus the send time of
 * the newest delta it shows, into `out`. Large ages with a short edit interval mean the writes
 * waited in a queue after the bot had decided their content.
 */
export function versionAges(versions: readonly ShownVersion[], answer: string, ends: readonly number[], sentAt: (k: number) => number, out: number[]): void {
  let k = -1;
  for (const version of versions) {
    const shown = shownLength(version.content, answer);
    while (k + 1 < ends.length && ends[k + 1]! <= shown) k += 1;
    if (k >= 0) out.push(version.at - sentAt(k));
  }
}

/** Count, p50, p95 (nearest rank) and max of some values. */
export interface Summary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

/** Summarizes values (NaN figures when there are none). */
export function summarize(values: readonly number[]): Summary {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]! };
}

/** Formats milliseconds: "850 ms", "1.23 s". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
