import type { StreamPart } from './stream-part.ts';

/**
 * `parts` as they are, except that `observe` is told, once, how many seconds passed from the
 * first read (when a provider sends its request) to the first text or reasoning that is not
 * empty. A stream that fails or ends before any is not observed: its failure is counted apart.
 */
export async function* timeFirstToken(
  parts: AsyncIterable<StreamPart>,
  observe: (seconds: number) => void,
  now: () => number = () => performance.now(),
): AsyncGenerator<StreamPart> {
  const startedAt = now();
  let waiting = true;
  for await (const part of parts) {
    if (waiting && part.type !== 'finish' && part.text !== '') {
      waiting = false;
      observe((now() - startedAt) / 1000);
    }
    yield part;
  }
}
