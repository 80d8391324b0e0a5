/** Runs one reply on simulated time against a BucketSink. */
import type { StreamPart } from '../../../src/model/stream-part.ts';
import { ManualClock } from '../../../src/model/manual-clock.ts';
import { streamReply, type ReplyOptions, type ReplyResult } from '../../../src/reply/reply-streamer.ts';
import { BucketSink, type BucketSinkOptions } from './bucket-sink.ts';

export interface HarnessOptions {
  sink?: Omit<BucketSinkOptions, 'clock'>;
  options?: ReplyOptions;
  signal?: AbortSignal;
}

export interface Harness {
  clock: ManualClock;
  sink: BucketSink;
  result: ReplyResult;
}

/** Streams `parts(clock)` into a fresh BucketSink and runs simulated time until the reply is final. */
export async function runReply(
  parts: (clock: ManualClock) => AsyncIterable<StreamPart>,
  harness: HarnessOptions = {},
): Promise<Harness> {
  const clock = new ManualClock();
  const sink = new BucketSink({ clock, ...harness.sink });
  const input = { parts: parts(clock), sink, clock, options: harness.options ?? {} };
  const reply = streamReply(harness.signal === undefined ? input : { ...input, signal: harness.signal });
  const result = await clock.run(reply);
  return { clock, sink, result };
}

/** Start times of the successful writes. */
export function okWriteTimes(sink: BucketSink): number[] {
  return sink.writes.filter((write) => write.outcome === 'ok').map((write) => write.sentAt);
}
