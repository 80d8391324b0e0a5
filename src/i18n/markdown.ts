/**
 * Text shown as inline code: `` `x` ``, or ``` `` a`b `` ``` when the text itself holds a
 * backtick (a mistyped model id can hold anything), so the formatting never breaks.
 */
export function inlineCode(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}
