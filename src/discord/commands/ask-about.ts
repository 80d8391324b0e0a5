import {
  MessageFlags,
  PermissionFlagsBits,
  type GuildTextBasedChannel,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { askAboutPrompt } from '../../answers/ask-about-prompt.ts';
import { isRefusal, prepareTurn, refusalText, type AnsweredTurn, type PreparedTurn } from '../../answers/answer-turn.ts';
import type { PromptTurn } from '../../answers/regenerate-turn.ts';
import type { SystemPromptPlace } from '../../answers/system-prompt-lookup.ts';
import { promptConversation, type TurnConversation } from '../../answers/turn-conversation.ts';
import type { MessageAttachment, ThreadMessage } from '../../conversation/thread-message.ts';
import { hasVisibleText } from '../../conversation/visible-text.ts';
import type { Catalog } from '../../i18n/catalog.ts';
import { catalogFor } from '../../i18n/locale.ts';
import type { ThreadRecord } from '../../store/store.ts';
import { answerInChannel } from '../answer-in-channel.ts';
import { answerInInteraction } from '../answer-in-interaction.ts';
import { AskAboutTargets } from '../ask-about-targets.ts';
import { askAboutModal, parseAskAboutSubmission } from '../ask-about-modal.ts';
import type { BotContext } from '../bot-context.ts';
import { discordMessageSource } from '../discord-message-source.ts';
import { displayNameOf } from '../display-name.ts';
import { botIsInChannel } from '../interaction-place.ts';
import { openAnswerThread } from '../open-answer-thread.ts';
import { checkInTime } from '../check-in-time.ts';
import { settingsChannelId } from '../settings-channel.ts';
import { noMentions } from '../sinks/rest-write.ts';
import { toThreadMessage } from '../thread-message-from-discord.ts';
import { askAboutDefinition } from './ask-about-definition.ts';
import { canReplyIn } from '../reply-permission.ts';

/** "Ask Cordial" (Apps in a message's menu). */
export const data = askAboutDefinition;

// the messages asked about, from the command to its modal's submission (one process, one map)
const targets = new AskAboutTargets();

/**
 * Opens the question modal at once (a modal must be the first response), keeping the target
 * message as the command gave it: its text (which Discord sends even without the Message Content
 * intent) and its files. The submission is `submit`'s.
 */
export async function execute(interaction: MessageContextMenuCommandInteraction, context: BotContext): Promise<void> {
  targets.remember(interaction.user.id, toThreadMessage(interaction.targetMessage, context.botUserId));
  await interaction.showModal(askAboutModal(interaction.targetId, catalogFor(interaction.locale), context.config.maxPromptLength));
}

/**
 * Answers a submitted "Ask Cordial" modal: refuses a blank question, a forgotten target or a
 * turn that cannot be answered (ephemerally, before anything is shown), then answers where the
 * modal says — privately; as a reply to the target with a thread on it, where the bot can post;
 * or through the interaction alone, where it cannot (a user install).
 */
export async function submit(interaction: ModalSubmitInteraction, context: BotContext): Promise<void> {
  const catalog = catalogFor(interaction.locale);
  const refuse = async (content: string) => void (await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions }));
  const submission = parseAskAboutSubmission(interaction);
  const target = submission === undefined ? undefined : targets.take(interaction.user.id, submission.targetMessageId);
  if (submission === undefined || target === undefined) return refuse(catalog.askAboutTargetGone);
  if (!hasVisibleText(submission.question)) return refuse(catalog.askAboutEmptyQuestion);

  const botInChannel = botIsInChannel(interaction);
  const channel = botInChannel ? interaction.channel : null;
  const thread = channel?.isThread() === true ? channel : undefined;
  const channelId = settingsChannelId(channel, interaction.channelId);
  const postable = submission.isPrivate || channel === null || channel.isDMBased() ? undefined : postableChannel(interaction, channel);
  const checks = async () => {
    const threadRecord = thread === undefined ? undefined : await context.store.getThread(thread.id);
    const effective = await context.models.effective({ threadModel: threadRecord?.modelId, channelId, guildId: interaction.guildId });
    return { threadRecord, prepared: await prepareTurn(context, { modelId: effective?.modelId, askerId: interaction.user.id, claimQuota: true, guildId: interaction.guildId }) };
  };
  // a reply to the target is acknowledged privately (its placeholder is deleted as the answer begins)
  const { value, response } = await checkInTime(interaction, checks(), { ephemeral: postable === undefined ? submission.isPrivate : true });
  const { threadRecord, prepared } = value;
  if (isRefusal(prepared)) return response.refuse(refusalText(catalog, prepared));

  const asker = { id: interaction.user.id, name: displayNameOf(interaction) };
  const question: AskAbout = {
    interaction,
    catalog,
    prepared,
    question: submission.question,
    asker,
    target,
    place: { threadPrompt: threadRecord?.system, channelId, guildId: interaction.guildId },
    turn: {
      prompt: askAboutPrompt({ target: { authorName: target.authorName, content: target.content, attachmentCount: target.attachments?.length ?? 0 }, askerName: asker.name, question: submission.question }),
      attachments: [...(target.attachments ?? [])],
      authorId: asker.id,
      authorName: asker.name,
    },
  };
  try {
    await response.defer();
    if (postable === undefined) return await answerThroughInteraction(context, question, submission.isPrivate, botInChannel);
    await answerAsReply(context, question, postable, threadRecord);
  } finally {
    // answering gives the place back; this is for a failure before the answer began (safe twice)
    prepared.release();
  }
}

