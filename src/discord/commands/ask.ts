import { MessageFlags, type AnyThreadChannel, type Attachment, type ChatInputCommandInteraction } from 'discord.js';
import type { Catalog } from '../../i18n/catalog.ts';
import type { ResolvedModel } from '../../providers/registry.ts';
import type { ReplyResult } from '../../reply/reply-streamer.ts';
import type { ThreadRecord } from '../../store/store.ts';
import type { ChatMessage } from '../../model/chat-message.ts';
import type { MessageAttachment } from '../../conversation/thread-message.ts';
import { catalogFor } from '../../i18n/locale.ts';
import { UnknownModelError } from '../../providers/registry.ts';
import type { BotContext } from '../bot-context.ts';
import type { AnswerRequest } from '../answer-runner.ts';
import { effectiveModel, resolveOrExplain, contextTokensOf } from '../model-lookup.ts';
import { createInteractionSink } from '../sinks/interaction-sink.ts';
import type { ControlledSink } from '../sinks/streaming-controls.ts';
import { answerTokenLimit, threadConversation } from '../thread-history.ts';
import { toMessageAttachment } from '../thread-message-from-discord.ts';
import { canSeeImages } from '../../attachments/vision-models.ts';
import { noMentions } from '../sinks/rest-write.ts';
import { rememberedSink } from '../remembered-sink.ts';
import { displayNameOf } from '../display-name.ts';
import { stopControls } from '../stop-button.ts';
import { openAnswerThread } from './open-answer-thread.ts';
import { hasVisibleText } from '../../conversation/visible-text.ts';
import { unknownModelReason } from '../../i18n/unknown-model-reason.ts';

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
  const channel = interaction.channel;
  const threadRecord = channel?.isThread() === true ? context.store.getThread(channel.id) : undefined;
  const effective = effectiveModel(context, { option: interaction.options.getString('model'), threadModel: threadRecord?.modelId, guildId: interaction.guildId });
  if (effective === undefined) return void (await interaction.reply({ content: catalog.noModelConfigured, flags: MessageFlags.Ephemeral }));
  const resolved = await resolveOrExplain(context, effective.modelId);
  if (resolved instanceof UnknownModelError) {
    return void (await interaction.reply({ content: catalog.unknownModel(effective.modelId, unknownModelReason(effective.modelId, context.registry.providers)), flags: MessageFlags.Ephemeral }));
  }

  // one person cannot keep the bot busy alone: a place is taken before any model is asked
  const release = context.quota.claim(interaction.user.id);
  if (release === undefined) {
    return void (await interaction.reply({ content: catalog.tooManyAnswers(context.quota.limit), flags: MessageFlags.Ephemeral }));
  }
  try {
    await answerAsk(interaction, context, { catalog, prompt, isPrivate, threadRecord, resolved, image });
  } finally {
    release();
  }
}

