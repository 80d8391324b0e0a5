import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';

describe('without the Message Content intent', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ discord: { messageContentIntent: false } });
  });
  after(async () => {
    await world?.close();
  });

  it('starts anyway and says at start-up how to enable the intent', async () => {
    const warning = await world.bot.waitForLog((line) => line.includes('Message Content intent is not enabled'));
    assert.match(warning, /Privileged Gateway Intents/);
    assert.match(world.bot.logs.find((line) => line.includes('Cordial is online')) ?? '', /"messageContent":false/);
  });

  it('answers /ask, and tells the new thread to mention the bot', async () => {
    world.upstream.enqueue({ text: 'Answer without the intent.' });
    world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Intent test' } });
    const thread = await world.discord.waitForThread({ name: 'Intent test' });
    const note = await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (message) => contentOf(message).includes('Message Content intent') });
    assert.match(contentOf(note), /mention it/);
    assert.equal(contentOf(world.discord.message(thread.id)), 'Answer without the intent.');
  });

  it('ignores thread messages it cannot read, and answers those that mention it', async () => {
    const thread = await world.discord.waitForThread({ name: 'Intent test' });
    const before = world.upstream.requests.length;
    const unreadable = world.discord.sendMessage({ channelId: thread.id, content: 'A message the bot cannot read' });
    // a whole round trip after it (the gateway delivers in order): had the bot taken it as a turn, it would show by now
    world.upstream.enqueue({ text: 'Round trip.' });
    const roundTrip = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Round trip', private: true } });
    await waitForReply(world, roundTrip.id, (content) => content === 'Round trip.');
    assert.equal(world.upstream.requests.length - before, 1, 'only the /ask asked a model');
    assert.equal(world.discord.messagesIn(thread.id).some((message) => message.authorId === world.discord.bot.id && message.createdAt >= unreadable.createdAt), false, 'no answer in the thread');
    world.upstream.enqueue({ text: 'I heard the mention.' });
    world.discord.sendMessage({ channelId: thread.id, content: `<@${world.discord.bot.id}> can you hear me?` });
    await world.discord.waitForMessage({ channelId: thread.id, where: (message) => contentOf(message) === 'I heard the mention.' });
    assert.equal(world.upstream.requests.length - before, 2);
    const messages = (world.upstream.requests.at(-1)?.parsedBody as { messages: Array<{ role: string; content: string }> }).messages;
    assert.match(messages.at(-1)?.content ?? '', /can you hear me\?/);
    assert.equal(messages.some((message) => message.content.includes('cannot read')), false);
  });

  it('answers direct messages, which it can read without the intent', async () => {
    const dm = world.discord.dmChannel(world.discord.defaults.users.member.id);
    world.upstream.enqueue({ text: 'DMs still work.' });
    world.discord.sendMessage({ channelId: dm.id, content: 'Can you read this?' });
    await world.discord.waitForMessage({ channelId: dm.id, authorId: world.discord.bot.id, where: (message) => contentOf(message) === 'DMs still work.' });
    const messages = (world.upstream.requests.at(-1)?.parsedBody as { messages: Array<{ role: string; content: string }> }).messages;
    assert.deepEqual(messages.at(-1), { role: 'user', content: 'Can you read this?' });
  });
});
