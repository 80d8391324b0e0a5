import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client, Events, GatewayCloseCodes, type ClientOptions } from 'discord.js';
import { WebSocket } from 'ws';
import { assertNoInternalErrors, createClient, loginAndWaitReady } from './client-harness.ts';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.ts';
import { DEFAULT_IDS } from './seed.ts';

/** Runs `body` with a fake and tears down every client it made, then the fake. */
async function withFake(options: FakeDiscordOptions, body: (fake: FakeDiscord, clientFor: (options: Partial<ClientOptions>) => Client) => Promise<void>): Promise<void> {
  const fake = await FakeDiscord.start(options);
  const clients: Client[] = [];
  try {
    await body(fake, (clientOptions) => {
      const client = createClient(fake, clientOptions);
      clients.push(client);
      return client;
    });
    assertNoInternalErrors(fake);
  } finally {
    // the clients first: a stopped server would make them reconnect forever
    await Promise.all(clients.map((client) => client.destroy()));
    await fake.stop();
  }
}

/** Every value `pick` takes from `event` on the client, in arrival order. */
function record<T>(client: Client, event: Events.MessageCreate | Events.InteractionCreate, pick: (value: never) => T): T[] {
  const seen: T[] = [];
  client.on(event, (value: unknown) => seen.push(pick(value as never)));
  return seen;
}

/** Resolves once `seen` holds `expected`; the fake sends each socket's dispatches in order, so it then holds everything sent before it too. */
function arrival<T>(client: Client, event: Events.MessageCreate | Events.InteractionCreate, seen: T[], expected: T): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (!seen.includes(expected)) return;
      client.off(event, check);
      resolve();
    };
    client.on(event, check);
    check();
  });
}

/** The close code a shard of the client was disconnected with for good. */
function disconnectCode(client: Client): Promise<number> {
  return new Promise((resolve) => client.once(Events.ShardDisconnect, (event) => resolve(event.code)));
}

/** A bare gateway client: IDENTIFY with `shard` (left out when undefined); resolves with READY's `d` or the close code. */
function identifyRaw(fake: FakeDiscord, shard: unknown): Promise<{ ready?: Record<string, unknown>; closeCode?: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    socket.on('error', reject);
    socket.on('close', (code) => resolve({ closeCode: code }));
    socket.on('message', (raw) => {
      const payload = JSON.parse(raw.toString()) as { op: number; t?: string; d?: Record<string, unknown> };
      if (payload.op === 10) {
        const identify = { token: fake.botToken, intents: 1, properties: { os: 'linux', browser: 'test', device: 'test' }, ...(shard === undefined ? {} : { shard }) };
        socket.send(JSON.stringify({ op: 2, d: identify }));
      } else if (payload.t === 'READY') {
        socket.removeAllListeners('close');
        socket.once('close', () => resolve({ ready: payload.d ?? {} }));
        socket.close(1000);
      }
    });
  });
}

/** `GET /gateway/bot` as the bot asks it. */
async function gatewayBot(fake: FakeDiscord): Promise<{ shards: number; session_start_limit: { total: number; remaining: number; max_concurrency: number } }> {
  const response = await fetch(`${fake.restUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${fake.botToken}` } });
  assert.equal(response.status, 200);
  return (await response.json()) as never;
}

