import { MessageFlags, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import { systemPromptFor } from '../../answers/system-prompt-lookup.ts';
import type { Catalog } from '../../i18n/catalog.ts';
import { catalogFor } from '../../i18n/locale.ts';
import type { BotContext } from '../bot-context.ts';
import { displayNameOf } from '../display-name.ts';
import { parsePromptSubmission, promptModal, PROMPT_MAX_LENGTH } from '../prompt-modal.ts';
import { promptShowText } from '../prompt-show-text.ts';
import { setByLine } from '../setting-change-line.ts';
import { settingsChannelId } from '../settings-channel.ts';
import { noMentions } from '../sinks/rest-write.ts';
import { promptDefinition } from './prompt-definition.ts';
import { mayChangeScope, parseScope, type SettingScope } from './setting-scope.ts';

/** `/prompt set|show|reset`. */
export const data = promptDefinition;

/**
 * `/prompt`: `set` opens the modal for the scope's prompt (`submit` saves it), `reset` clears
 * it, `show` says which prompt applies here. Every answer is private; every change is checked
 * against the scope's permission here, whatever the command's declared default, and logged
 * with who made it.
 */
export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const catalog = catalogFor(interaction.locale);
  const reply = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
  const guildId = interaction.guildId;
  if (guildId === null) return void (await reply(catalog.serverOnly));
  const channelId = settingsChannelId(interaction.channel, interaction.channelId);
  const subcommand = interaction.options.getSubcommand(true);
  if (subcommand === 'show') return void (await reply(await showText(context, catalog, interaction, guildId, channelId)));

  const scope = parseScope(interaction.options.getString('scope', true));
  // Discord offers only the choices, but a stale registration could send anything
  if (scope === undefined) return void (await reply(catalog.unexpectedError));
  if (!mayChangeScope(interaction.memberPermissions, scope)) return void (await reply(catalog.prompt.needsPermission(scope)));
  if (subcommand === 'set') {
    const current = scope === 'server' ? (await context.store.getGuildSystemPrompt(guildId)) : (await context.store.getChannelSystemPrompt(channelId));
    // a modal must be the first response
    return void (await interaction.showModal(promptModal({ scope, channelId }, current, catalog)));
  }
  const by = { userId: interaction.user.id, name: displayNameOf(interaction) };
  const cleared = scope === 'server' ? (await context.store.clearGuildSystemPrompt(guildId, by)) : (await context.store.clearChannelSystemPrompt(guildId, channelId, by));
  if (cleared) context.logger.info({ guild: guildId, channel: scope === 'channel' ? channelId : undefined, user: by.userId }, 'system prompt cleared');
  await reply(catalog.prompt.reset(scope, cleared));
}

/**
 * Saves a submitted `/prompt set` modal, after checking again what the command checked: the
 * permission of its scope (held by whoever submits, now), and for a channel's prompt that the
 * form is submitted where it was opened. A blank or too-long prompt is refused as typed.
 */
export async function submit(interaction: ModalSubmitInteraction, context: BotContext): Promise<void> {
  const catalog = catalogFor(interaction.locale);
  const reply = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
  const submission = parsePromptSubmission(interaction);
  const guildId = interaction.guildId;
  if (guildId === null) return void (await reply(catalog.serverOnly));
  if (submission === undefined) return void (await reply(catalog.prompt.staleForm));
  const { scope, prompt } = submission;
  if (!mayChangeScope(interaction.memberPermissions, scope)) return void (await reply(catalog.prompt.needsPermission(scope)));
  const channelId = settingsChannelId(interaction.channel, interaction.channelId);
  if (scope === 'channel' && submission.channelId !== channelId) return void (await reply(catalog.prompt.staleForm));
  if (prompt.trim() === '') return void (await reply(catalog.prompt.empty));
  if (prompt.length > PROMPT_MAX_LENGTH) return void (await reply(catalog.prompt.tooLong(prompt.length, PROMPT_MAX_LENGTH)));

  const by = { userId: interaction.user.id, name: displayNameOf(interaction) };
  if (scope === 'server') await context.store.setGuildSystemPrompt(guildId, prompt, by);
  else (await context.store.setChannelSystemPrompt(guildId, submission.channelId!, prompt, by));
  context.logger.info({ guild: guildId, channel: submission.channelId, user: by.userId, length: prompt.length }, 'system prompt set');
  await reply(catalog.prompt.saved(scope));
}

/** `/prompt show`: the prompt that applies here (a bot thread's own first), its source, and who set it. */
async function showText(context: BotContext, catalog: Catalog, interaction: ChatInputCommandInteraction, guildId: string, channelId: string): Promise<string> {
  const thread = interaction.channel?.isThread() === true ? (await context.store.getThread(interaction.channelId)) : undefined;
  const effective = await systemPromptFor(context, { threadPrompt: thread?.system, guildId, channelId });
  const scope: SettingScope | undefined = effective.source === 'server' ? 'server' : effective.source === 'channel' ? 'channel' : undefined;
  const change = scope === undefined ? undefined : (await context.store.lastChange(guildId, 'system-prompt', scope === 'channel' ? channelId : undefined));
  return promptShowText({ catalog, effective, setBy: setByLine(catalog, interaction.locale, change, Date.now()) });
}
