import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { catalogFor, languageOf } from '../../i18n/locale.ts';
import type { Catalog } from '../../i18n/catalog.ts';
import { ProviderError } from '../../model/provider-error.ts';
import type { BotContext } from '../bot-context.ts';
import { isUnknownModel } from '../../answers/model-lookup.ts';
import { modelDefinition } from './model-definition.ts';
import { DISCORD_MESSAGE_LIMIT } from '../../reply/split.ts';
import { providerFailureText } from '../../i18n/reply-texts-for.ts';
import { displayNameOf } from '../display-name.ts';
import { setByLine } from '../setting-change-line.ts';
import { settingsChannelId } from '../settings-channel.ts';
import { noMentions } from '../sinks/rest-write.ts';
import { mayChangeScope, parseScope } from './setting-scope.ts';
import { systemPromptFor } from '../../answers/system-prompt-lookup.ts';
import { commandText } from '../../i18n/command-names.ts';

/** `/model set|reset|show|list`. */
export const data = modelDefinition;

/** `/model set|reset|show|list`: every answer is ephemeral, only the asker sees it. */
export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const catalog = catalogFor(interaction.locale);
  const reply = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
  const guildId = interaction.guildId;
  if (guildId === null) return void (await reply(catalog.serverOnly));
  const subcommand = interaction.options.getSubcommand(true);
  // a thread takes its parent channel's default
  const channelId = settingsChannelId(interaction.channel, interaction.channelId);

  if (subcommand === 'set' || subcommand === 'reset') {
    const scope = parseScope(interaction.options.getString('scope'));
    // Discord offers only the choices, but a stale registration could send anything
    if (scope === undefined) return void (await reply(catalog.unexpectedError));
    // the declared default permission can be overridden by server admins; check it here too
    if (!mayChangeScope(interaction.memberPermissions, scope)) return void (await reply(scope === 'server' ? catalog.needsManageServer : catalog.needsManageChannels));
    const by = { userId: interaction.user.id, name: displayNameOf(interaction) };
    if (subcommand === 'reset') {
      if (scope === 'channel') return void (await reply(catalog.channelModelReset((await context.store.clearChannelDefaultModel(guildId, channelId, by)))));
      await context.store.clearGuildDefaultModel(guildId, by);
      return void (await reply(catalog.defaultModelReset(context.config.defaultModel)));
    }
    const requested = interaction.options.getString('model', true).trim();
    const resolved = await context.models.resolve(requested);
    if (isUnknownModel(resolved)) return void (await reply(catalog.unknownModel(requested, resolved.reason)));
    if (scope === 'channel') await context.store.setChannelDefaultModel(guildId, channelId, resolved.id, by);
    else (await context.store.setGuildDefaultModel(guildId, resolved.id, by));
    context.logger.info({ guild: guildId, channel: scope === 'channel' ? channelId : undefined, user: by.userId, model: resolved.id }, 'default model set');
    return void (await reply(scope === 'channel' ? catalog.channelModelSet(resolved.id) : catalog.defaultModelSet(resolved.id)));
  }

  if (subcommand === 'show') {
    const threadModel = interaction.channel?.isThread() === true ? (await context.store.getThread(interaction.channelId))?.modelId : undefined;
    const effective = await context.models.effective({ threadModel, channelId, guildId });
    const source = effective?.source;
    // who chose it, for a channel's or the server's default ("set by Ada Admin on 3 Dec")
    const change = source === 'channel' || source === 'server' ? (await context.store.lastChange(guildId, 'default-model', source === 'channel' ? channelId : undefined)) : undefined;
    const setBy = setByLine(catalog, interaction.locale, change, Date.now());
    // and the persona, which applies by the same places: where it comes from (`/prompt show` quotes it)
    const threadPrompt = interaction.channel?.isThread() === true ? (await context.store.getThread(interaction.channelId))?.system : undefined;
    const prompt = await systemPromptFor(context, { threadPrompt, channelId, guildId });
    const promptLine = catalog.prompt.here(catalog.prompt.origin(prompt.source), commandText(languageOf(interaction.locale), 'prompt', 'promptShow'));
    return void (await reply([catalog.effectiveModel(effective?.modelId, source ?? 'none'), ...(setBy === undefined ? [] : [setBy]), promptLine].join('\n')));
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
