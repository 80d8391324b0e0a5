import { MessageFlags, PermissionFlagsBits, type APIInteractionGuildMember, type GuildMember, type Interaction, type Message } from 'discord.js';
import { checkAccess, type AccessDecision } from '../answers/access-check.ts';
import { mentionsUser } from '../answers/reply-chain.ts';
import { STATUS_NOTE_PREFIX } from '../conversation/split-reply.ts';
import { catalogFor } from '../i18n/locale.ts';
import { STOP_BUTTON_ID } from './answer-controls.ts';
import type { BotContext } from './bot-context.ts';
import { helpDefinition } from './commands/help-definition.ts';
import { noMentions } from './sinks/rest-write.ts';

/**
 * The access gate: reads from an interaction or a message where a person is and who they are,
 * and asks `checkAccess` with their server's rules before any work starts.
 *
 * - **Where**: the channel, then what contains it (a thread's parent channel, then that
 *   channel's category), from the bot's channel cache. Where the bot is not a member (a user
 *   install), Discord tells it only the channel: a rule on the channel itself applies, one on a
 *   thread's parent or a category cannot be seen there (an allow list naming only those
 *   refuses, a block on them does not reach).
 * - **Who**: the person's roles, with @everyone (the server's id), and whether they have Manage
 *   Server (never locked out).
 * - **Servers the bot is not in** still have their rules applied, if the store holds any (set
 *   while the bot was a member): the rules are the server's, not the bot's membership's.
 * - **Outside servers** no server's rules apply. For messages `DIRECT_MESSAGES` decides (the
 *   listener says so in the DM as before); commands and buttons keep working in DMs and private
 *   channels whatever it says, as `/help` tells people.
 */

/** What the gate reads of the bot context. */
type GateContext = Pick<BotContext, 'store' | 'logger' | 'client' | 'botUserId'>;

/**
 * Whether an interaction is gated. Everything is, except what must work for anyone:
 * autocomplete (it only lists models, and cannot carry a refusal), Stop (the asker may always
 * end their own answer, and stopping asks no model) and `/help` (it says how the bot works).
 * `/access` and the other admin commands are gated like the rest, and pass: Manage Server
 * always does.
 */
export function isGatedInteraction(interaction: Interaction): boolean {
  if (interaction.isAutocomplete()) return false;
  if (interaction.isButton() && interaction.customId === STOP_BUTTON_ID) return false;
  if (interaction.isChatInputCommand() && interaction.commandName === helpDefinition.name) return false;
  return true;
}

/**
 * The gate for interactions: `true` when the person was refused, in which case they were told
 * privately why, in their language (the interaction's one answer), and nothing else may run.
 * Never throws: a store that cannot be read refuses, with the usual "something went wrong".
 */
export async function refusedInteraction(interaction: Interaction, context: GateContext): Promise<boolean> {
  if (!interaction.isRepliable() || !isGatedInteraction(interaction)) return false;
  const catalog = catalogFor(interaction.locale);
  let text: string;
  try {
    const decision = await interactionAccess(interaction, context);
    if (decision.allowed) return false;
    context.logger.info({ guild: interaction.guildId, channel: interaction.channelId, user: interaction.user.id, reason: decision.reason }, 'refused by access rules');
    text = catalog.accessRefused[decision.reason];
  } catch (error) {
    context.logger.error({ err: error, guild: interaction.guildId, user: interaction.user.id }, 'access check failed');
    text = catalog.unexpectedError;
  }
  await interaction.reply({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: noMentions }).catch(() => undefined);
  return true;
}

/**
 * The gate for a server message about to start a turn: `true` when it may. A refused message
 * gets no answer and asks no model. Messages cannot be answered privately, so the refusal is told
 * only to a message that addressed the bot (a mention, or a reply to one of its messages), as a
 * one-line `-# ` reply: never to an ordinary message in a bot thread, so a refused person
 * talking with others there is not answered with a note each time, and never with a ping. A
 * `-# ` note is what the history leaves out, so the refusal never reaches a model.
 */