describe('fake Discord sharding, with real discord.js clients', () => {
  it('gives each of two shard processes only its guilds, their messages and interactions, and DMs to shard 0 alone', async () => {
    await withFake({}, async (fake, clientFor) => {
      const seeded = fake.seedGuilds(4);
      const guildIds = [DEFAULT_IDS.guild, ...seeded.map((guild) => guild.guildId)];
      const expected = [0, 1].map((shard) => guildIds.filter((id) => fake.shardOf(id, 2) === shard).sort());
      assert.ok(expected.every((ids) => ids.length >= 2), 'seeded guilds split across both shards');
      const channelIn = (shard: number): string => {
        const guild = seeded.find((candidate) => fake.shardOf(candidate.guildId, 2) === shard);
        assert.ok(guild, `a seeded guild on shard ${shard}`);
        return guild.channelId;
      };
      const [channelOf0, channelOf1] = [channelIn(0), channelIn(1)];

      const clients = [clientFor({ shards: [0], shardCount: 2 }), clientFor({ shards: [1], shardCount: 2 })] as const;
      await Promise.all(clients.map((client) => loginAndWaitReady(client, fake)));
      clients.forEach((client, shard) => {
        assert.deepEqual([...client.guilds.cache.keys()].sort(), expected[shard], `shard ${shard}'s guilds`);
        assert.deepEqual([...client.ws.shards.keys()], [shard]);
      });
      assert.deepEqual(fake.gatewaySessions().map((session) => session.shard).sort(), [[0, 2], [1, 2]]);

      const messages = clients.map((client) => record(client, Events.MessageCreate, (message: { content: string }) => message.content));
      const dm = fake.dmChannel(DEFAULT_IDS.member).id;
      for (const [channelId, content] of [[channelOf0, 'in shard 0'], [channelOf1, 'in shard 1'], [dm, 'a DM'], [channelOf0, 'last of 0'], [channelOf1, 'last of 1']] as const) {
        fake.sendMessage({ channelId, content });
      }
      await Promise.all([arrival(clients[0], Events.MessageCreate, messages[0] ?? [], 'last of 0'), arrival(clients[1], Events.MessageCreate, messages[1] ?? [], 'last of 1')]);
      assert.deepEqual(messages, [['in shard 0', 'a DM', 'last of 0'], ['in shard 1', 'last of 1']]);

      const interactions = clients.map((client) => record(client, Events.InteractionCreate, (interaction: { id: string }) => interaction.id));
      const run = (channelId: string): string => fake.sendSlashCommand({ name: 'ping', channelId }).id;
      const [inShard0, inShard1, inDm, lastOf0, lastOf1] = [run(channelOf0), run(channelOf1), run(dm), run(channelOf0), run(channelOf1)];
      await Promise.all([arrival(clients[0], Events.InteractionCreate, interactions[0] ?? [], lastOf0), arrival(clients[1], Events.InteractionCreate, interactions[1] ?? [], lastOf1)]);
      assert.deepEqual(interactions, [[inShard0, inDm, lastOf0], [inShard1, lastOf1]]);
    });
  });

  it('lets two sessions of one shard both receive its events', async () => {
    await withFake({}, async (fake, clientFor) => {
      const clients = [clientFor({}), clientFor({})];
      await Promise.all(clients.map((client) => loginAndWaitReady(client, fake)));
      const received = clients.map((client) => new Promise<string>((resolve) => client.once(Events.MessageCreate, (message) => resolve(message.content))));
      fake.sendMessage({ channelId: DEFAULT_IDS.general, content: 'for everyone' });
      assert.deepEqual(await Promise.all(received), ['for everyone', 'for everyone']);
      assert.deepEqual(fake.gatewaySessions().map((session) => session.shard), [[0, 1], [0, 1]]);
    });
  });

  it("connects the shard count GET /gateway/bot recommends for shards: 'auto' (2,500 guilds → 3 shards)", async () => {
    // max_concurrency 3 lets the three shards identify at once; with 1, discord.js spaces them 5 s apart
    await withFake({ maxConcurrency: 3 }, async (fake, clientFor) => {
      fake.seedGuilds(2499);
      const before = await gatewayBot(fake);
      assert.equal(before.shards, 3);
      assert.deepEqual(before.session_start_limit, { total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: 3 });

      const client = await loginAndWaitReady(clientFor({ shards: 'auto' }), fake);
      assert.deepEqual([...client.ws.shards.keys()].sort(), [0, 1, 2]);
      assert.deepEqual(
        fake.gatewaySessions().map((session) => [...session.shard, session.connected]).sort(),
        [[0, 3, true], [1, 3, true], [2, 3, true]],
      );
      assert.equal(client.guilds.cache.size, 2500);
      const perShard = [0, 0, 0];
      for (const guild of client.guilds.cache.values()) {
        assert.equal(guild.shardId, fake.shardOf(guild.id, 3), `guild ${guild.id} came through its shard`);
        perShard[guild.shardId] = (perShard[guild.shardId] ?? 0) + 1;
      }
      assert.ok(Math.max(...perShard) - Math.min(...perShard) <= 1, `even shares: ${perShard.join(', ')}`);
      assert.equal((await gatewayBot(fake)).session_start_limit.remaining, 997, 'one session start per shard');
    });
  });

  it('recommends at least one shard, one per guildsPerRecommendedShard guilds', async () => {
    await withFake({ guildsPerRecommendedShard: 2 }, async (fake) => {
      assert.equal((await gatewayBot(fake)).shards, 1, 'one guild');
      fake.seedGuilds(4);
      assert.equal((await gatewayBot(fake)).shards, 3, 'five guilds');
      fake.seedForeignGuild();
      assert.equal((await gatewayBot(fake)).shards, 3, 'a guild without the bot does not count');
    });
  });

  it('closes with 4010 (Invalid shard) for a shard id not below the count, or a count below 1', async () => {
    await withFake({}, async (fake, clientFor) => {
      const client = clientFor({ shards: [2], shardCount: 2 });
      const disconnected = disconnectCode(client);
      await assert.rejects(client.login(fake.botToken), /invalid shard/i);
      assert.equal(await disconnected, GatewayCloseCodes.InvalidShard);
      for (const shard of [[0, 0], [-1, 2], [1], 'zero']) {
        assert.deepEqual(await identifyRaw(fake, shard), { closeCode: 4010 }, JSON.stringify(shard));
      }
      assert.equal(fake.gatewaySessions().length, 0);
      assert.equal((await gatewayBot(fake)).session_start_limit.remaining, 1000, 'a refused IDENTIFY starts no session');
    });
  });

  it('closes with 4011 (ShardingRequired) when one shard would hold more than maxGuildsPerShard guilds, and accepts the bot sharded', async () => {
    // max_concurrency 2: the sharded client's two shards identify at once instead of 5 s apart
    await withFake({ maxGuildsPerShard: 2, maxConcurrency: 2 }, async (fake, clientFor) => {
      fake.seedGuilds(2);
      const unsharded = clientFor({});
      const disconnected = disconnectCode(unsharded);
      const debug: string[] = [];
      unsharded.on(Events.Debug, (message) => debug.push(message));
      await assert.rejects(unsharded.login(fake.botToken), /sharding is required/i);
      assert.equal(await disconnected, GatewayCloseCodes.ShardingRequired);
      assert.ok(debug.some((message) => message.includes('Shard not recoverable: 4011 (ShardingRequired)')), 'discord.js names it ShardingRequired');
      assert.deepEqual(await identifyRaw(fake, undefined), { closeCode: 4011 }, 'IDENTIFY without shard is shard [0, 1]');

      const sharded = await loginAndWaitReady(clientFor({ shards: [0, 1], shardCount: 2 }), fake);
      assert.equal(sharded.guilds.cache.size, 3);
    });
  });

  it("sends READY with d.shard and only the shard's guilds, as unavailable guilds", async () => {
    await withFake({}, async (fake, clientFor) => {
      const seeded = fake.seedGuilds(3).map((guild) => guild.guildId);
      const all = [DEFAULT_IDS.guild, ...seeded];
      const client = clientFor({ shards: [1], shardCount: 2 });
      const ready = new Promise<Record<string, unknown>>((resolve) =>
        client.on(Events.Raw, (packet: { t?: string; d: Record<string, unknown> }) => {
          // a copy: discord.js then writes its own fields (shardId) into the packet
          if (packet.t === 'READY') resolve(structuredClone(packet.d));
        }),
      );
      await loginAndWaitReady(client, fake);
      const data = await ready;
      assert.deepEqual(data['shard'], [1, 2]);
      assert.deepEqual(data['guilds'], all.filter((id) => fake.shardOf(id, 2) === 1).map((id) => ({ id, unavailable: true })));

      const unsharded = await identifyRaw(fake, undefined);
      assert.deepEqual(unsharded.ready?.['shard'], [0, 1]);
      assert.deepEqual(unsharded.ready?.['guilds'], all.map((id) => ({ id, unavailable: true })));
      const third = await identifyRaw(fake, [2, 3]);
      assert.deepEqual(third.ready?.['shard'], [2, 3]);
      assert.deepEqual(third.ready?.['guilds'], all.filter((id) => fake.shardOf(id, 3) === 2).map((id) => ({ id, unavailable: true })));
    });
  });
});
