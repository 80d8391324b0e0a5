/**
 * Categories and roles added while a client is connected: CHANNEL_CREATE with the category's
 * type 4 and each channel's `parent_id`, GUILD_ROLE_CREATE, and interactions carrying the roles
 * a person was given.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { ChannelType, Events, type Interaction } from 'discord.js';
import { withWorld } from './client-harness.ts';
import { DEFAULT_IDS } from './seed.ts';

describe('fake Discord: categories and roles', () => {
  it('GIVEN a category and a channel in it THEN the client caches both, the channel under its category, and a thread under the channel', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const created = once(client, Events.ChannelCreate);
      const category = fake.createChannel({ name: 'Bots', category: true });
      await created;
      const second = once(client, Events.ChannelCreate);
      const channel = fake.createChannel({ name: 'ask-here', parentId: category.id });
      await second;
      assert.equal(client.channels.cache.get(category.id)?.type, ChannelType.GuildCategory);
      const cached = client.channels.cache.get(channel.id);
      assert.ok(cached !== undefined && 'parentId' in cached);
      assert.equal(cached.parentId, category.id);
      assert.equal(fake.channel(channel.id).guildId, DEFAULT_IDS.guild);
      const thread = fake.startThread({ channelId: channel.id, name: 'a thread' });
      assert.equal(thread.parentId, channel.id);
      assert.throws(() => fake.createChannel({ name: 'nested', parentId: channel.id }), /parent must be a category/);
    });
  });

  it('GIVEN a new role given to a new member THEN the client knows the role and their interaction carries it', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const roleArrived = once(client, Events.GuildRoleCreate);
      const role = fake.createRole({ name: 'Muted', permissions: ['ViewChannel'] });
      await roleArrived;
      assert.equal(client.guilds.cache.get(DEFAULT_IDS.guild)?.roles.cache.get(role.id)?.name, 'Muted');
      const person = fake.createUser({ username: 'quiet', guildId: DEFAULT_IDS.guild, roleIds: [role.id] });
      const interaction = new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));
      fake.sendSlashCommand({ name: 'ping', user: person.id });
      const received = await interaction;
      assert.ok(received.inCachedGuild());
      assert.deepEqual([...received.member.roles.cache.keys()].sort(), [DEFAULT_IDS.guild, role.id].sort());
    });
  });
});
