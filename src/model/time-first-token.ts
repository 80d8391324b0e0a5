import type { StreamPart } from './stream-part.ts';

/**
 * `parts` as they are, except that `observe` is told, once, how many seconds passed from the
 * first read (when a provider sends its request) to the first text or reasoning that is not
 * empty. A stream that fails or ends before any is not observed: its failure is counted apart.
 *
 * An iterator of its own rather than an async generator: a generator waiting on the provider's
 * next part would queue a `return()` (the reply no longer needs its model) behind that wait, and
 * a provider that never sends would then hold the answer open for good. Here `return()` reaches
 * the provider's stream at once, as it would without the timer.
 */
export function timeFirstToken(
  parts: AsyncIterable<StreamPart>,
  observe: (seconds: number) => void,
  now: () => number = () => performance.now(),
): AsyncIterable<StreamPart> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<StreamPart> {
      const inner = parts[Symbol.asyncIterator]();
      let startedAt: number | undefined;
      let waiting = true;
      return {
        async next() {
          startedAt ??= now();
          const result = await inner.next();
          if (waiting && !result.done && result.value.type !== 'finish' && result.value.text !== '') {
            waiting = false;
            observe((now() - startedAt) / 1000);
          }
          return result;
        },
        return: (value?: unknown) => inner.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
        throw: (error?: unknown) => inner.throw?.(error) ?? Promise.reject(error),
      };
    },
  };
}
