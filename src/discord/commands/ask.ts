import { MessageFlags, PermissionFlagsBits, type AnyThreadChannel, type Attachment, type ChatInputCommandInteraction } from 'discord.js';
import { isRefusal, prepareTurn, refusalText, type PreparedTurn } from '../../answers/answer-turn.ts';
import type { ConversationTurn, PromptTurn } from '../../answers/regenerate-turn.ts';
import { promptConversation, threadConversation } from '../../answers/turn-conversation.ts';
import { personMessage, type MessageAttachment } from '../../conversation/thread-message.ts';
import { hasVisibleText } from '../../conversation/visible-text.ts';
import type { Catalog } from '../../i18n/catalog.ts';
import { catalogFor } from '../../i18n/locale.ts';
import type { ThreadRecord } from '../../store/store.ts';
import { answerInInteraction } from '../answer-in-interaction.ts';
import type { BotContext } from '../bot-context.ts';
import { discordMessageSource } from '../discord-message-source.ts';
import { displayNameOf } from '../display-name.ts';
import { noMentions } from '../sinks/rest-write.ts';
import { botIsInChannel } from '../interaction-place.ts';
import { toMessageAttachment } from '../thread-message-from-discord.ts';
import { checkInTime } from '../check-in-time.ts';
import { askDefinition } from './ask-definition.ts';
import { openAnswerThread } from '../open-answer-thread.ts';
import { settingsChannelId } from '../settings-channel.ts';

/** `/ask prompt [model] [private] [image]`. */
export const data = askDefinition;

/** What a Regenerate of an `/ask` answer needs: outside a thread, its prompt; inside one, where the thread stood. */
export type AskTurn = PromptTurn | ConversationTurn;

/**
 * `/ask`: checks the prompt and model (answering mistakes ephemerally, before any upstream is
 * contacted), defers, streams the answer into the reply, then opens a thread on it — or, inside
 * a bot thread, continues that thread's conversation.
 */
export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const catalog = catalogFor(interaction.locale);
  const prompt = interaction.options.getString('prompt', true).trim();
  const isPrivate = interaction.options.getBoolean('private') ?? false;
  const image = interaction.options.getAttachment('image');
  // zero-width and format characters alone show nothing: such a prompt is empty, not a question
  if (!hasVisibleText(prompt)) return void (await interaction.reply({ content: catalog.emptyPrompt, flags: MessageFlags.Ephemeral }));
  if (prompt.length > context.config.maxPromptLength) {
    return void (await interaction.reply({ content: catalog.promptTooLong(prompt.length, context.config.maxPromptLength), flags: MessageFlags.Ephemeral }));
  }
  const botInChannel = botIsInChannel(interaction);
  const channel = botInChannel ? interaction.channel : null;
  const thread = channel?.isThread() === true ? channel : undefined;
  const checks = async () => {
    const threadRecord = thread === undefined ? undefined : await context.store.getThread(thread.id);
    const effective = await context.models.effective({ option: interaction.options.getString('model'), threadModel: threadRecord?.modelId, channelId: settingsChannelId(channel, interaction.channelId), guildId: interaction.guildId });
    // one person cannot keep the bot busy alone: a place is taken before any model is asked
    return { threadRecord, prepared: await prepareTurn(context, { modelId: effective?.modelId, askerId: interaction.user.id, claimQuota: true, guildId: interaction.guildId }) };
  };
  const { value, response } = await checkInTime(interaction, checks(), { ephemeral: isPrivate });
  const { threadRecord, prepared } = value;
  if (isRefusal(prepared)) return response.refuse(refusalText(catalog, prepared));

  const ask: Ask = { interaction, catalog, prompt, isPrivate, botInChannel, prepared, attachments: image === null ? [] : [toMessageAttachment(image as Attachment)] };
  try {
    await response.defer();
    // one answer at a time per thread: this /ask waits its turn like a message would
    if (thread !== undefined && threadRecord !== undefined) await context.turns.enqueue(thread.id, () => continueThread(context, ask, thread, threadRecord));
    // in the bot's DM too, where the person's messages are turns: a turn must not read this answer mid-stream
    else if (channel?.isDMBased() === true) await context.turns.enqueue(channel.id, () => answerAsk(context, ask));
    else await answerAsk(context, ask);
  } finally {
    // answering gives the place back; this is for a failure before the answer began (safe twice)
    prepared.release();
  }
}

