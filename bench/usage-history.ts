/**
 * A made-up but realistic usage history for the usage benchmark: servers and people whose
 * activity follows Zipf's law (a few busy servers and heavy users, a long quiet tail), a handful
 * of models of uneven popularity, quieter weekends, and log-normal token counts. Seeded, so
 * every run writes the same answers.
 */
import type { AnswerUsageInput } from '../src/store/usage-records.ts';

/** The shape of the history. */
export interface HistoryShape {
  answers: number;
  servers: number;
  people: number;
  models: number;
  days: number;
  /** The first instant after the history (its last day ends here), ms since the epoch. */
  endMs: number;
  seed: number;
}

const DAY_MS = 24 * 60 * 60_000;
/** Shares of the answers: in the person's home server, in another one, in DMs (the rest). */
const HOME_SHARE = 0.9;
const OTHER_SERVER_SHARE = 0.06;
/** Answers whose counts the provider did not report (estimated), and failed ones with no counts. */
const ESTIMATED_SHARE = 0.05;
const UNKNOWN_SHARE = 0.01;

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A sampler of 0 … count-1 with weights 1/(rank+1)^exponent. */
function zipf(count: number, exponent: number, random: () => number): () => number {
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let rank = 0; rank < count; rank += 1) cumulative[rank] = total += 1 / (rank + 1) ** exponent;
  return () => {
    const target = random() * total;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/** A log-normal whole number around `median`. */
function logNormal(random: () => number, median: number, spread: number): number {
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.max(1, Math.round(median * Math.exp(spread * normal)));
}

/** A snowflake-looking id, distinct per kind and number. */
function snowflake(kind: number, index: number): string {
  return `${kind}${String(index).padStart(17, '0')}`;
}

/** The answers of the history, oldest first. */
export function* usageHistory(shape: HistoryShape): Generator<AnswerUsageInput & { answeredAt: number }> {
  const random = generator(shape.seed);
  const server = zipf(shape.servers, 1.1, random);
  const person = zipf(shape.people, 0.8, random);
  const model = zipf(shape.models, 1.2, random);
  const homes = Array.from({ length: shape.people }, () => server());
  const modelIds = Array.from({ length: shape.models }, (_, index) => `openai/model-${index + 1}`);
  const startMs = shape.endMs - shape.days * DAY_MS;
  // weekdays weigh 1, weekends 0.7: each day's share of the answers
  const weights = Array.from({ length: shape.days }, (_, day) => ([0, 6].includes(new Date(startMs + day * DAY_MS).getUTCDay()) ? 0.7 : 1));
  const weightTotal = weights.reduce((sum, weight) => sum + weight, 0);
  let written = 0;
  for (let day = 0; day < shape.days; day += 1) {
    const count = day === shape.days - 1 ? shape.answers - written : Math.round((shape.answers * weights[day]!) / weightTotal);
    const times = Array.from({ length: count }, () => startMs + day * DAY_MS + Math.floor(random() * DAY_MS)).sort((a, b) => a - b);
    for (const answeredAt of times) {
      const userIndex = person();
      const place = random();
      const guildIndex = place < HOME_SHARE ? homes[userIndex]! : place < HOME_SHARE + OTHER_SERVER_SHARE ? server() : undefined;
      const counts = random();
      const unknown = counts < UNKNOWN_SHARE;
      yield {
        guildId: guildIndex === undefined ? null : snowflake(1, guildIndex),
        channelId: guildIndex === undefined ? snowflake(3, userIndex) : snowflake(2, guildIndex * 8 + Math.floor(random() * 8)),
        userId: snowflake(8, userIndex),
        modelId: modelIds[model()]!,
        messageId: unknown ? null : snowflake(9, written),
        outcome: unknown ? 'failed' : 'complete',
        promptTokens: unknown ? null : logNormal(random, 900, 0.9),
        completionTokens: unknown ? null : logNormal(random, 250, 0.8),
        estimated: !unknown && counts < UNKNOWN_SHARE + ESTIMATED_SHARE,
        answeredAt,
      };
      written += 1;
    }
  }
}
