import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isEphemeral } from '../fake-discord/routes/message-routes.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';

describe('/ask where the bot may not create public threads', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  const threadRequests = (channelId: string) => world.discord.requests.filter((request) => request.method === 'POST' && request.path.startsWith(`/channels/${channelId}/messages/`) && request.path.endsWith('/threads'));

  it('posts the answer, opens no thread, and tells the asker once, privately, which permission is missing', async () => {
    const channel = world.discord.defaults.channels.random.id;
    world.discord.denyPermission(channel, 'CreatePublicThreads');
    try {
      world.upstream.enqueue({ text: 'An answer without a thread.' });
      const interaction = world.discord.sendSlashCommand({ name: 'ask', channelId: channel, options: { prompt: 'Will a thread open?' } });
      const reply = await waitForReply(world, interaction.id, (content) => content === 'An answer without a thread.');
      const handle = world.discord.interaction(interaction);
      const notice = await world.discord.waitFor(() => handle.followUps()[0]);
      assert.match(contentOf(notice), /Create Public Threads/);
      assert.equal(isEphemeral(notice), true, 'the notice is ephemeral: only the asker sees it');
      assert.equal(isEphemeral(reply), false, 'the answer itself stays public');
      assert.deepEqual(world.discord.threadsOf(channel), []);
      // the interaction said what the bot may do here: it did not earn a 403 by trying
      assert.deepEqual(threadRequests(channel), []);
      await world.bot.waitForLog((line) => line.includes('missing permission') && line.includes('CreatePublicThreads'));
      assert.equal(handle.followUps().length, 1, 'told once');
    } finally {
      world.discord.allowPermission(channel, 'CreatePublicThreads');
    }
  });

  it('tells the asker in their language when the permission went away while the answer was written (Discord’s 50013)', async () => {
    const channel = world.discord.defaults.channels.random.id;
    world.upstream.enqueue({ text: 'Ответ без ветки.', ratePerSecond: 20 });
    // the interaction carries the permissions of its moment; the bot loses this one afterwards
    const interaction = world.discord.sendSlashCommand({ name: 'ask', channelId: channel, locale: 'ru', options: { prompt: 'Откроется ли ветка?' } });
    world.discord.denyPermission(channel, 'CreatePublicThreads');
    try {
      await waitForReply(world, interaction.id, (content) => content === 'Ответ без ветки.');
      const handle = world.discord.interaction(interaction);
      const notice = await world.discord.waitFor(() => handle.followUps()[0]);
      assert.match(contentOf(notice), /нет права \*\*Создавать публичные ветки\*\*/);
      assert.equal(isEphemeral(notice), true);
      const refused = threadRequests(channel);
      assert.equal(refused.length, 1);
      assert.equal(refused[0]?.status, 403);
      assert.match(JSON.stringify(refused[0]?.responseBody), /50013/);
      assert.deepEqual(world.discord.threadsOf(channel), []);
      assert.equal(handle.followUps().length, 1);
    } finally {
      world.discord.allowPermission(channel, 'CreatePublicThreads');
    }
  });
});
