import type { StreamPart } from '../model/stream-part.ts';

/**
 * Passes parts through, holding back a high surrogate that ends a text delta until the next
 * delta, so a character outside the BMP split across two deltas (valid JSON: `"\ud83d"` then
 * `"\udc4b"`, as some OpenAI-compatible servers send) reaches every consumer whole; written
 * alone it would become U+FFFD. A held surrogate still pending at the finish is flushed before
 * it: it was the model's output, unpaired. On failure it is dropped with the stream.
 */
export async function* keepSurrogatePairsWhole(parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart> {
  let held = '';
  for await (const part of parts) {
    if (part.type !== 'text-delta') {
      if (held !== '') yield { type: 'text-delta', text: held };
      held = '';
      yield part;
      continue;
    }
    const text = held + part.text;
    held = endsWithHighSurrogate(text) ? text.slice(-1) : '';
    const whole = held === '' ? text : text.slice(0, -1);
    if (whole !== '') yield { type: 'text-delta', text: whole };
  }
  if (held !== '') yield { type: 'text-delta', text: held };
}

function endsWithHighSurrogate(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff;
}
