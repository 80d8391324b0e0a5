import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { latestVersion, type StoredMessage } from '../fake-discord/index.ts';
import { contentOf, startWorld, type World } from './bot-harness.ts';
import { buttonsOf, REGENERATE, STOP } from './controls.ts';

type SentMessages = Array<{ role: string; content: string }>;

const marker = '▌';
// long enough (50 s at 20 tokens/s) that nothing but the Stop button ends it within a test
const longAnswer = { text: 'one two three four five six seven eight nine ten ', repeat: 100, ratePerSecond: 20 };

describe('mentioning the bot in a server channel, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  const bot = () => world.discord.bot.id;
  const general = () => world.discord.defaults.channels.general.id;
  const chatRequests = () => world.upstream.requestsTo('POST', '/v1/chat/completions');
  const lastChat = () => chatRequests().at(-1)?.parsedBody as { model: string; messages: SentMessages };
  const repliesTo = (messageId: string) => world.discord.messagesIn(general()).filter((message) => message.authorId === bot() && message.reference?.messageId === messageId);
  /** The bot's reply to `messageId` once final (it shows Regenerate). */
  const finalReplyTo = (messageId: string, channelId = general()): Promise<StoredMessage> =>
    world.discord.waitForMessage({ channelId, authorId: bot(), where: (message) => message.reference?.messageId === messageId && buttonsOf(message).some((button) => button.customId === REGENERATE) });

  it('is answered once, in a reply that streams, with the server’s model; a thread named after the question opens on it and keeps that model', async () => {
    const set = world.discord.sendSlashCommand({ name: 'model', subcommand: 'set', user: world.discord.defaults.users.admin.id, options: { model: 'openai/gpt-4o' } });
    await world.discord.waitForInteractionResponse(set);
    world.upstream.enqueue({ text: 'Mount Everest is the tallest mountain above sea level, at 8,849 metres.', ratePerSecond: 40 });
    const chatsBefore = chatRequests().length;
    const mention = world.discord.sendMessage({ channelId: general(), content: `<@${bot()}> What is the tallest mountain?` });

    const reply = await finalReplyTo(mention.id);
    assert.equal(contentOf(reply), 'Mount Everest is the tallest mountain above sea level, at 8,849 metres.');
    assert.equal(reply.type, 19, 'a Discord reply');
    assert.ok(reply.versions.some((version) => version.content.endsWith(marker)), 'it streamed');
    assert.deepEqual(reply.versions.map((version) => version.mentions.userIds.length + (version.mentions.everyone ? 1 : 0)), reply.versions.map(() => 0), 'it pings nobody');
    assert.equal(lastChat().model, 'gpt-4o');
    assert.deepEqual(lastChat().messages.slice(1), [{ role: 'user', content: 'What is the tallest mountain?' }]);

    const thread = await world.discord.waitForThread({ name: 'What is the tallest mountain?' });
    assert.equal(thread.id, reply.id, 'the thread opens on the answer');

    // the server default changes; the thread goes on with the model it started with
    const reset = world.discord.sendSlashCommand({ name: 'model', subcommand: 'reset', user: world.discord.defaults.users.admin.id });
    await world.discord.waitForInteractionResponse(reset);
    world.upstream.enqueue({ text: 'K2, at 8,611 metres.' });
    const followUp = world.discord.sendMessage({ channelId: thread.id, content: 'And the second tallest?' });
    await world.discord.waitForMessage({ channelId: thread.id, authorId: bot(), where: (message) => message.createdAt >= followUp.createdAt && contentOf(message) === 'K2, at 8,611 metres.' });
    assert.equal(lastChat().model, 'gpt-4o');
    assert.deepEqual(lastChat().messages.slice(1), [
      { role: 'user', content: 'What is the tallest mountain?' },
      { role: 'assistant', content: 'Mount Everest is the tallest mountain above sea level, at 8,849 metres.' },
      { role: 'user', content: 'And the second tallest?' },
    ]);
    assert.equal(chatRequests().length - chatsBefore, 2, 'the mention asked the model once, the thread message once');
    assert.equal(repliesTo(mention.id).length, 1, 'one answer to the mention');
  });

  it('keeps the other mentions of the question for the model and names the thread with them', async () => {
    const admin = world.discord.defaults.users.admin.id;
    world.upstream.enqueue({ text: 'Ask them directly.' });
    const mention = world.discord.sendMessage({ channelId: general(), content: `Hey <@${bot()}>, what would <@${admin}> say?` });
    const reply = await finalReplyTo(mention.id);
    assert.deepEqual(lastChat().messages.at(-1), { role: 'user', content: `Hey what would <@${admin}> say?` });
    const thread = await world.discord.waitForThread({ where: (candidate) => candidate.id === reply.id });
    assert.equal(thread.name, 'Hey what would @Ada Admin say?');
  });

  it('says how to ask when the mention asks nothing, and asks no model', async () => {
    const chatsBefore = chatRequests().length;
    const mention = world.discord.sendMessage({ channelId: general(), content: `  <@${bot()}>  ` });
    const hint = await world.discord.waitForMessage({ channelId: general(), authorId: bot(), where: (message) => message.reference?.messageId === mention.id });
    assert.equal(contentOf(hint), 'Write your question right after the mention, or use `/ask`. `/help` shows every way to talk to me.');
    assert.deepEqual(buttonsOf(hint), []);
    assert.equal(chatRequests().length, chatsBefore);
    assert.equal(world.discord.threadsOf(general()).some((thread) => thread.id === hint.id), false);
  });

  it('obeys Stop: the asker stops it, the text stays with a note, and the thread still opens', async () => {
    world.upstream.enqueue(longAnswer);
    const mention = world.discord.sendMessage({ channelId: general(), content: `<@${bot()}> Count for me` });
    const streaming = await world.discord.waitForMessage({
      channelId: general(),
      authorId: bot(),
      where: (message) => message.reference?.messageId === mention.id && contentOf(message).startsWith('one two') && buttonsOf(message)[0]?.customId === STOP,
    });
    const upstreamRequest = chatRequests().at(-1)!;
    const click = world.discord.clickButton({ messageId: streaming.id, customId: STOP });
    await world.discord.waitForInteractionResponse(click);
    const stopped = await world.discord.waitForMessage({ where: (message) => message.id === streaming.id && contentOf(message).includes('Stopped by') });
    assert.match(contentOf(stopped), /^one two[a-z ]*\n\n-# ⏹️ Stopped by Max Member\.$/);
    assert.deepEqual(buttonsOf(stopped).map((button) => button.customId), [REGENERATE]);
    await world.upstream.waitForOutcome(upstreamRequest.index, ['client-closed']);
    const thread = await world.discord.waitForThread({ name: 'Count for me' });
    assert.equal(thread.id, streaming.id);
  });

  it('in a thread that is not the bot’s, answers in a reply there and opens no thread', async () => {
    const people = world.discord.startThread({ channelId: general(), name: 'People talking' });
    world.upstream.enqueue({ text: 'Happy to help here.' });
    const mention = world.discord.sendMessage({ channelId: people.id, content: `<@${bot()}> can you help?` });
    const reply = await finalReplyTo(mention.id, people.id);
    assert.equal(contentOf(reply), 'Happy to help here.');
    assert.equal(latestVersion(reply).content, 'Happy to help here.');
    const threadRequests = world.discord.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${people.id}/messages/${reply.id}/threads`);
    assert.deepEqual(threadRequests, []);
    assert.equal(world.discord.threadsOf(people.id).length, 0);
  });
});
