import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contentOf, startWorld, type World } from './bot-harness.ts';

type SentMessages = Array<{ role: string; content: string; name?: string }>;

describe('a busy thread answers each batch of new messages once, end to end', () => {
  let world: World;
  before(async () => {
    // debug: the bot says when a turn finds nothing new to answer, so the test knows it is over
    world = await startWorld({ env: { LOG_LEVEL: 'debug' } });
  });
  after(async () => {
    await world?.close();
  });

  const chatRequests = () => world.upstream.requestsTo('POST', '/v1/chat/completions');
  const botMessagesIn = (threadId: string) =>
    world.discord.messagesIn(threadId).filter((message) => message.authorId === world.discord.bot.id && contentOf(message) !== '');

  it('two people posting at the same instant get one answer, and the upstream is asked once', async () => {
    world.upstream.enqueue({ text: 'Ready.' });
    world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Two at once' } });
    const thread = await world.discord.waitForThread({ name: 'Two at once' });
    // after a restart the bot's history cache is empty: its turn must read the thread from
    // Discord, and the fake answers that read only after it has dispatched both messages (sent
    // in one go below), so the turn's history holds both, and the second MESSAGE_CREATE reaches
    // the bot while that turn runs — the race that made a second, unprompted answer
    await world.bot.stop();
    await world.startBot();
    world.upstream.enqueue({ text: 'Answering you both.' }, { text: 'An answer nobody asked for.' });
    const chatsBefore = chatRequests().length;
    const readsBefore = world.discord.requests.length;
    world.discord.sendMessage({ channelId: thread.id, author: world.discord.defaults.users.member.id, content: 'Is tea better hot?' });
    world.discord.sendMessage({ channelId: thread.id, author: world.discord.defaults.users.admin.id, content: 'Or iced?' });

    await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (message) => contentOf(message) === 'Answering you both.' });
    const ended = await Promise.race([
      world.bot.waitForLog((line) => line.includes('nothing new to answer') && line.includes(thread.id)).then(() => 'skipped'),
      world.discord.waitForMessage({ channelId: thread.id, where: (message) => contentOf(message).startsWith('An answer nobody') }).then(() => 'answered again'),
    ]);
    assert.equal(ended, 'skipped');

    const historyReads = world.discord.requests.slice(readsBefore).filter((request) => request.method === 'GET' && request.path === `/channels/${thread.id}/messages`);
    assert.equal(historyReads.length, 1, 'the turn read the thread from Discord');
    assert.equal(chatRequests().length - chatsBefore, 1, 'the upstream was asked once');
    const asked = (chatRequests().at(-1)?.parsedBody as { messages: SentMessages }).messages;
    assert.match(asked.at(-1)?.content ?? '', /Is tea better hot\?[\s\S]*Or iced\?/);
    assert.deepEqual(botMessagesIn(thread.id).map(contentOf), ['Answering you both.']);
  });

  it('a message after that answer is a new batch: answered once, with the whole history', async () => {
    const thread = world.discord.threadsOf(world.discord.defaults.channels.general.id).find((candidate) => candidate.name === 'Two at once')!;
    // the scenario queued for the unprompted answer is still waiting: drop it
    world.upstream.reset();
    world.upstream.enqueue({ text: 'Hot, mostly.' });
    world.discord.sendMessage({ channelId: thread.id, content: 'So which one?' });
    await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (message) => contentOf(message) === 'Hot, mostly.' });
    assert.equal(chatRequests().length, 1);
    const asked = (chatRequests()[0]?.parsedBody as { messages: SentMessages }).messages;
    assert.deepEqual(asked.slice(1).map((message) => message.role), ['user', 'assistant', 'user', 'assistant', 'user']);
    assert.match(asked.at(-1)?.content ?? '', /So which one\?/);
    assert.deepEqual(botMessagesIn(thread.id).map(contentOf), ['Answering you both.', 'Hot, mostly.']);
  });
});
