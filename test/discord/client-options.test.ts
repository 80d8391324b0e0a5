/**
 * The bot's cache limits, read off a real discord.js Client logged in to the fake Discord with
 * them: what stays (the bot's own member and user, roles, channels, messages of the
 * conversations it follows), what is capped (other members), what is never kept (presences,
 * emojis, stickers, voice states, …), and what the message sweep takes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Events, LimitedCollection, PermissionFlagsBits, type Client, type Guild, type Message } from 'discord.js';
import { MEMBERS_PER_GUILD, USERS, cacheOptions, messageSweepFilter } from '../../src/discord/client-options.ts';
import { DEFAULT_MAX_MESSAGES_PER_THREAD } from '../../src/conversation/history-cache.ts';
import { withWorld } from '../fake-discord/client-harness.ts';
import type { FakeDiscord } from '../fake-discord/fake-discord.ts';

/** The limit of a cache: its `maxSize` when limited, `Infinity` for a plain Collection. */
function limitOf(cache: object): number {
  return cache instanceof LimitedCollection ? cache.maxSize : Infinity;
}

/** Resolves with the first message the client builds that satisfies `match`, and what `read` saw of it in that same tick. */
function nextMessage<T>(client: Client, match: (message: Message) => boolean, read: (message: Message) => T): Promise<{ message: Message; seen: T }> {
  return new Promise((resolve) => {
    const listener = (message: Message) => {
      if (!match(message)) return;
      client.off(Events.MessageCreate, listener);
      resolve({ message, seen: read(message) });
    };
    client.on(Events.MessageCreate, listener);
  });
}

/** Seeds a server with `count` people besides its owner and waits for the client to have it. */
async function seedCrowdedGuild(fake: FakeDiscord, client: Client, count: number): Promise<Guild> {
  const arrived = new Promise<Guild>((resolve) => client.once(Events.GuildCreate, resolve));
  fake.seedGuild({ name: 'Crowded', members: Array.from({ length: count }, (_, index) => ({ username: `person${index}` })) });
  return arrived;
}

