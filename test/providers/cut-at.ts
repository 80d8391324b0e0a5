/**
 * `text` cut at `cuts` (each taken modulo one past its length, deduplicated, sorted): every
 * piece in order, empty ones included, so that a property test's arbitrary numbers become an
 * arbitrary split of the text into deltas.
 */
export function cutAt(text: string, cuts: readonly number[]): string[] {
  const offsets = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const to of [...offsets, text.length]) {
    pieces.push(text.slice(from, to));
    from = to;
  }
  return pieces;
}
