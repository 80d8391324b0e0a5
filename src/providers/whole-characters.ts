import type { ReasoningDeltaPart, StreamPart, TextDeltaPart } from '../model/stream-part.ts';

type DeltaPart = TextDeltaPart | ReasoningDeltaPart;

/**
 * Passes parts through, holding back a high surrogate that ends a text or reasoning delta until
 * the next delta of the same kind, so a character outside the BMP split across two deltas (valid
 * JSON: `"\ud83d"` then `"\udc4b"`, as some OpenAI-compatible servers send) reaches every
 * consumer whole; written alone it would become U+FFFD. A held surrogate is flushed, unpaired,
 * before a part of another kind (a pair never spans the reasoning and the answer) and before the
 * finish: it was the model's output. On failure it is dropped with the stream.
 */
export async function* keepSurrogatePairsWhole(parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart> {
  let held: DeltaPart | undefined;
  for await (const part of parts) {
    if (part.type === 'finish' || (held !== undefined && held.type !== part.type)) {
      if (held !== undefined) yield held;
      held = undefined;
      if (part.type === 'finish') {
        yield part;
        continue;
      }
    }
    const text = held === undefined ? part.text : held.text + part.text;
    held = undefined;
    if (!endsWithHighSurrogate(text)) {
      if (text !== '') yield text === part.text ? part : { type: part.type, text };
      continue;
    }
    if (text.length > 1) yield { type: part.type, text: text.slice(0, -1) };
    held = { type: part.type, text: text.slice(-1) };
  }
  if (held !== undefined) yield held;
}

function endsWithHighSurrogate(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff;
}
