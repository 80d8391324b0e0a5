/**
 * A thread's name from the prompt that opened it, as a person would read the prompt: Discord
 * shows a thread name as plain text, so `<@1100000000000000302>` or `**bold**` would show raw.
 */
import { withoutInvisibleFormatting } from './visible-text.ts';

/** Discord's limit on thread names (1–100). Counted here in UTF-16 units, which is never more lenient than Discord's count. */
export const THREAD_NAME_LIMIT = 100;

/** The names people see for what a mention points at; `undefined` when the bot does not know it. */
export interface MentionNames {
  user(id: string): string | undefined;
  role(id: string): string | undefined;
  channel(id: string): string | undefined;
}

/** Discord's own words for a mention it cannot resolve. */
const unknownMention = { user: '@unknown-user', role: '@deleted-role', channel: '#deleted-channel' } as const;

const USER_MENTION = /<@!?(\d{15,21})>/g;
const ROLE_MENTION = /<@&(\d{15,21})>/g;
const CHANNEL_MENTION = /<#(\d{15,21})>/g;

/** The ids a prompt mentions, so the caller can look up names the bot has not cached. */
export function mentionedIds(prompt: string): { users: string[]; roles: string[]; channels: string[] } {
  const ids = (pattern: RegExp) => [...new Set([...prompt.matchAll(pattern)].map((match) => match[1] ?? ''))];
  return { users: ids(USER_MENTION), roles: ids(ROLE_MENTION), channels: ids(CHANNEL_MENTION) };
}

/**
 * Names a thread after its prompt: mentions rendered as names (`@Ada Admin`, `@Moderators`,
 * `#general`, custom emoji as `:name:`, slash-command mentions as `/name`, timestamps as dates),
 * markdown taken away (emphasis, spoilers, code, headings, quotes, lists, masked links),
 * invisible characters dropped, whitespace (line breaks too) collapsed to single spaces, and cut
 * at a word with "…" to fit 100 characters. Never empty: `fallback` names a prompt that was only
 * markup.
 */
export function threadName(prompt: string, names: MentionNames, fallback: string): string {
  const kept: string[] = [];
  // text that must come out as written (code, escapes, rendered names) waits behind a
  // private-use placeholder, so the markdown rules below cannot touch it
  const keep = (text: string) => `\u{F0000}${kept.push(text) - 1}\u{F0001}`;
  let text = withoutInvisibleFormatting(prompt)
    .replace(/\\([^\p{L}\p{N}\s])/gu, (_match, character: string) => keep(character))
    .replace(/```(?:[\w+#.-]*\n)?([\s\S]*?)```/g, (_match, code: string) => ` ${keep(code)} `)
    .replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_match, _ticks, code: string) => keep(code.trim()))
    .replace(USER_MENTION, (_match, id: string) => keep(rendered(names.user(id), '@', unknownMention.user)))
    .replace(ROLE_MENTION, (_match, id: string) => keep(rendered(names.role(id), '@', unknownMention.role)))
    .replace(CHANNEL_MENTION, (_match, id: string) => keep(rendered(names.channel(id), '#', unknownMention.channel)))
    .replace(/<a?:(\w{2,32}):\d{15,21}>/g, (_match, name: string) => keep(`:${name}:`))
    .replace(/<\/([\p{L}\p{N}_ -]{1,100}):\d{15,21}>/gu, (_match, name: string) => keep(`/${name}`))
    .replace(/<t:(-?\d{1,13})(?::[tTdDfFR])?>/g, (_match, seconds: string) => keep(new Date(Number(seconds) * 1000).toISOString().slice(0, 10)))
    .replace(/\[([^\]\n]+)\]\(<?(https?:\/\/[^\s)>]+)>?(?:\s+"[^"]*")?\)/g, '$1')
    .replace(/<(https?:\/\/[^\s>]+)>/g, '$1');
  text = text
    .split('\n')
    .map((line) => line.replace(/^\s*(?:#{1,3}\s+|-#\s+|>>>\s?|>\s?|[-*+]\s+)/, ''))
    .join('\n');
  text = withoutEmphasis(text);
  const name = text.replace(/[\u{F0000}]([0-9]+)[\u{F0001}]/gu, (_match, index: string) => kept[Number(index)] ?? '').replace(/\s+/g, ' ').trim();
  return name === '' ? cutToLimit(fallback.trim() || '…') : cutToLimit(name);
}

function rendered(name: string | undefined, sigil: '@' | '#', unknown: string): string {
  const clean = name?.replace(/\s+/g, ' ').trim();
  if (clean === undefined || clean === '') return unknown;
  // the @everyone role is named with its sigil already
  return clean.startsWith(sigil) ? clean : `${sigil}${clean}`;
}

/** Takes away emphasis marks that enclose text, innermost last, until none is left. */
function withoutEmphasis(text: string): string {
  const rules: RegExp[] = [
    /\|\|([\s\S]+?)\|\|/g,
    /~~([\s\S]+?)~~/g,
    /\*\*\*(?=\S)([\s\S]*?\S)\*\*\*/g,
    /\*\*(?=\S)([\s\S]*?\S)\*\*/g,
    /\*(?=\S)([\s\S]*?\S)\*/g,
    // underscores mark emphasis only at word edges: snake_case_names stay as they are
    /(?<![\p{L}\p{N}_])__(?=\S)([\s\S]*?\S)__(?![\p{L}\p{N}_])/gu,
    /(?<![\p{L}\p{N}_])_(?=\S)([\s\S]*?\S)_(?![\p{L}\p{N}_])/gu,
  ];
  let previous: string;
  do {
    previous = text;
    for (const rule of rules) text = text.replace(rule, '$1');
  } while (text !== previous);
  return text;
}

/** Cuts at the last space that keeps at least half the room, else mid-word, never inside a surrogate pair, and adds "…". */
function cutToLimit(name: string): string {
  if (name.length <= THREAD_NAME_LIMIT) return name;
  let cut = THREAD_NAME_LIMIT - 1;
  // never split a surrogate pair: a lone half would show as �
  if (/[\uD800-\uDBFF]/.test(name[cut - 1] ?? '')) cut -= 1;
  const head = name.slice(0, cut);
  const space = head.lastIndexOf(' ');
  const atWord = space >= THREAD_NAME_LIMIT / 2 ? head.slice(0, space) : head;
  return `${atWord.replace(/[\s\p{P}]+$/u, '') || atWord}…`;
}