describe('the bot client cache options', () => {
  it('GIVEN a server with more people than the limit THEN its member cache holds the limit with the bot in it, and permissions still resolve', async () => {
    await withWorld({ client: cacheOptions() }, async ({ fake, client }) => {
      const guild = await seedCrowdedGuild(fake, client, MEMBERS_PER_GUILD + 20);
      assert.equal(guild.members.cache.size, MEMBERS_PER_GUILD);
      assert.equal(guild.members.me?.id, client.user.id);
      const general = guild.channels.cache.find((channel) => channel.name === 'general');
      assert.ok(general !== undefined);
      assert.equal(general.permissionsFor(client.user)?.has(PermissionFlagsBits.ViewChannel), true);
      // the default server's members (owner, admin, member) fit: all there, the bot too
      const home = client.guilds.cache.get(fake.defaults.guild.id);
      assert.ok(home?.members.cache.has(fake.defaults.users.admin.id));
      assert.equal(home?.members.me?.id, client.user.id);
    });
  });

  it('GIVEN a message from someone the full member cache does not hold THEN the message resolves its author as a member, with roles, as it arrives', async () => {
    await withWorld({ client: cacheOptions() }, async ({ fake, client }) => {
      await seedCrowdedGuild(fake, client, MEMBERS_PER_GUILD + 20);
      const home = fake.defaults;
      const newcomer = fake.createUser({ username: 'newcomer', globalName: 'New Comer', guildId: home.guild.id, roleIds: [home.roles.manager.id] });
      const arrived = nextMessage(client, (message) => message.author.id === newcomer.id, (message) => ({ name: message.member?.displayName, roles: [...(message.member?.roles.cache.keys() ?? [])] }));
      fake.sendMessage({ channelId: home.channels.general.id, author: newcomer.id, content: 'hello' });
      const { seen } = await arrived;
      assert.equal(seen.name, 'New Comer');
      assert.ok(seen.roles.includes(home.roles.manager.id));
    });
  });

  it('THEN the bot’s user is kept among a capped number of users, and presences, emojis, stickers, voice states, invites, events, bans, moderation rules, commands and entitlements are never kept', async () => {
    await withWorld({ client: cacheOptions() }, async ({ fake, client }) => {
      const arrived = nextMessage(client, () => true, () => undefined);
      fake.sendMessage({ channelId: fake.defaults.channels.general.id, content: 'hi' });
      await arrived;
      assert.ok(client.users.cache.has(client.user.id));
      assert.equal(limitOf(client.users.cache), USERS);
      const guild = client.guilds.cache.get(fake.defaults.guild.id);
      assert.ok(guild !== undefined);
      const dropped = {
        presences: guild.presences.cache,
        emojis: guild.emojis.cache,
        stickers: guild.stickers.cache,
        soundboardSounds: guild.soundboardSounds.cache,
        voiceStates: guild.voiceStates.cache,
        invites: guild.invites.cache,
        scheduledEvents: guild.scheduledEvents.cache,
        bans: guild.bans.cache,
        autoModerationRules: guild.autoModerationRules.cache,
        stageInstances: guild.stageInstances.cache,
        guildCommands: guild.commands.cache,
        commands: client.application.commands.cache,
        applicationEmojis: client.application.emojis.cache,
        entitlements: client.application.entitlements.cache,
      };
      for (const [name, cache] of Object.entries(dropped)) assert.equal(limitOf(cache), 0, name);
      const channel = client.channels.cache.get(fake.defaults.channels.general.id);
      assert.ok(channel?.isTextBased());
      assert.equal(limitOf(channel.messages.cache), DEFAULT_MAX_MESSAGES_PER_THREAD);
      assert.equal(limitOf(guild.members.cache), MEMBERS_PER_GUILD);
      // kept whole: what permissions, access rules and thread names read
      for (const [name, cache] of Object.entries({ guilds: client.guilds.cache, channels: client.channels.cache, guildChannels: guild.channels.cache, roles: guild.roles.cache })) {
        assert.equal(limitOf(cache), Infinity, name);
      }
    });
  });

  it('GIVEN messages older than their lifetime THEN a sweep takes those of ordinary channels and threads, and keeps DMs, the bot’s own threads and system messages, whose edits still arrive', async () => {
    // every id the fake makes is an hour old: past the 30-minute lifetime
    const hourAgo = () => Date.now() - 60 * 60_000;
    await withWorld({ fake: { clock: hourAgo }, client: cacheOptions() }, async ({ fake, client }) => {
      const { general } = fake.defaults.channels;
      const person = fake.defaults.users.member.id;
      const starter = fake.sendMessage({ channelId: general.id, content: 'a thread starts here' });
      const peopleThread = fake.startThread({ channelId: general.id, name: 'people', messageId: starter.id, owner: person });
      const botThread = fake.startThread({ channelId: general.id, name: 'bot', owner: client.user.id });
      const direct = fake.dmChannel(person);
      const posts = [
        { place: 'channel', channelId: general.id },
        { place: 'people thread', channelId: peopleThread.id },
        { place: 'bot thread', channelId: botThread.id },
        { place: 'dm', channelId: direct.id },
      ];
      const received = new Map<string, Message>();
      for (const post of posts) {
        const arrived = nextMessage(client, (message) => message.channelId === post.channelId && message.content === post.place, () => undefined);
        fake.sendMessage({ channelId: post.channelId, author: person, content: post.place });
        received.set(post.place, (await arrived).message);
      }
      const thread = client.channels.cache.get(peopleThread.id);
      assert.ok(thread?.isThread());
      // the thread's own starter notice (type 21), fetched as a page would
      const notice = (await thread.messages.fetch({ limit: 10, cache: true })).find((message) => message.system);
      assert.ok(notice !== undefined);

      const filter = messageSweepFilter()();
      assert.ok(filter !== null);
      client.sweepers.sweepMessages(filter);

      const cached = (message: Message) => {
        const channel = client.channels.cache.get(message.channelId);
        return channel?.isTextBased() === true && channel.messages.cache.has(message.id);
      };
      const kept = Object.fromEntries([...received].map(([place, message]) => [place, cached(message)]));
      assert.deepEqual(kept, { channel: false, 'people thread': false, 'bot thread': true, dm: true });
      assert.equal(cached(notice), true);

      const botThreadMessage = received.get('bot thread');
      assert.ok(botThreadMessage !== undefined);
      const edited = new Promise<string | null>((resolve) => client.once(Events.MessageUpdate, (_old, message) => resolve(message.content)));
      fake.editMessage(botThreadMessage.id, 'bot thread, edited');
      assert.equal(await edited, 'bot thread, edited');
    });
  });

  it('THEN old messages and archived threads are swept on an interval', async () => {
    await withWorld({ client: cacheOptions() }, async ({ client }) => {
      assert.ok(client.sweepers.intervals.messages !== null);
      assert.ok(client.sweepers.intervals.threads !== null);
    });
  });
});
