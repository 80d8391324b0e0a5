import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FakeInteraction, StoredMessage } from '../fake-discord/index.ts';
import type { ContentPartSent } from '../fake-upstreams/openai.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { buttonsOf, STOP } from './controls.ts';

const marker = '▌';
const systemPrompt = 'You are Cordial, a helpful assistant.';
/** A small PNG's worth of bytes: its signature, then bytes that are not text. */
const picture = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x80, 0x42]);
// long enough (50 s at 20 tokens/s) that nothing but the Stop button ends it within a test
const longAnswer = { text: 'one two three four five six seven eight nine ten ', repeat: 100, ratePerSecond: 20 };

describe('"Ask Cordial" (message command and modal), end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ env: { SYSTEM_PROMPT: systemPrompt, OPENAI_VISION_MODELS: 'gpt-4o-mini' } });
  });
  after(async () => {
    await world?.close();
  });

  const users = () => world.discord.defaults.users;
  const general = () => world.discord.defaults.channels.general.id;
  const chatRequests = () => world.upstream.requestsTo('POST', '/v1/chat/completions');
  const lastRequest = () => chatRequests().at(-1)?.parsedBody as { model: string; messages: Array<{ role: string; content: string | ContentPartSent[] }> };

  /** Uses "Ask Cordial" on a message and submits its modal with `values`. */
  async function askAbout(targetMessageId: string, values: Record<string, string | boolean>, place: { user?: string; locale?: string } = {}): Promise<{ command: FakeInteraction; submission: FakeInteraction }> {
    const command = world.discord.sendMessageCommand({ name: 'Ask Cordial', targetMessageId, ...place });
    await world.discord.waitFor(() => command.modal);
    // the same person's client submits it, in the same language (the fake defaults a submission to en-US)
    return { command, submission: world.discord.submitModal({ from: command, values, ...(place.locale === undefined ? {} : { locale: place.locale }) }) };
  }
  /** The bot's replies (Discord's) to a message. */
  const botRepliesTo = (target: StoredMessage) =>
    world.discord.messagesIn(target.channelId).filter((message) => message.authorId === world.discord.bot.id && message.reference?.messageId === target.id && message.type === 19);

  it('shows the modal at once, then answers with a streamed reply to the target and a thread named after the question; the thread goes on from the quoted message', async () => {
    const target = world.discord.sendMessage({ channelId: general(), author: users().admin.id, content: 'The launch moved to Friday, after the QA review.' });
    const answer = 'It means the launch now waits for QA to sign off. 🚀';
    world.upstream.enqueue({ text: answer, ratePerSecond: 100 });
    const { command, submission } = await askAbout(target.id, { question: 'What does this mean for us?' });
    assert.deepEqual(command.responses.map((response) => response.type), [9], 'the modal is the first and only response');
    assert.equal(command.modal?.customId, `cordial:ask-about:${target.id}`);

    const thread = await world.discord.waitForThread({ name: 'What does this mean for us?' });
    const reply = world.discord.message(thread.id);
    assert.equal(contentOf(reply), answer);
    assert.equal(reply.type, 19, 'a Discord reply');
    assert.equal(reply.reference?.messageId, target.id);
    assert.ok(reply.versions.some((version) => version.content.endsWith(marker)), 'it streamed');
    for (const version of reply.versions) {
      assert.deepEqual(version.allowedMentions, { parse: [] });
      assert.deepEqual(version.mentions.userIds, [], 'the reply pings nobody, not even the target’s author');
    }
    assert.deepEqual(botRepliesTo(target).map((message) => message.id), [reply.id], 'answered once');
    assert.deepEqual(lastRequest().messages, [
      { role: 'system', content: systemPrompt },
      { role: 'user', content: 'A message by Ada Admin:\n> The launch moved to Friday, after the QA review.\n\nQuestion from Max Member about that message:\nWhat does this mean for us?' },
    ]);
    assert.equal(lastRequest().model, 'gpt-4o-mini');

    // the modal's "thinking…" was private and is gone: the reply is the answer
    assert.equal(submission.ephemeral, true);
    await world.discord.waitFor(() => submission.originalMessage()?.deleted);
    assert.equal(submission.originalMessage()?.deletion?.byBot, true);

    // the thread's history starts from the whole turn, so the model still knows the message
    world.upstream.enqueue({ text: 'Docs ship with it.' });
    world.discord.sendMessage({ channelId: thread.id, content: 'And for the docs?' });
    await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (message) => contentOf(message) === 'Docs ship with it.' });
    assert.deepEqual(lastRequest().messages.slice(1), [
      { role: 'user', content: 'A message by Ada Admin:\n> The launch moved to Friday, after the QA review.\n\nQuestion from Max Member about that message:\nWhat does this mean for us?' },
      { role: 'assistant', content: answer },
      { role: 'user', content: 'And for the docs?' },
    ]);
    assert.equal(lastRequest().model, 'gpt-4o-mini', 'the thread keeps the model that answered');
  });

  it('in a bot thread, answers with the thread’s model as a reply in the thread, opening no other thread', async () => {
    world.upstream.enqueue({ text: 'Plan: go by train.' });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Plan the trip', model: 'openai/gpt-4o' } });
    await waitForReply(world, ask.id, (content) => content === 'Plan: go by train.');
    const thread = await world.discord.waitForThread({ name: 'Plan the trip' });
    world.upstream.enqueue({ text: 'Sure, the night train.' });
    const target = world.discord.sendMessage({ channelId: thread.id, author: users().admin.id, content: 'We could take the night train.' });
    await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (message) => contentOf(message) === 'Sure, the night train.' });
    const threadsBefore = world.discord.threadsOf(general()).length;

    world.upstream.enqueue({ text: 'Usually, yes.' });
    await askAbout(target.id, { question: 'Is the night train cheaper?' });
    const reply = await world.discord.waitForMessage({ channelId: thread.id, where: (message) => message.reference?.messageId === target.id && contentOf(message) === 'Usually, yes.' });
    assert.equal(reply.type, 19);
    assert.equal(lastRequest().model, 'gpt-4o', 'the thread’s model, not the server’s default');
    assert.deepEqual(lastRequest().messages.at(-1), { role: 'user', content: 'A message by Ada Admin:\n> We could take the night train.\n\nQuestion from Max Member about that message:\nIs the night train cheaper?' });
    assert.equal(world.discord.threadsOf(general()).length, threadsBefore);

    // the thread's next turn sees the question before the answer
    world.upstream.enqueue({ text: 'Booked.' });
    world.discord.sendMessage({ channelId: thread.id, content: 'Book it then.' });
    await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (message) => contentOf(message) === 'Booked.' });
    const turns = lastRequest().messages.map((message) => message.content as string);
    const asked = turns.findIndex((content) => content.includes('Question from Max Member about that message:\nIs the night train cheaper?'));
    assert.ok(asked > 0, JSON.stringify(turns));
    assert.equal(turns[asked + 1], 'Usually, yes.');
    assert.equal(lastRequest().model, 'gpt-4o');
  });

  it('lets the asker stop the answer with its Stop button; the stopped answer still gets its thread', async () => {
    const target = world.discord.sendMessage({ channelId: general(), author: users().owner.id, content: 'Count the sheep.' });
    world.upstream.enqueue(longAnswer);
    await askAbout(target.id, { question: 'Count along' });
    const reply = await world.discord.waitForMessage({ where: (message) => message.reference?.messageId === target.id && contentOf(message).startsWith('one two') });
    assert.deepEqual(buttonsOf(reply).map((button) => button.customId), [STOP]);
    const upstreamRequest = chatRequests().at(-1)!;
    const click = world.discord.clickButton({ messageId: reply.id, customId: STOP });
    await world.discord.waitForInteractionResponse(click);
    const stopped = await world.discord.waitForMessage({ where: (message) => message.id === reply.id && contentOf(message).includes('Stopped by') });
    assert.match(contentOf(stopped), /^one two[a-z ]*\n\n-# ⏹️ Stopped by Max Member\.$/);
    await world.upstream.waitForOutcome(upstreamRequest.index, ['client-closed']);
    const thread = await world.discord.waitForThread({ name: 'Count along' });
    assert.equal(thread.id, reply.id);
  });

  it('answers privately when the modal says so: only the asker sees it, nothing in the channel, no thread', async () => {
    const target = world.discord.sendMessage({ channelId: general(), author: users().admin.id, content: 'Budget: 1200 EUR.' });
    const repliesBefore = botRepliesTo(target).length;
    world.upstream.enqueue({ text: 'That is enough for a week.', ratePerSecond: 100 });
    const { submission } = await askAbout(target.id, { question: 'Is that enough?', private: true });
    const answer = await waitForReply(world, submission.id, (content) => content === 'That is enough for a week.');
    assert.equal(submission.ephemeral, true);
    assert.ok((answer.versions.at(-1)!.flags & 64) !== 0, 'ephemeral');
    assert.equal(botRepliesTo(target).length, repliesBefore);
    assert.equal(world.discord.threadsOf(general()).some((thread) => thread.name === 'Is that enough?'), false);
    assert.match(JSON.stringify(lastRequest().messages.at(-1)), /Budget: 1200 EUR\./);
  });

  it('gives the model the target’s image with its text, in the one user turn', async () => {
    const target = world.discord.sendMessage({ channelId: general(), author: users().admin.id, content: 'Our Q3 chart', attachments: [{ filename: 'chart.png', bytes: picture, width: 1, height: 1 }] });
    world.upstream.enqueue({ text: 'It goes up.' });
    const { submission } = await askAbout(target.id, { question: 'Trend?', private: true });
    await waitForReply(world, submission.id, (content) => content === 'It goes up.');
    const turn = lastRequest().messages.at(-1)!;
    const parts = turn.content as ContentPartSent[];
    assert.deepEqual(parts[0], { type: 'text', text: 'A message by Ada Admin:\n> Our Q3 chart\n(It has a file attached: it follows this text.)\n\nQuestion from Max Member about that message:\nTrend?' });
    const url = (parts[1] as { image_url: { url: string } }).image_url.url;
    assert.deepEqual(new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')), picture);
    assert.equal(parts.length, 2);
  });

  it('refuses a blank question, in the asker’s language, without asking any model', async () => {
    const target = world.discord.sendMessage({ channelId: general(), author: users().admin.id, content: 'Hello' });
    const before = chatRequests().length;
    const { submission } = await askAbout(target.id, { question: '   ' }, { locale: 'ru' });
    await world.discord.waitForInteractionResponse(submission);
    assert.equal(submission.ephemeral, true);
    assert.equal(contentOf(submission.originalMessage()!), 'Вопрос пуст: напишите, что вы хотите узнать об этом сообщении.');
    assert.equal(chatRequests().length, before);
  });

  it('after a restart, says the message is forgotten and how to ask again', async () => {
    const target = world.discord.sendMessage({ channelId: general(), author: users().admin.id, content: 'Before the restart' });
    const command = world.discord.sendMessageCommand({ name: 'Ask Cordial', targetMessageId: target.id });
    await world.discord.waitFor(() => command.modal);
    await world.bot.stop();
    await world.startBot();
    const submission = world.discord.submitModal({ from: command, values: { question: 'Still there?' } });
    await world.discord.waitForInteractionResponse(submission);
    assert.equal(submission.ephemeral, true);
    assert.match(contentOf(submission.originalMessage()!), /^I no longer have the message you asked about .*\*\*Apps → Ask Cordial\*\*/);
  });
});