/** A checked submission, its place in the asker's quota taken. */
interface AskAbout {
  interaction: ModalSubmitInteraction;
  catalog: Catalog;
  prepared: PreparedTurn;
  /** The question as typed (trimmed): the name of the thread opened on the answer. */
  question: string;
  asker: { id: string; name: string };
  target: ThreadMessage;
  /** Where it is asked, for the system prompt that applies. */
  place: SystemPromptPlace;
  /** The asker's turn as the model gets it, and as a Regenerate rebuilds it. */
  turn: PromptTurn & { attachments: MessageAttachment[] };
}

/**
 * The server channel or thread to reply in, when the bot may post a reply there with its own
 * token: it must see the channel, send there, and read its history (Discord's condition for a
 * reply). Otherwise the interaction still can.
 */
function postableChannel(interaction: ModalSubmitInteraction, channel: GuildTextBasedChannel): GuildTextBasedChannel | undefined {
  const send = channel.isThread() ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
  return interaction.appPermissions.has([PermissionFlagsBits.ViewChannel, send, PermissionFlagsBits.ReadMessageHistory]) ? channel : undefined;
}

function conversationOf(context: BotContext, ask: AskAbout, modelId: string): (contextTokens: number) => Promise<TurnConversation> {
  const prompt = { authorId: ask.asker.id, authorName: ask.asker.name, content: ask.turn.prompt, attachments: ask.turn.attachments };
  return (contextTokens) => promptConversation(context, { messages: [], prompt, modelId, contextTokens, place: ask.place });
}

/** Answers in the interaction's own reply (deferred, privately when `isPrivate`): privately, or publicly where the bot cannot post itself (no thread). */
async function answerThroughInteraction(context: BotContext, ask: AskAbout, isPrivate: boolean, botInChannel: boolean): Promise<void> {
  const { interaction } = ask;
  await answerInInteraction(context, {
    trigger: 'message-command',
    interaction,
    prepared: ask.prepared,
    catalog: ask.catalog,
    isPrivate,
    botInChannel,
    conversation: conversationOf(context, ask, ask.prepared.resolved.id),
    record: () => ({ turn: ask.turn satisfies PromptTurn, follows: null }),
    logContext: logContextOf(interaction),
  });
}

