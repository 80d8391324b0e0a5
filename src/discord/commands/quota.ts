import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { Catalog } from '../../i18n/catalog.ts';
import { catalogFor } from '../../i18n/locale.ts';
import { nextUtcMidnight, utcDay } from '../../store/index.ts';
import type { BotContext } from '../bot-context.ts';
import { displayNameOf } from '../display-name.ts';
import { setByLine } from '../setting-change-line.ts';
import { noMentions } from '../sinks/rest-write.ts';
import { numberText } from '../usage-text.ts';
import { quotaDefinition } from './quota-definition.ts';

/** `/quota show|set|reset`. */
export const data = quotaDefinition;

/**
 * `/quota`: shows, sets and clears this server's daily token quotas, privately. A change goes to
 * the settings log with who made it, and `show` says who and when. Quotas are counted and
 * enforced by `prepareTurn` (src/answers/token-quota.ts).
 */
export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const catalog = catalogFor(interaction.locale);
  const reply = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
  const guildId = interaction.guildId;
  if (guildId === null) return void (await reply(catalog.serverOnly));
  const subcommand = interaction.options.getSubcommand(true);
  const show = () => quotaText(context, catalog, interaction.locale, guildId, interaction.user.id);
  if (subcommand === 'show') return void (await reply(await show()));
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) !== true) return void (await reply(catalog.quota.needsManageServer));
  const by = { userId: interaction.user.id, name: displayNameOf(interaction) };
  if (subcommand === 'reset') {
    const cleared = await context.store.clearGuildQuota(guildId, by);
    context.logger.info({ guild: guildId, user: by.userId, cleared }, 'quotas reset');
    return void (await reply(`${catalog.quota.reset(cleared)}\n\n${await show()}`));
  }
  const person = interaction.options.getInteger('person');
  const server = interaction.options.getInteger('server');
  if (person === null && server === null) return void (await reply(catalog.quota.needsAValue));
  await context.store.setGuildQuota(guildId, { ...(person === null ? {} : { personTokensPerDay: person }), ...(server === null ? {} : { serverTokensPerDay: server }) }, by);
  context.logger.info({ guild: guildId, user: by.userId, person, server }, 'quotas set');
  await reply(`${catalog.quota.saved}\n\n${await show()}`);
}

/** The quotas that apply in the server, where each comes from, today's use so far, and who set them. */
async function quotaText(context: BotContext, catalog: Catalog, locale: string, guildId: string, userId: string): Promise<string> {
  const now = (context.now ?? Date.now)();
  const own = await context.store.getGuildQuota(guildId);
  const defaults = context.config.tokenQuotas;
  const tokens = (count: number) => catalog.usage.tokens(numberText(locale, count), count);
  const line = (scope: 'person' | 'server', ownLimit: number | null | undefined, fallback: number) => {
    const limit = ownLimit ?? fallback;
    return catalog.quota.line(scope, limit === 0 ? undefined : tokens(limit), ownLimit !== null && ownLimit !== undefined);
  };
  const day = utcDay(now);
  const mine = await context.store.tokensUsedOn(day, { guildId, userId });
  const everyone = await context.store.tokensUsedOn(day, { guildId });
  const setBy = own === undefined ? undefined : setByLine(catalog, locale, (await context.store.lastChange(guildId, 'quota')), now);
  return [
    catalog.quota.heading,
    line('person', own?.personTokensPerDay, defaults.personTokensPerDay),
    line('server', own?.serverTokensPerDay, defaults.serverTokensPerDay),
    catalog.quota.today(tokens(mine), tokens(everyone), nextUtcMidnight(now)),
    ...(setBy === undefined ? [] : [setBy]),
  ].join('\n');
}