export async function admitsMessage(message: Message<true>, context: GateContext): Promise<boolean> {
  let decision: AccessDecision;
  try {
    decision = await messageAccess(message, context);
  } catch (error) {
    context.logger.error({ err: error, guild: message.guildId, user: message.author.id }, 'access check failed');
    return false;
  }
  if (decision.allowed) return true;
  context.logger.info({ guild: message.guildId, channel: message.channelId, user: message.author.id, reason: decision.reason }, 'refused by access rules');
  if (addressesBot(message, context.botUserId)) {
    const text = `${STATUS_NOTE_PREFIX}🚫 ${catalogFor(message.guild.preferredLocale).accessRefused[decision.reason]}`;
    void message.reply({ content: text, allowedMentions: noMentions }).catch(() => undefined);
  }
  return false;
}

/** The decision for whoever used an interaction, where they used it. */
export async function interactionAccess(interaction: Interaction, context: GateContext): Promise<AccessDecision> {
  const guildId = interaction.guildId;
  const channelId = interaction.channelId ?? '';
  if (guildId === null) return checkAccess([], { channelId, parentIds: [], roleIds: [], isDirectMessage: true, directMessagesOn: true, isAdmin: false });
  const rules = await context.store.listAccessRules(guildId);
  if (rules.length === 0) return { allowed: true };
  return checkAccess(rules, {
    channelId,
    parentIds: containerIds(interaction.channel, (id) => context.client.channels.cache.get(id)),
    roleIds: roleIdsOf(interaction.member, guildId),
    isDirectMessage: false,
    directMessagesOn: true,
    isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true,
  });
}

/** The decision for a server message's author, in its channel. */
export async function messageAccess(message: Message<true>, context: GateContext): Promise<AccessDecision> {
  const rules = await context.store.listAccessRules(message.guildId);
  if (rules.length === 0) return { allowed: true };
  const member = message.member;
  return checkAccess(rules, {
    channelId: message.channelId,
    parentIds: containerIds(message.channel, (id) => context.client.channels.cache.get(id)),
    roleIds: roleIdsOf(member, message.guildId),
    isDirectMessage: false,
    directMessagesOn: true,
    isAdmin: member?.permissions.has(PermissionFlagsBits.ManageGuild) === true,
  });
}

/**
 * What contains a channel, nearest first: a thread's parent and that channel's category, or a
 * channel's category. Discord nests no deeper. `lookup` finds a channel by id (the cache).
 */
export function containerIds(channel: object | null, lookup: (id: string) => object | undefined): string[] {
  const ids: string[] = [];
  let parentId = parentIdOf(channel);
  while (parentId !== null && ids.length < 2) {
    ids.push(parentId);
    parentId = parentIdOf(lookup(parentId));
  }
  return ids;
}

/** A channel's `parentId`; DM channels have none at all. */
function parentIdOf(channel: object | null | undefined): string | null {
  return channel !== null && channel !== undefined && 'parentId' in channel && typeof channel.parentId === 'string' ? channel.parentId : null;
}

/**
 * A member's role ids with @everyone's (the server's id), which Discord's member payload leaves
 * out. A cached member's roles are the ones the bot knows (the gateway sends every role); a raw
 * one (a server the bot is not in) lists them as Discord sent them. No member: @everyone only.
 */
export function roleIdsOf(member: GuildMember | APIInteractionGuildMember | null, guildId: string): string[] {
  const ids = member === null ? [] : Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return [...new Set([guildId, ...ids])];
}

/** Whether a message speaks to the bot: it mentions it, or replies to one of its messages. */
export function addressesBot(message: Message, botUserId: string): boolean {
  return mentionsUser(message.content, botUserId) || message.mentions.repliedUser?.id === botUserId;
}
