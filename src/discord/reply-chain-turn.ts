import type { Message } from 'discord.js';
import { chainConversation, walkReplyChain, type ReplyTurn } from '../answers/reply-chain.ts';
import type { AnswerRecord } from '../store/saved-answers.ts';
import { answerInChannel } from './answer-in-channel.ts';
import type { BotContext } from './bot-context.ts';
import { discordMessageSource } from './discord-message-source.ts';
import { settingsChannelId } from './settings-channel.ts';
import { canReplyIn } from './reply-permission.ts';

/** The longest a reply waits for the answer it replies to (an answer streams for minutes at most). */
const REPLY_WAIT_MS = 15 * 60_000;

/**
 * A person's Discord reply to one of the bot's answers (`answer`, the record of the message it
 * replies to), outside the bot's threads: continues that conversation with the reply chain as
 * its history and the model the chain started with, in a reply to the person's message.
 */
export async function answerReplyChain(context: BotContext, message: Message<true>, answer: AnswerRecord): Promise<void> {
  const source = discordMessageSource(message.channel, context);
  // a reply to an answer still being written waits for it: the chain then reads its final text, not the streaming view
  for (const messageId of answer.messageIds) await context.runner.untilFinal(messageId, REPLY_WAIT_MS);
  const chain = await walkReplyChain({ source, answers: context.store, botUserId: context.botUserId }, message.id, { maxMessages: context.config.replyChainMaxMessages });
  // the language the conversation's answers were written in (an /ask's asker's), else the server's
  const locale = answer.locale === '' ? message.guild.preferredLocale : answer.locale;
  const place = { guildId: message.guildId, channelId: settingsChannelId(message.channel, message.channelId) };
  const logContext = { trigger: 'reply', guild: message.guildId, channel: message.channelId, message: message.id, user: message.author.id, chain: chain.messages.length };
  const answered = await answerInChannel(context, {
    trigger: 'reply',
    source,
    guildId: message.guildId,
    locale,
    modelId: chain.root?.modelId ?? (await context.models.effective(place))?.modelId,
    askerId: message.author.id,
    claimQuota: true,
    ...(canReplyIn(message.channel, context.client.user) ? { replyTo: message.id } : {}),
    conversation: (modelId, contextTokens) => chainConversation(context, chain, modelId, contextTokens, place),
    // a Regenerate walks the same chain again from the same message
    record: () => ({ turn: { from: message.id } satisfies ReplyTurn, follows: answer.firstMessageId }),
    logContext,
  });
  // from here a reply to this answer finds its record and continues the chain
  if (answered !== undefined) context.logger.debug({ ...logContext, answer: answered.result.messageIds[0] }, 'reply chain answer recorded');
}
