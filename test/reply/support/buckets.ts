/** Random Discord buckets for the reply streamer's property tests. */
import fc from 'fast-check';

/** A bucket of 1–6 writes per 0.5–10 s window, with a round trip of 0–400 ms (BucketSink settings). */
export const bucketSettings = fc.record({
  limit: fc.integer({ min: 1, max: 6 }),
  windowMs: fc.integer({ min: 500, max: 10_000 }),
  latencyMs: fc.integer({ min: 0, max: 400 }),
});
