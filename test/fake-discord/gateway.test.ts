import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChannelType, Client, DiscordjsErrorCodes, Events, GatewayIntentBits, Partials, type Message } from 'discord.js';
import { createClient, withWorld } from './client-harness.ts';
import { FakeDiscord } from './fake-discord.ts';
import { DEFAULT_IDS } from './seed.ts';

/** Resolves with the next message the client sees that matches. */
function nextMessage(client: Client, matches: (message: Message) => boolean = () => true): Promise<Message> {
  return new Promise((resolve) => {
    const listener = (message: Message): void => {
      if (!matches(message)) return;
      client.off(Events.MessageCreate, listener);
      resolve(message);
    };
    client.on(Events.MessageCreate, listener);
  });
}

describe('fake Discord gateway, with a real discord.js client', () => {
  it('logs in and becomes ready with the seeded guild, channels, roles and members cached', async () => {
    await withWorld({}, async ({ fake, client }) => {
      assert.equal(client.user.id, DEFAULT_IDS.bot);
      assert.equal(client.user.bot, true);
      assert.equal(client.application.id, DEFAULT_IDS.application);
      const guild = client.guilds.cache.get(DEFAULT_IDS.guild);
      assert.ok(guild, 'guild cached');
      assert.equal(guild.name, 'Cordial Test Server');
      assert.deepEqual(
        guild.channels.cache.map((channel) => channel.name).sort(),
        ['general', 'random'],
      );
      assert.equal(client.channels.cache.get(DEFAULT_IDS.general)?.type, ChannelType.GuildText);
      assert.ok(guild.members.me, 'the bot member is cached');
      const admin = guild.members.cache.get(DEFAULT_IDS.admin);
      assert.equal(admin?.permissions.has('ManageGuild'), true);
      assert.equal(guild.members.cache.get(DEFAULT_IDS.member)?.permissions.has('ManageGuild'), false);
      assert.equal(admin?.user.globalName, 'Ada Admin');
      assert.equal(fake.gatewaySessions().length, 1);
    });
  });

  it('rejects a wrong token at login with TokenInvalid (401 on /gateway/bot)', async () => {
    const fake = await FakeDiscord.start();
    const client = createClient(fake);
    try {
      await assert.rejects(client.login('not-the-token'), { code: DiscordjsErrorCodes.TokenInvalid });
      assert.equal(fake.requests[0]?.status, 401);
    } finally {
      await client.destroy();
      await fake.stop();
    }
  });

  it('closes with 4014 when the client asks for Message Content without it being granted', async () => {
    const fake = await FakeDiscord.start({ messageContentIntent: false });
    const client = createClient(fake);
    const gatewayCloses: number[] = [];
    fake.events.on('change', (event) => {
      if (event.type === 'gatewayClose') gatewayCloses.push(event.code);
    });
    const disconnected = new Promise<number>((resolve) => client.once(Events.ShardDisconnect, (event) => resolve(event.code)));
    try {
      await assert.rejects(client.login(fake.botToken), /disallowed intents/i);
      assert.equal(await disconnected, 4014);
      assert.deepEqual(await fake.waitFor(() => gatewayCloses.length > 0 && gatewayCloses), [4014]);
      assert.equal(fake.gatewaySessions().length, 0);
    } finally {
      await client.destroy();
      await fake.stop();
    }
  });

  it('blanks content without the Message Content intent, except mentions of the bot and DMs', async () => {
    await withWorld(
      {
        fake: { messageContentIntent: false },
        client: { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages], partials: [Partials.Channel] },
      },
      async ({ fake, client }) => {
        const plain = nextMessage(client);
        fake.sendMessage({ channelId: DEFAULT_IDS.general, content: 'hello everyone' });
        assert.equal((await plain).content, '');

        const mention = nextMessage(client);
        fake.sendMessage({ channelId: DEFAULT_IDS.general, content: `<@${DEFAULT_IDS.bot}> what is 2+2?` });
        assert.equal((await mention).content, `<@${DEFAULT_IDS.bot}> what is 2+2?`);

        const direct = nextMessage(client);
        const dm = fake.dmChannel(DEFAULT_IDS.member);
        fake.sendMessage({ channelId: dm.id, content: 'a private question' });
        const received = await direct;
        assert.equal(received.content, 'a private question');
        assert.equal(received.channel.type, ChannelType.DM);

        // REST follows the application's approval: history is blanked too
        const history = await (client.channels.cache.get(DEFAULT_IDS.general) as import('discord.js').TextChannel).messages.fetch({ limit: 10 });
        assert.deepEqual(
          history.map((message) => message.content),
          [`<@${DEFAULT_IDS.bot}> what is 2+2?`, ''],
        );
      },
    );
  });

  it('resumes after a dropped connection and replays what was dispatched meanwhile', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const sessionId = fake.gatewaySessions()[0]?.id;
      const resumed = new Promise<void>((resolve) => client.once(Events.ShardResume, () => resolve()));
      const missed = nextMessage(client, (message) => message.content === 'sent while you were away');
      const disconnected = fake.waitFor(() => fake.gatewaySessions()[0]?.connected === false, { description: 'the drop' });
      fake.dropGatewayConnections();
      await disconnected;
      fake.sendMessage({ channelId: DEFAULT_IDS.general, content: 'sent while you were away' });
      await resumed;
      assert.equal((await missed).channelId, DEFAULT_IDS.general);
      assert.equal(fake.gatewaySessions()[0]?.id, sessionId, 'same session, resumed');
    });
  });

  it('acknowledges heartbeats', async () => {
    await withWorld({ fake: { heartbeatIntervalMs: 30 } }, async ({ client }) => {
      await new Promise<void>((resolve) => {
        const listener = (message: string): void => {
          if (!message.includes('Heartbeat acknowledged')) return;
          client.off(Events.Debug, listener);
          resolve();
        };
        client.on(Events.Debug, listener);
      });
      assert.ok(client.ws.ping >= 0);
    });
  });

  it('sends GUILD_CREATE for a guild seeded after login', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const joined = new Promise<string>((resolve) => client.once(Events.GuildCreate, (guild) => resolve(guild.name)));
      const seeded = fake.seedGuild({ name: 'Second Server', channels: ['lobby'], members: [{ username: 'zoe', globalName: 'Zoë' }] });
      assert.equal(await joined, 'Second Server');
      assert.equal(client.channels.cache.get(seeded.channels['lobby']?.id ?? '')?.type, ChannelType.GuildText);
      assert.equal(seeded.guild.id.length >= 17, true);
    });
  });
});
