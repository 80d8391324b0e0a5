import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { catalogFor } from '../../i18n/locale.ts';
import type { Catalog } from '../../i18n/catalog.ts';
import { ProviderError } from '../../model/provider-error.ts';
import type { BotContext } from '../bot-context.ts';
import { isUnknownModel } from '../../answers/model-lookup.ts';
import { modelDefinition } from './model-definition.ts';
import { DISCORD_MESSAGE_LIMIT } from '../../reply/split.ts';
import { providerFailureText } from '../../i18n/reply-texts-for.ts';

/** `/model set|reset|show|list`. */
export const data = modelDefinition;

/** `/model set|reset|show|list`: every answer is ephemeral, only the asker sees it. */
export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const catalog = catalogFor(interaction.locale);
  const reply = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral });
  const guildId = interaction.guildId;
  if (guildId === null) return void (await reply(catalog.serverOnly));
  const subcommand = interaction.options.getSubcommand(true);

  if (subcommand === 'set' || subcommand === 'reset') {
    // the declared default permission can be overridden by server admins; check it here too
    if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) !== true) return void (await reply(catalog.needsManageServer));
    if (subcommand === 'reset') {
      context.store.clearGuildDefaultModel(guildId);
      return void (await reply(catalog.defaultModelReset(context.config.defaultModel)));
    }
    const requested = interaction.options.getString('model', true).trim();
    const resolved = await context.models.resolve(requested);
    if (isUnknownModel(resolved)) return void (await reply(catalog.unknownModel(requested, resolved.reason)));
    context.store.setGuildDefaultModel(guildId, resolved.id, interaction.user.id);
    context.logger.info({ guild: guildId, user: interaction.user.id, model: resolved.id }, 'server default model set');
    return void (await reply(catalog.defaultModelSet(resolved.id)));
  }

  if (subcommand === 'show') {
    const threadModel = interaction.channel?.isThread() === true ? context.store.getThread(interaction.channelId)?.modelId : undefined;
    const effective = context.models.effective({ threadModel, guildId });
    return void (await reply(catalog.effectiveModel(effective?.modelId, effective?.source ?? 'none')));
  }

  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await interaction.editReply({ content: await modelList(context, catalog) });
}

/** The models grouped by provider, each provider marked reachable or not; fits one message. */
async function modelList(context: BotContext, catalog: Catalog): Promise<string> {
  const listings = await context.registry.listModels();
  const sections = await Promise.all(
    listings.map(async (listing) => {
      let failure = listing.error;
      if (failure === undefined) failure = await listing.provider.checkReachable().then(() => undefined, (error: unknown) => (error instanceof ProviderError ? error : undefined));
      const detail = failure === undefined ? undefined : providerFailureText(catalog, failure);
      const lines = [catalog.providerHeading(listing.provider.id, failure === undefined, detail), ...listing.models.map((model) => `• \`${model.id}\``)];
      return lines.join('\n');
    }),
  );
  const footer = `\n\n${catalog.modelListFooter}`;
  const body = sections.join('\n\n');
  if (body.length + footer.length <= DISCORD_MESSAGE_LIMIT) return body + footer;
  const room = DISCORD_MESSAGE_LIMIT - footer.length - 2;
  return `${body.slice(0, body.lastIndexOf('\n', room))}\n…${footer}`;
}