/** A checked `/ask`, deferred. */
interface Ask {
  interaction: ChatInputCommandInteraction;
  catalog: Catalog;
  prompt: string;
  isPrivate: boolean;
  botInChannel: boolean;
  prepared: PreparedTurn;
  /** The `image` option as the prompt's attachments (none without it). */
  attachments: MessageAttachment[];
}

/** Streams the answer to an `/ask` outside a bot thread, then opens a thread on it. */
async function answerAsk(context: BotContext, ask: Ask): Promise<void> {
  const { interaction, prompt, attachments } = ask;
  const asker = { id: interaction.user.id, name: displayNameOf(interaction) };
  const modelId = ask.prepared.resolved.id;
  const { result } = await answerInInteraction(context, {
    trigger: 'ask',
    interaction,
    prepared: ask.prepared,
    catalog: ask.catalog,
    isPrivate: ask.isPrivate,
    botInChannel: ask.botInChannel,
    // the image option is read after the deferral: fetching it may take longer than Discord's 3 s
    conversation: (contextTokens) =>
      promptConversation(context, {
        messages: [],
        prompt: { authorId: asker.id, authorName: asker.name, content: prompt, attachments },
        modelId,
        contextTokens,
        place: { guildId: interaction.guildId, channelId: settingsChannelId(ask.botInChannel ? interaction.channel : null, interaction.channelId) },
      }),
    record: () => ({ turn: { prompt, attachments, authorId: asker.id, authorName: asker.name } satisfies AskTurn, follows: null }),
    logContext: { command: 'ask', guild: interaction.guildId, channel: interaction.channelId, user: interaction.user.id },
  });
  const channel = ask.botInChannel ? interaction.channel : null;
  const guildId = interaction.guildId;
  if (ask.isPrivate || guildId === null || channel === null || channel.isThread() || channel.isDMBased()) return;
  await openAnswerThread(context, {
    catalog: ask.catalog,
    prompt,
    result,
    guild: interaction.guild,
    guildId,
    channelId: interaction.channelId,
    modelId,
    asker,
    attachments,
    canCreateThreads: interaction.appPermissions.has(PermissionFlagsBits.CreatePublicThreads),
    tellMissingPermission: async () => {
      await interaction.followUp({ content: ask.catalog.missingThreadPermission, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
    },
    logContext: { command: 'ask', guild: interaction.guildId, channel: interaction.channelId },
  });
}

/** Answers an `/ask` used inside a bot thread with the thread's whole history before it. */
async function continueThread(context: BotContext, ask: Ask, thread: AnyThreadChannel, record: ThreadRecord): Promise<void> {
  const { interaction } = ask;
  const asker = { id: interaction.user.id, name: displayNameOf(interaction) };
  const promptMessage = personMessage({ id: interaction.id, authorId: asker.id, authorName: asker.name, content: ask.prompt, createdAt: interaction.createdTimestamp, attachments: ask.attachments });
  const source = discordMessageSource(thread, context);
  const modelId = ask.prepared.resolved.id;
  try {
    const { result } = await answerInInteraction(context, {
      trigger: 'ask',
      interaction,
      prepared: ask.prepared,
      catalog: ask.catalog,
      isPrivate: ask.isPrivate,
      botInChannel: true,
      conversationId: thread.id,
      conversation: (contextTokens) => threadConversation(context, source, record, contextTokens, { ask: { prompt: promptMessage, modelId } }),
      record: (conversation) => ({ turn: { upTo: conversation.newestMessageId, inThread: true } satisfies AskTurn, follows: null }),
      logContext: { command: 'ask', guild: interaction.guildId, thread: thread.id, user: interaction.user.id },
    });
    // Discord shows no message of the person for an /ask: its prompt is kept to stand before its answer
    const answerId = result.messageIds[0];
    if (!ask.isPrivate && answerId !== undefined) {
      await context.store.saveThreadPrompt({ messageId: answerId, threadId: thread.id, authorId: asker.id, authorName: asker.name, prompt: ask.prompt, attachments: ask.attachments });
    }
  } catch (error) {
    context.logger.error({ command: 'ask', thread: thread.id, err: error }, 'could not continue the thread');
    await interaction.editReply({ content: ask.catalog.unexpectedError }).catch(() => undefined);
  }
}
