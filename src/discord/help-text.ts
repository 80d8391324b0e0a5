import { escapeMarkdown } from 'discord.js';
import type { EffectiveSystemPrompt } from '../answers/system-prompt-lookup.ts';
import type { EffectiveModel } from '../conversation/resolve-model.ts';
import type { Catalog } from '../i18n/catalog.ts';
import { DISCORD_MESSAGE_LIMIT } from '../reply/split.ts';
import type { MentionCommand } from './command-mentions.ts';

/**
 * Where `/help` was used, as far as it changes what the bot can do there:
 * - `channel`: a channel of a server the bot is a member of (answers open threads);
 * - `thread`: a thread there that is not one of the bot's conversations;
 * - `bot-thread`: one of the bot's conversation threads;
 * - `dm`: the person's direct messages with the bot;
 * - `user-install`: anywhere only the person's install of the app reaches — a server the bot
 *   is not in, a group DM, a DM between people — where it answers only through interactions.
 */
export type HelpPlace = 'channel' | 'thread' | 'bot-thread' | 'dm' | 'user-install';

/** Everything `/help` says, gathered by the caller. */
export interface HelpInput {
  /** The asker's language. */
  catalog: Catalog;
  place: HelpPlace;
  /** The bot's user: `name` opens the text, `id` makes the mention people should write. */
  bot: { id: string; name: string };
  /** The model that applies here and where it comes from (as `/model show` finds it); `undefined` when none does. */
  model: EffectiveModel | undefined;
  /** The system prompt that applies here, and where it comes from (a bare string: SYSTEM_PROMPT, source unsaid); blank means none. */
  systemPrompt: string | EffectiveSystemPrompt;
  /** MAX_ANSWERS_PER_USER; 0 is no limit. */
  maxAnswersPerUser: number;
  /** MAX_PROMPT_LENGTH. */
  maxPromptLength: number;
  /** How the server wants thread replies (ignored outside servers the bot is in). */
  threadReplies: 'every-message' | 'mentions';
  /** Whether the Message Content intent is granted: without it the bot reads only messages that mention it. */
  readsMessages: boolean;
  /** DIRECT_MESSAGES. */
  directMessages: boolean;
  /** Names commands, clickable when registered (see `command-mentions.ts`). */
  mention: MentionCommand;
}

/** A quoted prompt's markdown shows as typed: line-start markup too, as it follows `> `. */
const quoteEscapes = { heading: true, bulletedList: true, numberedList: true, maskedLink: true };

/** Below this many characters a quoted system prompt says too little to be worth showing. */
const minimumQuote = 40;

/**
 * `/help`'s private answer, in the person's language: how to start and continue a conversation
 * where they are (the ways that cannot work there are left out), the buttons, and the model,
 * system prompt and limits that apply. The system prompt is quoted on one line and shortened to
 * what is left of Discord's 2000 characters; everything else is sized to always leave room.
 * Send it with no allowed mentions: a system prompt may name anyone.
 */
export function helpText(input: HelpInput): string {
  const { catalog, place } = input;
  const help = catalog.help;
  const isMember = place !== 'user-install';
  const inServer = place === 'channel' || place === 'thread' || place === 'bot-thread';
  const ask = input.mention('ask');
  const botName = escapeMarkdown(input.bot.name);

  const start = [help.startHeading, help.ask(ask, askOutcome(place))];
  if (inServer && place !== 'bot-thread') start.push(help.mention(`<@${input.bot.id}>`, place === 'channel'));
  start.push(help.askAbout);
  if (place === 'dm') start.push(input.directMessages ? help.directMessagesHere : help.directMessagesOffHere(ask));
  else if (input.directMessages) start.push(help.directMessages);

  const continuing = [help.continueHeading];
  if (inServer) continuing.push(help.threads(input.threadReplies, input.readsMessages), help.replies(input.readsMessages));
  if (!isMember) continuing.push(help.notMemberContinue);

  const here = [help.hereHeading, modelLine(input, inServer)];
  const limits = help.limits(input.maxAnswersPerUser, input.maxPromptLength);
  const sections = [
    isMember ? help.intro(botName) : help.introNotMember(botName),
    start.join('\n'),
    ...(continuing.length > 1 ? [continuing.join('\n')] : []),
    help.buttons(catalog.stopButton, catalog.regenerateButton),
  ];
  const footer = isMember ? [help.userInstall(ask)] : [];
  const withPrompt = (prompt: string | undefined) => [...sections, [...here, ...(prompt === undefined ? [] : [prompt]), limits].join('\n'), ...footer].join('\n\n');

  const effective = typeof input.systemPrompt === 'string' ? undefined : input.systemPrompt;
  const systemPrompt = (effective?.prompt ?? (input.systemPrompt as string)).trim();
  if (systemPrompt === '') return withPrompt(help.noSystemPrompt);
  const origin = effective === undefined ? undefined : catalog.prompt.origin(effective.source);
  // the room left once the prompt's line holds nothing but its label
  const room = DISCORD_MESSAGE_LIMIT - withPrompt(help.systemPrompt('', origin)).length;
  const quoted = shortened(escapeMarkdown(systemPrompt.replace(/\s+/g, ' '), quoteEscapes), room);
  return withPrompt(quoted === undefined ? undefined : help.systemPrompt(quoted, origin));
}

function askOutcome(place: HelpPlace): Parameters<Catalog['help']['ask']>[1] {
  switch (place) {
    case 'channel':
      return 'opens-thread';
    case 'bot-thread':
      return 'continues-thread';
    case 'user-install':
      return 'interaction-only';
    default:
      return 'plain';
  }
}

/** The model line: `/model show`'s sentence in servers; elsewhere no admin can set one, so it says where to pick one. */
function modelLine(input: HelpInput, inServer: boolean): string {
  const { catalog, model } = input;
  if (model === undefined && !inServer) return catalog.help.noModelHere;
  return catalog.effectiveModel(model?.modelId, model?.source ?? 'none');
}

/** `text` within `room` characters, cut at a space with "…"; `undefined` when too little would be left. */
function shortened(text: string, room: number): string | undefined {
  if (text.length <= room) return text;
  if (room < minimumQuote) return undefined;
  const cut = text.lastIndexOf(' ', room - 1);
  // one endless word is cut where the room ends
  let end = cut >= room / 2 ? cut : room - 1;
  // never half of a surrogate pair (an emoji)
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
