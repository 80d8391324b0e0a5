/**
 * Reply chains and mentions, end to end, in a world where the bot lacks the Message Content
 * intent: Discord still gives it the text of messages that mention it, a reply that pings it
 * included — all a reply chain or a mention needs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StoredMessage } from '../fake-discord/index.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { buttonsOf, REGENERATE, STOP } from './controls.ts';

type SentMessages = Array<{ role: string; content: string }>;

describe('reply chains and mentions without the Message Content intent, end to end', () => {
  let world: World;
  before(async () => {
    // debug: the bot says when a reply's answer is recorded, the moment a reply to it can continue the chain
    // and room for a long conversation in one channel: Discord's 5 writes per 5 s there would make it a slow test of pacing
    const roomy = [
      { name: 'channel-message-create', routes: ['POST /channels/:channelId/messages'], limit: 100, windowMs: 5000 },
      { name: 'channel-message-edit', routes: ['PATCH /channels/:channelId/messages/:messageId'], limit: 100, windowMs: 5000 },
    ];
    world = await startWorld({ discord: { messageContentIntent: false, rateLimits: { buckets: roomy } }, env: { LOG_LEVEL: 'debug' } });
  });
  after(async () => {
    await world?.close();
  });

  const bot = () => world.discord.bot.id;
  const general = () => world.discord.defaults.channels.general.id;
  const chatRequests = () => world.upstream.requestsTo('POST', '/v1/chat/completions');
  const lastChat = () => chatRequests().at(-1)?.parsedBody as { model: string; messages: SentMessages };
  /** The bot's messages in #general after `after` (an answer in several messages gives several). */
  const botMessagesAfter = (after: StoredMessage) => world.discord.messagesIn(general()).filter((message) => message.authorId === bot() && message.createdAt >= after.createdAt && message.id > after.id);
  const finalReplyTo = (messageId: string): Promise<StoredMessage> =>
    world.discord.waitForMessage({ channelId: general(), authorId: bot(), where: (message) => message.reference?.messageId === messageId && buttonsOf(message).some((button) => button.customId === REGENERATE) });

  /** Whether a message the bot should ignore started nothing: a private /ask round trip after it is the only model request. */
  async function assertIgnored(send: () => StoredMessage): Promise<void> {
    const chatsBefore = chatRequests().length;
    const ignored = send();
    world.upstream.enqueue({ text: 'Round trip.' });
    const roundTrip = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Round trip', private: true } });
    await waitForReply(world, roundTrip.id, (content) => content === 'Round trip.');
    assert.equal(chatRequests().length - chatsBefore, 1, 'only the /ask asked a model');
    assert.deepEqual(botMessagesAfter(ignored).filter((message) => message.interactionId === null), [], 'no answer in the channel');
  }

  it('a reply chain of 30 messages gives the model the whole chain, an answer split in two joined, and keeps the model the /ask chose', async () => {
    world.upstream.enqueue({ text: 'Answer 0.' });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Let us talk', model: 'openai/gpt-4o' } });
    let previous = await waitForReply(world, ask.id, (content) => content === 'Answer 0.');
    // the thread opens once the answer is recorded
    await world.discord.waitForThread({ name: 'Let us talk' });
    const expected: SentMessages = [
      { role: 'user', content: 'Let us talk' },
      { role: 'assistant', content: 'Answer 0.' },
    ];
    // one answer is longer than a Discord message: the reply after it answers its second message
    const long = `${'word '.repeat(499)}end.`;
    for (let turn = 1; turn <= 15; turn += 1) {
      const text = turn === 7 ? long : `Answer ${turn}.`;
      world.upstream.enqueue({ text });
      const reply = world.discord.sendMessage({ channelId: general(), content: `Reply ${turn}`, replyTo: previous.id });
      // the final controls go under an answer's last message
      const last = await world.discord.waitForMessage({ channelId: general(), authorId: bot(), where: (message) => message.id > reply.id && buttonsOf(message).some((button) => button.customId === REGENERATE) });
      const parts = botMessagesAfter(reply);
      assert.equal(parts[0]?.reference?.messageId, reply.id, 'the answer replies to the reply');
      assert.equal(parts.at(-1)?.id, last.id);
      await world.bot.waitForLog((line) => line.includes('reply chain answer recorded') && line.includes(reply.id));
      const sent = lastChat();
      assert.equal(sent.model, 'gpt-4o', `turn ${turn} keeps the root's model`);
      expected.push({ role: 'user', content: `Reply ${turn}` });
      assert.deepEqual(sent.messages.slice(1), expected, `turn ${turn}`);
      expected.push({ role: 'assistant', content: text });
      assert.equal(parts.length, turn === 7 ? 2 : 1, 'the long answer took two messages, the others one');
      previous = last;
    }
    // the last turn read /ask's answer, 14 replies with their answers (one in two messages) and the 15th reply
    assert.equal(expected.length, 2 + 15 * 2);
  });

  it('a mention is answered in a reply with a thread, and a reply to that answer continues it with the mention as its question', async () => {
    world.upstream.enqueue({ text: 'Blue.' });
    const mention = world.discord.sendMessage({ channelId: general(), content: `<@${bot()}> Name a colour` });
    const answer = await finalReplyTo(mention.id);
    assert.equal(contentOf(answer), 'Blue.');
    assert.deepEqual(lastChat().messages.slice(1), [{ role: 'user', content: 'Name a colour' }]);
    const thread = await world.discord.waitForThread({ name: 'Name a colour' });
    assert.equal(thread.id, answer.id);

    world.upstream.enqueue({ text: 'Green.' });
    const reply = world.discord.sendMessage({ channelId: general(), content: 'Another one', replyTo: answer.id });
    const next = await finalReplyTo(reply.id);
    assert.equal(contentOf(next), 'Green.');
    assert.deepEqual(lastChat().messages.slice(1), [
      { role: 'user', content: 'Name a colour' },
      { role: 'assistant', content: 'Blue.' },
      { role: 'user', content: 'Another one' },
    ]);
    assert.equal(lastChat().model, 'gpt-4o-mini', 'the server’s model, which the mention started with');

    // Regenerate walks the same chain again; the mention's answer, which the reply followed, is no longer the last turn
    const asked = lastChat();
    world.upstream.enqueue({ text: 'Purple.' });
    world.discord.clickButton({ messageId: next.id, customId: REGENERATE });
    await world.discord.waitForMessage({ where: (message) => message.id === next.id && contentOf(message) === 'Purple.' && buttonsOf(message).length > 0 });
    assert.deepEqual(lastChat(), asked, 'the same request');
    const followed = world.discord.clickButton({ messageId: answer.id, customId: REGENERATE });
    await world.discord.waitFor(() => followed.followUps()[0]);
    assert.match(contentOf(followed.followUps()[0]!), /conversation has gone on/);
  });

  it('ignores a reply that does not ping the bot (it cannot read it), and replies to messages that are no answer', async () => {
    world.upstream.enqueue({ text: 'Red.' });
    const mention = world.discord.sendMessage({ channelId: general(), content: `<@${bot()}> One more colour` });
    const answer = await finalReplyTo(mention.id);
    await assertIgnored(() => world.discord.sendMessage({ channelId: general(), content: 'Quietly', replyTo: answer.id, pingRepliedUser: false }));
    // the bot's note on an empty mention keeps no answer record: a reply to it is no conversation
    const empty = world.discord.sendMessage({ channelId: general(), content: `<@${bot()}>` });
    const hint = await world.discord.waitForMessage({ channelId: general(), authorId: bot(), where: (message) => message.reference?.messageId === empty.id });
    await assertIgnored(() => world.discord.sendMessage({ channelId: general(), content: 'Thanks', replyTo: hint.id }));
  });

  it('a reply to someone else’s message that mentions the bot is a mention', async () => {
    world.upstream.enqueue({ text: 'Seen.' });
    const question = world.discord.sendMessage({ channelId: general(), author: world.discord.defaults.users.admin.id, content: `<@${bot()}> is this seen?` });
    await finalReplyTo(question.id);
    world.upstream.enqueue({ text: 'Yes, a mention.' });
    const reply = world.discord.sendMessage({ channelId: general(), content: `<@${bot()}> and this?`, replyTo: question.id });
    const answer = await finalReplyTo(reply.id);
    assert.equal(contentOf(answer), 'Yes, a mention.');
    assert.deepEqual(lastChat().messages.slice(1), [{ role: 'user', content: 'and this?' }]);
    await world.discord.waitForThread({ name: 'and this?' });
  });

  it('a reply-chain answer obeys Stop: the text stays with a note naming the asker', async () => {
    world.upstream.enqueue({ text: 'Start.' });
    const mention = world.discord.sendMessage({ channelId: general(), content: `<@${bot()}> Count with me` });
    const answer = await finalReplyTo(mention.id);
    await world.bot.waitForLog((line) => line.includes('answered') && line.includes(answer.id));
    world.upstream.enqueue({ text: 'one two three four five six seven eight nine ten ', repeat: 100, ratePerSecond: 20 });
    const reply = world.discord.sendMessage({ channelId: general(), content: 'Keep counting', replyTo: answer.id });
    const streaming = await world.discord.waitForMessage({
      channelId: general(),
      authorId: bot(),
      where: (message) => message.reference?.messageId === reply.id && contentOf(message).startsWith('one two') && buttonsOf(message)[0]?.customId === STOP,
    });
    world.discord.clickButton({ messageId: streaming.id, customId: STOP });
    const stopped = await world.discord.waitForMessage({ where: (message) => message.id === streaming.id && contentOf(message).includes('Stopped by') && buttonsOf(message).length > 0 });
    assert.match(contentOf(stopped), /^one two[a-z ]*\n\n-# ⏹️ Stopped by Max Member\.$/);
  });

  it('"Ask Cordial" carries the target’s text, which the bot cannot read otherwise without the intent', async () => {
    const target = world.discord.sendMessage({ channelId: general(), author: world.discord.defaults.users.admin.id, content: 'The build takes 40 minutes now.' });
    world.upstream.enqueue({ text: 'Cache the dependencies.' });
    const command = world.discord.sendMessageCommand({ name: 'Ask Cordial', targetMessageId: target.id });
    await world.discord.waitFor(() => command.modal);
    world.discord.submitModal({ from: command, values: { question: 'How do we speed it up?' } });
    const answer = await finalReplyTo(target.id);
    assert.equal(contentOf(answer), 'Cache the dependencies.');
    assert.deepEqual(lastChat().messages.slice(1), [
      { role: 'user', content: 'A message by Ada Admin:\n> The build takes 40 minutes now.\n\nQuestion from Max Member about that message:\nHow do we speed it up?' },
    ]);
  });
});
