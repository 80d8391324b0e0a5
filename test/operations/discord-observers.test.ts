import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Client, Events, type TextChannel } from 'discord.js';
import { withWorld } from '../fake-discord/client-harness.ts';
import { DEFAULT_IDS } from '../fake-discord/seed.ts';
import { gatewaySamples, observeGateway, observeRest, rateLimitScopeOf, routeKindOf } from '../../src/operations/discord-observers.ts';
import { createBotMetrics, type BotMetrics } from '../../src/operations/metrics.ts';
import { checkReadiness } from '../../src/operations/readiness.ts';
import { systemClock } from '../../src/model/clock.ts';

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

async function counterValue(metrics: BotMetrics, name: 'discordWrites' | 'discordRateLimited', labels: Record<string, string>): Promise<number | undefined> {
  const { values } = await metrics[name].get();
  return values.find((value) => Object.entries(labels).every(([key, expected]) => (value.labels as Record<string, unknown>)[key] === expected))?.value;
}

async function gaugeValue(metrics: BotMetrics, name: 'gatewayReady' | 'gatewayStatus' | 'gatewayLatency', shard: string): Promise<number | undefined> {
  const { values } = await metrics[name].get();
  return values.find((value) => value.labels.shard === shard)?.value;
}

describe('REST responses, from a real discord.js client against the fake Discord', () => {
  test('GIVEN an unexpected 429 THEN every write response counts as a bot write, the 429 by its scope', async () => {
    // typing and sending share one bucket of 1: discord.js cannot know, so one of them gets a 429 and retries
    const shared = { name: 'channel-message-create', routes: ['POST /channels/:channelId/messages', 'POST /channels/:channelId/typing'], limit: 1, windowMs: 500 };
    await withWorld({ fake: { rateLimits: { buckets: [shared] } } }, async ({ fake, client }) => {
      const metrics = createBotMetrics({ processMetrics: false });
      const before = fake.requests.length;
      observeRest(client.rest, metrics);
      const channel = client.channels.cache.get(DEFAULT_IDS.general) as TextChannel;
      await Promise.all([channel.sendTyping(), channel.send('after the wait'), channel.messages.fetch({ limit: 5 })]);
      const made = fake.requests.slice(before);
      const writes = made.filter((request) => WRITE_METHODS.has(request.method));
      assert.equal(writes.length, 3, 'typing, the refused send and its retry');
      assert.ok(made.some((request) => request.method === 'GET'), 'a read was made too, and not counted');
      assert.equal(await counterValue(metrics, 'discordWrites', { route: 'bot' }), writes.length);
      assert.equal(await counterValue(metrics, 'discordWrites', { route: 'webhook' }), 0);
      assert.equal(fake.rateLimitCount, 1);
      assert.equal(await counterValue(metrics, 'discordRateLimited', { scope: 'user' }), 1);
      assert.equal(await counterValue(metrics, 'discordRateLimited', { scope: 'global' }), 0);
    });
  });

  test('GIVEN an interaction answered and edited THEN its callback and webhook edits count as webhook writes', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const metrics = createBotMetrics({ processMetrics: false });
      const stop = observeRest(client.rest, metrics);
      const answered = new Promise<void>((resolve, reject) => {
        client.on(Events.InteractionCreate, (interaction) => {
          if (!interaction.isChatInputCommand()) return;
          void (async () => {
            await interaction.deferReply();
            await interaction.editReply('first');
            await interaction.editReply('second');
          })().then(resolve, reject);
        });
      });
      const before = fake.requests.length;
      fake.sendSlashCommand({ name: 'ask', options: { prompt: 'hello' } });
      await answered;
      const webhookWrites = fake.requests.slice(before).filter((request) => WRITE_METHODS.has(request.method) && /^\/(interactions|webhooks)\//.test(request.path));
      assert.equal(webhookWrites.length, 3);
      assert.equal(await counterValue(metrics, 'discordWrites', { route: 'webhook' }), 3);
      assert.equal(await counterValue(metrics, 'discordWrites', { route: 'bot' }), 0);
      stop();
      await (client.channels.cache.get(DEFAULT_IDS.general) as TextChannel).send('not counted');
      assert.equal(await counterValue(metrics, 'discordWrites', { route: 'bot' }), 0, 'stopped counting');
    });
  });
});

describe('gateway shards, sampled on scrape', () => {
  test('GIVEN a ready client whose heartbeat was acknowledged THEN its shard is ready, status 0, with its latency', async () => {
    await withWorld({ fake: { heartbeatIntervalMs: 30 } }, async ({ client }) => {
      await new Promise<void>((resolve) => {
        const listener = (message: string): void => {
          if (!message.includes('Heartbeat acknowledged')) return;
          client.off(Events.Debug, listener);
          resolve();
        };
        client.on(Events.Debug, listener);
      });
      const metrics = createBotMetrics({ processMetrics: false });
      observeGateway(client, metrics);
      assert.equal(await gaugeValue(metrics, 'gatewayReady', '0'), 1);
      assert.equal(await gaugeValue(metrics, 'gatewayStatus', '0'), 0);
      const latency = await gaugeValue(metrics, 'gatewayLatency', '0');
      assert.ok(latency !== undefined && latency >= 0 && latency === client.ws.shards.get(0)!.ping / 1000);
      const report = await checkReadiness({ gateway: () => gatewaySamples(client), pingStore: async () => undefined, clock: systemClock });
      assert.deepEqual(report.shards, [{ shard: 0, gateway: 'ready', store: 'ok' }]);
    });
  });

  test('GIVEN a client not logged in THEN the shards it will run show, idle and not ready', async () => {
    const client = new Client({ intents: [], shards: [2, 5], shardCount: 6 });
    try {
      assert.deepEqual(gatewaySamples(client), [
        { shard: 2, status: 3, pingMs: -1 },
        { shard: 5, status: 3, pingMs: -1 },
      ]);
      const metrics = createBotMetrics({ processMetrics: false });
      observeGateway(client, metrics);
      assert.equal(await gaugeValue(metrics, 'gatewayReady', '5'), 0);
      assert.equal(await gaugeValue(metrics, 'gatewayLatency', '5'), undefined);
    } finally {
      await client.destroy();
    }
  });
});

test('GIVEN routes and 429 scopes THEN writes go to their budget and scopes to their label', () => {
  assert.equal(routeKindOf('/interactions/1100000000000000901/token/callback'), 'webhook');
  assert.equal(routeKindOf('/webhooks/1100000000000000001/token/messages/@original'), 'webhook');
  assert.equal(routeKindOf('/channels/1100000000000000201/messages'), 'bot');
  assert.equal(rateLimitScopeOf('shared'), 'shared');
  assert.equal(rateLimitScopeOf('Global'), 'global');
  assert.equal(rateLimitScopeOf(null), 'unknown', 'a 429 without the header: Cloudflare, not the API');
  assert.equal(rateLimitScopeOf('planet'), 'unknown');
});
