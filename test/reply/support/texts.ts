/**
 * fast-check arbitraries for model answers: prose, lists, code blocks with languages (some with
 * lines longer than a message, some showing fences inside a longer fence), long words, URLs,
 * CJK without spaces, emoji with ZWJ sequences, flags, skin tones and combining marks.
 */
import fc from 'fast-check';

const WORDS = [
  'the', 'model', 'answer', 'streams', 'into', 'Discord', 'with', 'a', 'rate', 'limit', 'bucket',
  'message', 'edit', 'newest', 'text', 'wins', 'and', 'nothing', 'is', 'lost', 'TypeScript',
  'fence', 'paragraph', 'line', 'word', 'émigré', 'naïve', 'straße',
];

const word = fc.constantFrom(...WORDS);
const sentence = fc.array(word, { minLength: 2, maxLength: 18 }).map((words) => `${words.join(' ')}.`);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 8 }).map((sentences) => sentences.join(' '));
const list = fc.array(sentence, { minLength: 1, maxLength: 10 }).map((items) => items.map((item) => `- ${item}`).join('\n'));
const language = fc.constantFrom('ts', 'python', 'js', '', 'rust', 'c++', 'sh', 'json');
const codeLine = fc.oneof(
  { arbitrary: fc.array(word, { maxLength: 10 }).map((words) => `  ${words.join('_')}();`), weight: 20 },
  { arbitrary: fc.constant(''), weight: 2 },
  { arbitrary: fc.integer({ min: 100, max: 2600 }).map((length) => `"${'x'.repeat(length)}"`), weight: 1 },
);
const codeBlock = fc
  .tuple(language, fc.array(codeLine, { minLength: 1, maxLength: 120 }))
  .map(([lang, lines]) => `\n\`\`\`${lang}\n${lines.join('\n')}\n\`\`\`\n`);
const nestedFences = fc
  .array(codeLine, { minLength: 1, maxLength: 40 })
  .map((lines) => `\n\`\`\`\`md\nExample:\n\`\`\`js\n${lines.join('\n')}\n\`\`\`\n\`\`\`\`\n`);
const longWord = fc
  .tuple(fc.integer({ min: 30, max: 3000 }), fc.constantFrom('a', 'Z', '9', '-', 'é'))
  .map(([length, letter]) => letter.repeat(length));
const url = fc
  .tuple(fc.webUrl(), fc.integer({ min: 0, max: 60 }))
  .map(([base, depth]) => `${base}/${'segment/'.repeat(depth)}?q=1`);
const cjk = fc
  .array(fc.constantFrom('这', '是', '一', '个', '句', '子', '。', '日', '本', '語', '、', '한', '국', '！'), {
    minLength: 10,
    maxLength: 3000,
  })
  .map((characters) => characters.join(''));
const emoji = fc
  .array(fc.constantFrom('👩‍👩‍👧‍👦', '🇫🇷', '🇯🇵', '👍🏽', '1️⃣', 'e\u0301', '😀', '🏳️‍🌈', ' ', '🧑🏿‍💻'), {
    minLength: 1,
    maxLength: 800,
  })
  .map((parts) => parts.join(''));

/** One piece of an answer. */
export const answerSegment: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: paragraph, weight: 8 },
  { arbitrary: list, weight: 2 },
  { arbitrary: codeBlock, weight: 3 },
  { arbitrary: nestedFences, weight: 1 },
  { arbitrary: longWord, weight: 1 },
  { arbitrary: url, weight: 1 },
  { arbitrary: cjk, weight: 1 },
  { arbitrary: emoji, weight: 1 },
);

/** A whole answer of about `minLength`–`maxLength` characters (segments are repeated to get there). */
export function answerText(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(fc.tuple(answerSegment, fc.constantFrom('\n\n', '\n', ' ', '\n\n\n')), { minLength: 1, maxLength: 30 }),
      fc.integer({ min: minLength, max: maxLength }),
    )
    .map(([segments, target]) => {
      let text = '';
      for (let index = 0; text.length < target; index += 1) {
        const [segment, separator] = segments[index % segments.length]!;
        text += segment + separator;
      }
      return text;
    });
}

/** Cuts `text` into deltas with sizes taken in turn from `sizes` (code units: pairs may be split). */
export function chunk(text: string, sizes: readonly number[]): string[] {
  const chunks: string[] = [];
  for (let start = 0, index = 0; start < text.length; index += 1) {
    const size = sizes[index % sizes.length]!;
    chunks.push(text.slice(start, start + size));
    start += size;
  }
  return chunks;
}