/** Defers, streams the answer, then opens a thread on it (or continues the thread it is in). */
async function answerAsk(
  interaction: ChatInputCommandInteraction,
  context: BotContext,
  ask: { catalog: Catalog; prompt: string; isPrivate: boolean; threadRecord: ThreadRecord | undefined; resolved: ResolvedModel; image: Attachment | null },
): Promise<void> {
  const { catalog, prompt, isPrivate, threadRecord, resolved, image } = ask;
  const channel = interaction.channel;
  await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
  const asker = { id: interaction.user.id, name: displayNameOf(interaction) };
  const sink = createInteractionSink({
    webhookRest: context.webhookRest,
    botRest: context.client.rest,
    gate: context.writeGate,
    applicationId: interaction.applicationId,
    token: interaction.token,
    channelId: interaction.channelId,
    ephemeral: isPrivate,
    createdAt: interaction.createdTimestamp,
    now: Date.now,
    controls: stopControls(catalog),
  });
  const logContext = { command: 'ask', guild: interaction.guildId, channel: interaction.channelId, user: interaction.user.id };
  // a private answer can be edited only through its interaction token: nothing to mark after a crash
  const recoverable = isPrivate ? undefined : { channelId: interaction.channelId, locale: interaction.locale };

  if (threadRecord !== undefined && channel?.isThread() === true) {
    // one answer at a time per thread: this /ask waits its turn like a message would
    await new Promise<void>((done) => {
      context.turns.enqueue(channel.id, async () => {
        try {
          const answer = await continueThread(context, { thread: channel, record: threadRecord, resolved, sink, catalog, prompt, image, asker, interaction, recoverable, logContext });
          if (answer.messageIds[0] !== undefined) {
            context.store.saveThreadPrompt({ messageId: answer.messageIds[0], threadId: channel.id, authorId: asker.id, authorName: asker.name, prompt, attachments: imageAttachments(image) });
          }
        } catch (error) {
          context.logger.error({ ...logContext, err: error }, 'could not continue the thread');
          await interaction.editReply({ content: catalog.unexpectedError }).catch(() => undefined);
        } finally {
          done();
        }
      });
    });
    return;
  }

  // the image option is read after the deferral: fetching it may take longer than Discord's 3 s
  const attached = image === null ? { parts: [], imagesNotShown: [] } : await context.attachments.readMessage(imageAttachments(image), canSeeImages(context.config.providers, resolved.id));
  const messages: ChatMessage[] = [
    { role: 'system', content: context.config.systemPrompt },
    { role: 'user', content: attached.parts.length === 0 ? prompt : [{ type: 'text', text: prompt }, ...attached.parts] },
  ];
  const maxTokens = answerTokenLimit(context, await contextTokensOf(resolved));
  const result = await context.answers.run({
    resolved,
    messages,
    ...(maxTokens === undefined ? {} : { maxTokens }),
    sink,
    showControls: sink.showControls,
    catalog,
    askedBy: [asker.id],
    place: { guildId: interaction.guildId, channelId: interaction.channelId },
    recoverable,
    logContext,
  });
  await sayImagesNotShown(interaction, catalog, attached.imagesNotShown, resolved.id);
  const replyId = result.messageIds[0];
  const canOpenThread = !isPrivate && interaction.guildId !== null && channel !== null && !channel.isThread() && !channel.isDMBased();
  // an answer its asker stopped can still be talked about; one cut by a shutdown or a write failure is not
  const usable = result.outcome === 'complete' || result.outcome === 'failed' || (result.outcome === 'aborted' && result.stoppedBy !== undefined);
  if (!canOpenThread || replyId === undefined || result.text === '' || !usable) return;
  await openAnswerThread(interaction, context, { catalog, prompt, replyId, modelId: resolved.id, asker, firstAnswer: result.text, attachments: imageAttachments(image), logContext });
}

/** The `image` option as the attachments of the prompt (none without it). */
function imageAttachments(image: Attachment | null): MessageAttachment[] {
  return image === null ? [] : [toMessageAttachment(image)];
}

/** Answers an `/ask` used inside a bot thread with the thread's whole history before it. */
async function continueThread(
  context: BotContext,
  turn: {
    thread: AnyThreadChannel;
    record: ThreadRecord;
    resolved: ResolvedModel;
    sink: ControlledSink;
    catalog: Catalog;
    prompt: string;
    image: Attachment | null;
    asker: { id: string; name: string };
    interaction: ChatInputCommandInteraction;
    recoverable: AnswerRequest['recoverable'];
    logContext: Record<string, unknown>;
  },
): Promise<ReplyResult> {
  const { interaction, asker } = turn;
  const prompt = {
    id: interaction.id,
    authorId: asker.id,
    authorName: asker.name,
    isFromThisBot: false,
    authorIsBot: false,
    content: turn.prompt,
    createdAt: interaction.createdTimestamp,
    ...(turn.image === null ? {} : { attachments: imageAttachments(turn.image) }),
  };
  const conversation = await threadConversation(context, turn.thread, turn.record, await contextTokensOf(turn.resolved), { prompt, modelId: turn.resolved.id });
  const reply = rememberedSink(turn.sink);
  const result = await context.answers.run({
    resolved: turn.resolved,
    messages: conversation.messages,
    ...(conversation.maxTokens === undefined ? {} : { maxTokens: conversation.maxTokens }),
    sink: reply.sink,
    showControls: turn.sink.showControls,
    catalog: turn.catalog,
    askedBy: [asker.id],
    place: { guildId: interaction.guildId, channelId: interaction.channelId },
    recoverable: turn.recoverable,
    logContext: turn.logContext,
  });
  // a private answer is not in the thread's history
  if (turn.recoverable !== undefined) reply.remember(context.historyCache, turn.thread.id, context.client.user.id);
  await sayImagesNotShown(interaction, turn.catalog, conversation.imagesNotShown, turn.resolved.id);
  return result;
}

/** Tells the asker privately, after the answer, which of their images the model could not see. */
async function sayImagesNotShown(interaction: ChatInputCommandInteraction, catalog: Catalog, imageNames: readonly string[], modelId: string): Promise<void> {
  if (imageNames.length === 0) return;
  await interaction.followUp({ content: catalog.imagesNotShown(imageNames, modelId), flags: MessageFlags.Ephemeral, allowedMentions: noMentions }).catch(() => undefined);
}
