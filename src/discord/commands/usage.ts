import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { UsagePeriod } from '../../i18n/catalog.ts';
import { catalogFor } from '../../i18n/locale.ts';
import type { BotContext } from '../bot-context.ts';
import { noMentions } from '../sinks/rest-write.ts';
import { isUsagePeriod, periodRange, personUsageText, serverUsageText } from '../usage-text.ts';
import { usageDefinition } from './usage-definition.ts';

/** `/usage server|me [period]`. */
export const data = usageDefinition;

/** The period when none is picked. */
const DEFAULT_PERIOD: UsagePeriod = '7d';

/**
 * `/usage`: privately, a server's tokens and answers (Manage Server, checked here) or the
 * person's own. Deferred first: the reads are indexed and quick, but a busy disk must not cost
 * the interaction its 3 s. Top people are mentions, sent with no allowed mentions, so nobody is pinged.
 */
export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const catalog = catalogFor(interaction.locale);
  const subcommand = interaction.options.getSubcommand(true);
  const guildId = interaction.guildId;
  if (subcommand === 'server') {
    if (guildId === null) return void (await interaction.reply({ content: catalog.serverOnly, flags: MessageFlags.Ephemeral }));
    if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) !== true) {
      return void (await interaction.reply({ content: catalog.usage.needsManageServer, flags: MessageFlags.Ephemeral }));
    }
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const chosen = interaction.options.getString('period');
  const period = chosen !== null && isUsagePeriod(chosen) ? chosen : DEFAULT_PERIOD;
  const now = (context.now ?? Date.now)();
  const range = periodRange(period, now);
  const options = { catalog, locale: interaction.locale, period, range, now };
  const content =
    subcommand === 'server' && guildId !== null
      ? serverUsageText(options, (await context.store.usageReport(guildId, range)))
      : // in a server, their usage there; in a DM (or a group DM), everywhere
        personUsageText(options, (await context.store.personUsage(interaction.user.id, guildId === null ? range : { ...range, guildId })), guildId === null);
  context.logger.info({ guild: guildId, user: interaction.user.id, subcommand, period }, 'usage shown');
  await interaction.editReply({ content, allowedMentions: noMentions });
}
