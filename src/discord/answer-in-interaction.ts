import { MessageFlags, PermissionFlagsBits, type RepliableInteraction } from 'discord.js';
import { answerTurn, type AnsweredTurn, type AnswerTrigger, type PreparedTurn } from '../answers/answer-turn.ts';
import type { TurnConversation } from '../answers/turn-conversation.ts';
import type { Catalog } from '../i18n/catalog.ts';
import type { BotContext } from './bot-context.ts';
import { replyControlsFor } from './reply-controls-for.ts';
import { createInteractionSink } from './sinks/interaction-sink.ts';
import { noMentions } from './sinks/rest-write.ts';

/**
 * Where only a person installed the app (the bot is no member), Discord lets an interaction
 * post at most 5 follow-ups: the deferred original and 5 more messages. In a server one of them
 * is kept for the note saying why no thread follows.
 */
export const USER_INSTALL_MAX_MESSAGES = 6;

/** Who was told, in which server, that the bot answers there only through its commands: once each per run. */
const toldNonMember = new Set<string>();

/** A turn answered through an interaction's deferred reply (`/ask`, "Ask Cordial"). */
export interface InteractionTurn {
  trigger: AnswerTrigger;
  /** Already deferred, ephemerally when `isPrivate`. */
  interaction: RepliableInteraction;
  prepared: PreparedTurn;
  catalog: Catalog;
  /** Only the asker sees the answer (no Regenerate, no crash marking: only the token edits it). */
  isPrivate: boolean;
  /** Whether the bot is a member where the interaction happened (see `botIsInChannel`). */
  botInChannel: boolean;
  /** The bot thread the answer is a turn of, if any (its cached history gets the answer). */
  conversationId?: string;
  conversation(contextTokens: number): Promise<TurnConversation>;
  /** What a Regenerate needs to rebuild it, and the answer it follows; absent: it cannot be regenerated. */
  record?(conversation: TurnConversation): { turn: unknown; follows: string | null };
  logContext: Record<string, unknown>;
}

/**
 * Streams a turn's answer into the interaction's deferred reply (continuations as follow-ups;
 * channel-route edits near the token's 15-minute end, where the bot is in the channel), then
 * tells the asker privately which of their images the model could not see.
 */
export async function answerInInteraction(context: BotContext, turn: InteractionTurn): Promise<AnsweredTurn> {
  const { interaction, catalog, isPrivate, botInChannel, prepared } = turn;
  const modelId = prepared.resolved.id;
  // a rerun edits and deletes with the bot's token: only where the bot can see the channel
  const botSeesChannel = interaction.guildId === null || interaction.appPermissions.has(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
  const regenerable = !isPrivate && botInChannel && botSeesChannel && turn.record !== undefined;
  const sink = createInteractionSink({
    webhookRest: context.webhookRest,
    botRest: context.client.rest,
    gate: context.writeGate,
    applicationId: interaction.applicationId,
    token: interaction.token,
    channelId: interaction.channelId ?? '',
    ephemeral: isPrivate,
    botInChannel,
    createdAt: interaction.createdTimestamp,
    now: Date.now,
    controls: await replyControlsFor(context, catalog, modelId, regenerable),
  });
  const locale = interaction.locale;
  // in a server the bot is not in, the asker may expect a thread as everyone else gets: say why there is none, once
  const nonMemberKey = `${interaction.user.id}:${interaction.guildId ?? ''}`;
  const tellsNonMember = !botInChannel && !isPrivate && interaction.guildId !== null && !toldNonMember.has(nonMemberKey);
  const answered = await answerTurn(context, {
    prepared,
    catalog,
    place: { guildId: interaction.guildId, channelId: interaction.channelId ?? '' },
    askerId: interaction.user.id,
    conversation: turn.conversation,
    reply: {
      sink,
      showControls: (messageId, controls) => sink.showControls(messageId, controls),
      // a private answer, or one where the bot is no member, is edited only through its token
      ...(isPrivate || !botInChannel || interaction.channelId === null ? {} : { recoverable: { channelId: interaction.channelId, locale } }),
      ...(turn.conversationId === undefined || isPrivate ? {} : { conversationId: turn.conversationId }),
    },
    ...(botInChannel ? {} : { maxMessages: tellsNonMember ? USER_INSTALL_MAX_MESSAGES - 1 : USER_INSTALL_MAX_MESSAGES }),
    ...(regenerable ? { record: (conversation: TurnConversation) => ({ trigger: turn.trigger, locale, ...turn.record!(conversation) }) } : {}),
    logContext: turn.logContext,
  });
  if (tellsNonMember) {
    // bounded: forgetting costs someone one more note, never an answer
    if (toldNonMember.size >= 10_000) toldNonMember.clear();
    toldNonMember.add(nonMemberKey);
    await interaction.followUp({ content: catalog.answeredAsNonMember, flags: MessageFlags.Ephemeral, allowedMentions: noMentions }).catch(() => undefined);
  }
  const notShown = answered.conversation.imagesNotShown;
  if (notShown.length > 0) {
    await interaction.followUp({ content: catalog.imagesNotShown(notShown, modelId), flags: MessageFlags.Ephemeral, allowedMentions: noMentions }).catch(() => undefined);
  }
  return answered;
}