/**
 * Answers with a Discord reply to the target, then opens a thread on the answer named after the
 * question (not inside a thread). The modal was acknowledged with an ephemeral "thinking…",
 * deleted as the answer begins: the reply is the answer.
 */
async function answerAsReply(context: BotContext, ask: AskAbout, channel: GuildTextBasedChannel, threadRecord: ThreadRecord | undefined): Promise<void> {
  const { interaction, prepared } = ask;
  let dismissed = false;
  const dismiss = async () => {
    if (dismissed) return;
    dismissed = true;
    await interaction.deleteReply().catch((error: unknown) => context.logger.warn({ ...logContextOf(interaction), error: (error as Error).message }, 'could not delete the modal’s placeholder'));
  };
  const modelId = prepared.resolved.id;
  const conversation = conversationOf(context, ask, modelId);
  const answer = () =>
    answerInChannel(context, {
      trigger: 'message-command',
      source: discordMessageSource(channel, context),
      guildId: interaction.guildId,
      locale: interaction.locale,
      modelId,
      askerId: ask.asker.id,
      // the place `prepared` took is held until the answer ends: claiming another would count the asker twice
      claimQuota: false,
      // Discord refuses a reply to a system message (a join, a pin): the answer is then a plain message
      ...(canReplyIn(channel, context.client.user) && channel.messages.cache.get(ask.target.id)?.system !== true ? { replyTo: ask.target.id } : {}),
      // in a bot thread the answer is one of its turns: its cached history gets it
      ...(threadRecord === undefined ? {} : { conversationId: channel.id }),
      conversation: async (_modelId, contextTokens) => {
        await dismiss();
        return conversation(contextTokens);
      },
      record: () => ({ turn: ask.turn satisfies PromptTurn, follows: null }),
      logContext: logContextOf(interaction),
    });
  let answered: AnsweredTurn | undefined;
  try {
    // one answer at a time per bot thread: this one waits its turn like a message would
    answered = threadRecord === undefined ? await answer() : await context.turns.enqueue(channel.id, answer);
  } finally {
    await dismiss();
  }
  const answerId = answered?.result.messageIds[0];
  if (answered === undefined || answerId === undefined) return;
  if (threadRecord !== undefined) {
    // no message of the asker's shows the question: it is kept to stand before the answer in the thread's history
    await context.store.saveThreadPrompt({ messageId: answerId, threadId: channel.id, authorId: ask.asker.id, authorName: ask.asker.name, prompt: ask.turn.prompt, attachments: ask.turn.attachments });
    return;
  }
  if (!channel.isThread()) await openThreadOn(context, ask, channel, answered);
}

/** Opens the thread on a reply's answer, the conversation going on from the asker's turn. */
async function openThreadOn(context: BotContext, ask: AskAbout, channel: GuildTextBasedChannel, answered: AnsweredTurn): Promise<void> {
  const { interaction, catalog } = ask;
  if (interaction.guildId === null) return;
  await openAnswerThread(context, {
    catalog,
    // named after the question; its history starts from the whole turn the model answered (the quoted message too)
    prompt: ask.turn.prompt,
    name: ask.question,
    result: answered.result,
    guild: interaction.guild,
    guildId: interaction.guildId,
    channelId: channel.id,
    modelId: ask.prepared.resolved.id,
    asker: ask.asker,
    attachments: ask.turn.attachments,
    canCreateThreads: interaction.appPermissions.has(PermissionFlagsBits.CreatePublicThreads),
    tellMissingPermission: async () => {
      await interaction.followUp({ content: catalog.missingThreadPermission, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
    },
    logContext: logContextOf(interaction),
  });
}

function logContextOf(interaction: ModalSubmitInteraction): Record<string, unknown> {
  return { command: 'ask-about', guild: interaction.guildId, channel: interaction.channelId, user: interaction.user.id };
}
