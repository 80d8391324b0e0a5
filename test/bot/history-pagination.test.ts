import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contentOf, startWorld, type World } from './bot-harness.ts';

describe('a long thread after a restart: history is fetched from Discord page by page', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ env: { HISTORY_MAX_MESSAGES: '300', OPENAI_CONTEXT_TOKENS: '100000' } });
  });
  after(async () => {
    await world?.close();
  });

  it('reads 250 messages in pages of 100 and sends them all, in order, to the model', async () => {
    world.upstream.enqueue({ text: 'Start.' });
    world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Long thread' } });
    const thread = await world.discord.waitForThread({ name: 'Long thread' });
    // written while the bot is down, so its cache knows none of them
    await world.bot.stop();
    for (let index = 1; index <= 250; index += 1) world.discord.sendMessage({ channelId: thread.id, content: `message ${index}` });
    await world.startBot();
    world.upstream.enqueue({ text: 'I read them all.' });
    const requestsBefore = world.discord.requests.length;
    world.discord.sendMessage({ channelId: thread.id, content: 'message 251' });
    await world.discord.waitForMessage({ channelId: thread.id, where: (message) => contentOf(message) === 'I read them all.' });
    const pages = world.discord.requests.slice(requestsBefore).filter((request) => request.method === 'GET' && request.path === `/channels/${thread.id}/messages`);
    // the thread's 252 messages (its starter and the 251) take three requests of 100
    assert.deepEqual(pages.map((page) => page.query['limit']), ['100', '100', '100']);
    assert.ok(pages.slice(1).every((page) => page.query['before'] !== undefined));
    const messages = (world.upstream.requests.at(-1)?.parsedBody as { messages: Array<{ role: string; content: string }> }).messages;
    assert.deepEqual(messages.map((message) => message.role), ['system', 'user', 'assistant', 'user']);
    assert.equal(messages[1]?.content, 'Long thread');
    // one person wrote all 251 messages in a row: every one of them reaches the model, in order,
    // as one user turn (roles alternate), a blank line between messages
    assert.deepEqual(messages[3]?.content.split('\n\n'), Array.from({ length: 251 }, (_, index) => `message ${index + 1}`));
  });
});
