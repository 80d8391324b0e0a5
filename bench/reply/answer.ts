/**
 * The answer every simulated reply streams: 2,000 tokens of markdown (prose paragraphs, a list,
 * a code block) from a seeded generator, so every run sees the same text.
 */

/** A small, fast, seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'the', 'model', 'streams', 'an', 'answer', 'into', 'Discord', 'while', 'rate', 'limits', 'decide',
  'how', 'often', 'a', 'message', 'can', 'change', 'so', 'each', 'edit', 'should', 'carry', 'newest',
  'text', 'and', 'nothing', 'may', 'be', 'lost', 'between', 'two', 'writes', 'of', 'one', 'reply',
];

/** The answer's tokens and where each ends in the joined text. */
export interface Answer {
  tokens: string[];
  text: string;
  /** `ends[i]`: length of the text once token i has arrived. */
  ends: Int32Array;
}

export function makeAnswer(tokenCount: number, seed = 42): Answer {
  const random = seededRandom(seed);
  const tokens: string[] = [];
  const pick = (): string => WORDS[Math.floor(random() * WORDS.length)]!;
  const codeAt = Math.floor(tokenCount * 0.45);
  while (tokens.length < tokenCount) {
    const index = tokens.length;
    if (index === codeAt) {
      tokens.push('\n\n```ts\n');
      for (let line = 0; line < 40 && tokens.length < tokenCount - 2; line += 1) {
        tokens.push('const', ` ${pick()}${line}`, ' =', ` "${pick()}";\n`);
      }
      tokens.push('```\n\n');
    } else if (index % 97 === 96) tokens.push('\n\n');
    else if (index % 211 === 0 && index > 0) tokens.push('\n- ');
    else tokens.push(index % 13 === 12 ? '.' : ` ${pick()}`);
  }
  tokens.length = tokenCount;
  const ends = new Int32Array(tokenCount);
  let length = 0;
  for (const [index, token] of tokens.entries()) {
    length += token.length;
    ends[index] = length;
  }
  return { tokens, text: tokens.join(''), ends };
}
