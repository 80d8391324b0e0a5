import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChannelType, Events, type Client, type TextChannel } from 'discord.js';
import { withWorld } from './client-harness.ts';
import { DEFAULT_IDS } from './seed.ts';

function general(client: Client): TextChannel {
  const channel = client.channels.cache.get(DEFAULT_IDS.general);
  assert.ok(channel?.type === ChannelType.GuildText);
  return channel;
}

describe('fake Discord deletions, with a real discord.js client', () => {
  it('records who deleted a message and through which route, and tells the gateway', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const sent = await general(client).send('a draft');
      const gone = new Promise<string>((resolve) => client.once(Events.MessageDelete, (message) => resolve(message.id)));
      await sent.delete();
      assert.equal(await gone, sent.id, 'MESSAGE_DELETE reached the client');
      assert.equal(fake.requests.find((request) => request.route === 'DELETE /channels/:channelId/messages/:messageId')?.status, 204);
      const stored = fake.message(sent.id);
      assert.equal(stored.deleted, true);
      assert.deepEqual(stored.deletion, { at: stored.deletion?.at, byBot: true, route: 'DELETE /channels/:channelId/messages/:messageId' });
      assert.equal(typeof stored.deletion?.at, 'number');

      const byPerson = fake.sendMessage({ channelId: DEFAULT_IDS.general, content: 'oops' });
      fake.deleteMessage(byPerson.id);
      assert.deepEqual(fake.message(byPerson.id).deletion?.byBot, false);
      assert.deepEqual(fake.messagesIn(DEFAULT_IDS.general).map((message) => message.id), []);
      assert.deepEqual(fake.messagesIn(DEFAULT_IDS.general, { includeDeleted: true }).filter((message) => message.deletion?.byBot).map((message) => message.id), [sent.id]);
    });
  });

  it('deletes an interaction’s reply and follow-up through the webhook routes', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const done = new Promise<void>((resolve, reject) => {
        client.on(Events.InteractionCreate, async (interaction) => {
          if (!interaction.isChatInputCommand()) return;
          try {
            await interaction.reply('first');
            const followUp = await interaction.followUp('second');
            await interaction.deleteReply(followUp);
            await interaction.deleteReply();
            resolve();
          } catch (error) {
            reject(error as Error);
          }
        });
      });
      const handle = fake.sendSlashCommand({ name: 'ask', options: { prompt: 'x' } });
      await done;
      const [followUp] = handle.followUps();
      for (const message of [handle.originalMessage(), followUp]) {
        assert.equal(message?.deleted, true);
        assert.equal(message?.deletion?.byBot, true);
        assert.equal(message?.deletion?.route, 'DELETE /webhooks/:applicationId/:token/messages/:messageId');
      }
      // a deleted message is gone for good: editing it answers 10008
      const edit = await client.rest
        .patch(`/webhooks/${fake.applicationId}/${handle.token}/messages/@original`, { body: { content: 'back?' }, auth: false })
        .then(() => null, (caught: unknown) => caught as { code: number });
      assert.equal(edit?.code, 10008);
    });
  });
});
