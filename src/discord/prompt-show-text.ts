import { escapeMarkdown } from 'discord.js';
import type { EffectiveSystemPrompt } from '../answers/system-prompt-lookup.ts';
import type { Catalog } from '../i18n/catalog.ts';
import { DISCORD_MESSAGE_LIMIT } from '../reply/split.ts';

/** A quoted prompt's markdown shows as typed: line-start markup too, as it follows `> `. */
const quoteEscapes = { heading: true, bulletedList: true, numberedList: true, maskedLink: true };

/** What `/prompt show` says. */
export interface PromptShowInput {
  catalog: Catalog;
  /** The prompt that applies where the command was used, and its source. */
  effective: EffectiveSystemPrompt;
  /** "Set by … on …" for a channel's or server's prompt (see `setByLine`); absent otherwise. */
  setBy?: string | undefined;
}

/**
 * `/prompt show`'s private answer: where the prompt that applies comes from, the prompt itself
 * quoted line by line as typed (shortened to what is left of one message, with a note saying
 * so), then who set it and when. Send it with no allowed mentions: a prompt may name anyone.
 */
export function promptShowText(input: PromptShowInput): string {
  const { catalog, effective } = input;
  const tail = input.setBy === undefined ? [] : [input.setBy];
  if (effective.prompt.trim() === '') return [catalog.prompt.none, ...tail].join('\n');
  const heading = catalog.prompt.shown(catalog.prompt.origin(effective.source));
  const quoted = quote(effective.prompt);
  const whole = [heading, quoted, ...tail].join('\n');
  if (whole.length <= DISCORD_MESSAGE_LIMIT) return whole;
  const note = catalog.prompt.shortened(effective.prompt.length);
  const room = DISCORD_MESSAGE_LIMIT - [heading, '', note, ...tail].join('\n').length;
  return [heading, shortened(quoted, room), note, ...tail].join('\n');
}

/** Every line of `text` after `> `, its markdown escaped. */
function quote(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => `> ${escapeMarkdown(line, quoteEscapes)}`)
    .join('\n');
}

/** `text` within `room` characters, ending with "…", never in the middle of a surrogate pair. */
function shortened(text: string, room: number): string {
  let end = Math.max(0, room - 1);
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
