import { Routes } from 'discord.js';
import { answerTurn, isRefusal, prepareTurn, refusalText, type AnsweredTurn, type AnswerTrigger } from '../answers/answer-turn.ts';
import { STATUS_NOTE_PREFIX } from '../conversation/split-reply.ts';
import type { MessageSource } from '../answers/message-source.ts';
import type { TurnConversation } from '../answers/turn-conversation.ts';
import { catalogFor } from '../i18n/locale.ts';
import type { BotContext } from './bot-context.ts';
import { replyControlsFor } from './reply-controls-for.ts';
import { createChannelSink } from './sinks/channel-sink.ts';
import { noMentions } from './sinks/rest-write.ts';

/** A turn answered with bot messages in a channel, thread or DM (not through an interaction). */
export interface ChannelTurn {
  trigger: AnswerTrigger;
  /** Where the answer is written and notes are posted. */
  source: MessageSource;
  /** The server (`null` in DMs). */
  guildId: string | null;
  /** The Discord locale of the bot's words (a message carries none: the server's, or undefined). */
  locale: string | undefined;
  /** The model that applies, if any. */
  modelId: string | undefined;
  /** The person asking, when one person does (quota, Stop, Regenerate); absent: the conversation's askers. */
  askerId?: string;
  /** Whose daily token quota the turn counts against when no `askerId` is given: a thread turn's newest message's author. */
  quotaUserId?: string;
  /** Whether the turn takes a place of its asker's MAX_ANSWERS_PER_USER (not thread turns: one at a time already). */
  claimQuota: boolean;
  /** How "no model applies" is said here, when not the default wording. */
  noModelText?: string;
  /** The message the answer replies to (Discord's reply), if it is one. */
  replyTo?: string;
  /** The conversation (thread or DM) whose cached history gets the answer; absent for a reply in a channel. */
  conversationId?: string;
  /** Builds the conversation for the resolved model. */
  conversation(modelId: string, contextTokens: number): Promise<TurnConversation>;
  /** What a Regenerate needs to rebuild it, and the answer it follows. */
  record(conversation: TurnConversation): { turn: unknown; follows: string | null };
  logContext: Record<string, unknown>;
}

/**
 * Answers a turn with bot messages: shows the typing indicator, refuses with a note when no
 * model applies or the asker is at their limit, says which images the model cannot see, and
 * streams the answer with Stop, Regenerate and the crash journal. Undefined when refused.
 */
export async function answerInChannel(context: BotContext, turn: ChannelTurn): Promise<AnsweredTurn | undefined> {
  const catalog = catalogFor(turn.locale);
  const { source } = turn;
  // a courtesy while the model thinks: never awaited, and skipped when message writes are
  // already queueing for Discord's global budget (the answer itself shows up soon enough)
  if (context.writeGate.waiting === 0) source.typing();
  const prepared = await prepareTurn(context, { modelId: turn.modelId, askerId: turn.askerId ?? turn.quotaUserId ?? '', claimQuota: turn.claimQuota, guildId: turn.guildId });
  if (isRefusal(prepared)) {
    if (prepared.refused === 'quota') await tellQuotaReached(context, turn, refusalText(catalog, prepared));
    else await source.post(refusalText(catalog, prepared, turn.noModelText));
    return undefined;
  }
  const modelId = prepared.resolved.id;
  const sink = createChannelSink(context.client.rest, source.id, context.writeGate, await replyControlsFor(context, catalog, modelId, true), turn.replyTo);
  const locale = turn.locale ?? '';
  return answerTurn(context, {
    prepared,
    catalog,
    place: { guildId: turn.guildId, channelId: source.id },
    ...(turn.askerId === undefined ? {} : { askerId: turn.askerId }),
    conversation: (contextTokens) => turn.conversation(modelId, contextTokens),
    // the model cannot see this turn's images: the channel is told in one line, before the answer
    beforeAnswer: async (conversation) => {
      if (conversation.imagesNotShown.length === 0) return;
      await source.post(catalog.imagesNotShown(conversation.imagesNotShown, modelId)).catch((error: unknown) => {
        context.logger.warn({ err: error, channel: source.id }, 'could not say which images the model was not shown');
      });
    },
    reply: {
      sink,
      showControls: (messageId, controls) => sink.showControls(messageId, controls),
      recoverable: { channelId: source.id, locale },
      ...(turn.conversationId === undefined ? {} : { conversationId: turn.conversationId }),
    },
    record: (conversation) => ({ trigger: turn.trigger, locale, ...turn.record(conversation) }),
    logContext: turn.logContext,
  });
}

/**
 * A message has no private answer, so the quota is told as a `-# ⏳` note (which the history
 * leaves out, so no model reads it): a reply to a mention or a reply, where the bot can reply;
 * a short note in a thread or DM, which also marks the turn as answered.
 */
async function tellQuotaReached(context: BotContext, turn: ChannelTurn, text: string): Promise<void> {
  const note = `${STATUS_NOTE_PREFIX}⏳ ${text}`;
  if (turn.replyTo === undefined) return void (await turn.source.post(note));
  const reference = { message_id: turn.replyTo, fail_if_not_exists: false };
  await context.client.rest.post(Routes.channelMessages(turn.source.id), { body: { content: note, allowed_mentions: noMentions, message_reference: reference } });
}
