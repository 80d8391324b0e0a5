/**
 * Characters that show nothing on screen: whitespace, control and format characters (`\p{Cf}`:
 * zero-width space, word joiner, BOM, bidi marks, tags), and every default-ignorable code point
 * (variation selectors, the combining grapheme joiner, Hangul fillers, soft hyphen). U+2800, the
 * blank Braille pattern, is a visible character in Unicode's eyes but prints as nothing, and is a
 * common way to post an "empty" message, so it counts as invisible too.
 */
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/**
 * Whether a person would see any text: `\u200b\u2060\ufeff` has none. A prompt or message
 * without visible text is treated as empty, so it neither reaches a model nor opens a thread.
 */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '') !== '';
}

/** The text with the invisible characters that are not whitespace removed (whitespace is kept, to be collapsed by the caller). */
export function withoutInvisibleFormatting(text: string): string {
  return text.replace(INVISIBLE, (character) => (/\p{White_Space}/u.test(character) ? character : ''));
}
