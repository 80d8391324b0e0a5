import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { Catalog } from '../../i18n/catalog.ts';
import { catalogFor } from '../../i18n/locale.ts';
import { DISCORD_MESSAGE_LIMIT } from '../../reply/split.ts';
import { ACCESS_RULE_KINDS, type AccessRule, type AccessRuleKind } from '../../store/index.ts';
import type { BotContext } from '../bot-context.ts';
import { displayNameOf } from '../display-name.ts';
import { noMentions } from '../sinks/rest-write.ts';
import { accessDefinition, type AccessChange } from './access-definition.ts';

/** `/access allow|block|remove|list`. */
export const data = accessDefinition;

/**
 * `/access`: adds, removes and lists this server's access rules (in the store, so they survive
 * restarts; every change goes to the settings log with who made it). Answered privately; Manage
 * Server is checked here as well, since server admins can open the command to anyone.
 */
export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const catalog = catalogFor(interaction.locale);
  const reply = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
  const guildId = interaction.guildId;
  if (guildId === null) return void (await reply(catalog.serverOnly));
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) !== true) return void (await reply(catalog.accessNeedsManageServer));
  const subcommand = interaction.options.getSubcommand(true);
  if (subcommand === 'list') return void (await reply(ruleList(catalog, guildId, (await context.store.listAccessRules(guildId)))));
  if (!isAccessChange(subcommand)) return void (await reply(catalog.unexpectedError));

  const target = targetOf(interaction);
  if (target === undefined) return void (await reply(catalog.accessNeedsOneTarget));
  const by = { userId: interaction.user.id, name: displayNameOf(interaction) };
  if (subcommand === 'remove') {
    const kinds: AccessRuleKind[] = target.type === 'role' ? ['allow-role', 'block-role'] : ['allow-channel', 'block-channel'];
    let removed = 0;
    for (const kind of kinds) if (await context.store.removeAccessRule(guildId, kind, target.id, by)) removed += 1;
    context.logger.info({ guild: guildId, user: by.userId, target: target.id, removed }, 'access rules removed');
    return void (await reply(catalog.accessRulesRemoved(target.mention, removed)));
  }
  const kind: AccessRuleKind = `${subcommand}-${target.type}`;
  const isNew = await context.store.addAccessRule(guildId, kind, target.id, by);
  context.logger.info({ guild: guildId, user: by.userId, kind, target: target.id, isNew }, 'access rule added');
  await reply(catalog.accessRuleAdded(kind, target.mention, isNew));
}

interface RuleTarget {
  type: 'role' | 'channel';
  id: string;
  mention: string;
}

/** The one role or channel named; `undefined` for neither or both. */
function targetOf(interaction: ChatInputCommandInteraction): RuleTarget | undefined {
  const role = interaction.options.getRole('role');
  const channel = interaction.options.getChannel('channel');
  if ((role === null) === (channel === null)) return undefined;
  if (role !== null) return { type: 'role', id: role.id, mention: role.id === interaction.guildId ? '@everyone' : `<@&${role.id}>` };
  return channel === null ? undefined : { type: 'channel', id: channel.id, mention: `<#${channel.id}>` };
}

/** The rules by kind, each with who added it and when (a timestamp each client shows in its language). */
function ruleList(catalog: Catalog, guildId: string, rules: readonly AccessRule[]): string {
  if (rules.length === 0) return catalog.accessListEmpty;
  const sections = ACCESS_RULE_KINDS.flatMap((kind) => {
    const ofKind = rules.filter((rule) => rule.kind === kind);
    if (ofKind.length === 0) return [];
    const entries = ofKind.map((rule) => `• ${mentionOf(rule, guildId)} (<@${rule.setByUserId}>, <t:${Math.floor(rule.at / 1000)}:d>)`);
    return [`**${catalog.accessListLabels[kind]}**`, ...entries];
  });
  const footer = `\n${catalog.accessListFooter}`;
  const body = [catalog.accessListHeading, ...sections].join('\n');
  if (body.length + footer.length <= DISCORD_MESSAGE_LIMIT) return body + footer;
  const room = DISCORD_MESSAGE_LIMIT - footer.length - 2;
  return `${body.slice(0, body.lastIndexOf('\n', room))}\n…${footer}`;
}

/** A rule's target as a mention; @everyone's role has the server's id and is written by name. */
function mentionOf(rule: AccessRule, guildId: string): string {
  if (!rule.kind.endsWith('-role')) return `<#${rule.targetId}>`;
  return rule.targetId === guildId ? '@everyone' : `<@&${rule.targetId}>`;
}

function isAccessChange(value: string): value is AccessChange {
  return value === 'allow' || value === 'block' || value === 'remove';
}
