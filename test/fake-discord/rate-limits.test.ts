import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESTEvents, type RateLimitData, type TextChannel } from 'discord.js';
import { withWorld } from './client-harness.ts';
import { DEFAULT_IDS } from './seed.ts';
import { RateLimiter, bucketHash } from './rate-limiter.ts';

const CHANNEL_PARAMS = { channelId: DEFAULT_IDS.general };

describe('rate limiter', () => {
  it('counts per bucket and major parameter, with Discord’s headers', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ buckets: [{ name: 'channel-message-create', routes: ['POST /channels/:channelId/messages'], limit: 2, windowMs: 500 }] }, () => now);
    const first = limiter.consume('POST /channels/:channelId/messages', CHANNEL_PARAMS);
    assert.deepEqual(first.headers, {
      'X-RateLimit-Limit': '2',
      'X-RateLimit-Remaining': '1',
      'X-RateLimit-Reset': '1000.500',
      'X-RateLimit-Reset-After': '0.500',
      'X-RateLimit-Bucket': bucketHash('channel-message-create'),
    });
    now += 100;
    assert.equal(limiter.consume('POST /channels/:channelId/messages', CHANNEL_PARAMS).allowed, true);
    assert.equal(limiter.consume('POST /channels/:channelId/messages', { channelId: DEFAULT_IDS.random }).allowed, true, 'another channel, another bucket');
    const refused = limiter.consume('POST /channels/:channelId/messages', CHANNEL_PARAMS);
    assert.equal(refused.allowed, false);
    assert.deepEqual(refused.body, { message: 'You are being rate limited.', retry_after: 0.4, global: false });
    assert.equal(refused.headers['Retry-After'], '1');
    assert.equal(refused.headers['X-RateLimit-Scope'], 'user');
    assert.equal(refused.headers['X-RateLimit-Remaining'], '0');
    assert.equal(refused.headers['X-RateLimit-Global'], undefined);
    now += 400;
    assert.equal(limiter.consume('POST /channels/:channelId/messages', CHANNEL_PARAMS).allowed, true, 'a new window');
  });

  it('applies the global limit to everything but interaction callbacks', () => {
    const now = 5_000;
    const limiter = new RateLimiter({ global: { limit: 2, windowMs: 1000 } }, () => now);
    limiter.consume('GET /users/@me', {});
    limiter.consume('GET /channels/:channelId', CHANNEL_PARAMS);
    const refused = limiter.consume('GET /users/@me', {});
    assert.equal(refused.allowed, false);
    assert.equal(refused.global, true);
    assert.equal(refused.headers['X-RateLimit-Global'], 'true');
    assert.equal(refused.headers['X-RateLimit-Scope'], 'global');
    assert.deepEqual(refused.body, { message: 'You are being rate limited.', retry_after: 1, global: true });
    const callback = limiter.consume('POST /interactions/:interactionId/:token/callback', { interactionId: '1', token: 't' });
    assert.equal(callback.allowed, true);
    const followUpEdit = limiter.consume('PATCH /webhooks/:applicationId/:token/messages/:messageId', { applicationId: '1', token: 't', messageId: '2' }, { countsGlobally: false });
    assert.equal(followUpEdit.allowed, true, 'a request without the bot token is not the bot’s to count');
  });
});

describe('rate limits, with a real discord.js client', () => {
  it('sends X-RateLimit headers that discord.js follows without ever hitting a 429', async () => {
    await withWorld(
      { fake: { rateLimits: { buckets: [{ name: 'webhook', routes: ['PATCH /webhooks/:applicationId/:token/messages/:messageId'], limit: 2, windowMs: 150 }] } } },
      async ({ fake, client }) => {
        const waits: RateLimitData[] = [];
        client.rest.on(RESTEvents.RateLimited, (data) => waits.push(data));
        const edits = ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef'];
        const done = new Promise<void>((resolve, reject) => {
          client.on('interactionCreate', (interaction) => {
            if (!interaction.isChatInputCommand()) return;
            void (async () => {
              await interaction.deferReply();
              // all at once, as a careless streamer would: discord.js queues them per bucket
              await Promise.all(edits.map((content) => interaction.editReply(content)));
            })().then(resolve, reject);
          });
        });
        const handle = fake.sendSlashCommand({ name: 'ask', options: { prompt: 'stream' } });
        await done;
        assert.equal(fake.rateLimitCount, 0);
        assert.ok(waits.length >= 2, 'discord.js waited on the bucket');
        assert.deepEqual(handle.originalMessage()?.versions.slice(1).map((version) => version.content), edits);
        for (const request of fake.requests.filter((entry) => entry.route !== null)) {
          assert.ok(request.responseHeaders['X-RateLimit-Bucket'], `${request.method} ${request.route} carries rate-limit headers`);
        }
      },
    );
  });

  it('answers an unexpected 429 that discord.js waits out and retries, and counts it', async () => {
    // typing and sending share one small bucket: two requests discord.js cannot know collide
    const shared = { name: 'channel-message-create', routes: ['POST /channels/:channelId/messages', 'POST /channels/:channelId/typing'], limit: 1, windowMs: 500 };
    await withWorld({ fake: { rateLimits: { buckets: [shared] } } }, async ({ fake, client }) => {
      const channel = client.channels.cache.get(DEFAULT_IDS.general) as TextChannel;
      const startedAt = Date.now();
      const [, sent] = await Promise.all([channel.sendTyping(), channel.send('after the wait')]);
      assert.equal(fake.rateLimitCount, 1);
      const refused = fake.requests.find((request) => request.status === 429);
      assert.ok(refused);
      assert.deepEqual(Object.keys(refused.responseBody as object).sort(), ['global', 'message', 'retry_after']);
      assert.equal(refused.responseHeaders['X-RateLimit-Scope'], 'user');
      assert.ok(Number(refused.responseHeaders['Retry-After']) >= 1);
      const retried = fake.requests.filter((request) => request.route === refused.route);
      assert.deepEqual(retried.map((request) => request.status).slice(-2), [429, refused.route?.endsWith('typing') ? 204 : 200]);
      assert.ok(retried.at(-1)!.realAt - startedAt >= 400, 'the retry waited for the window to reset');
      assert.equal(fake.messagesIn(DEFAULT_IDS.general).map((message) => message.id)[0], sent.id);
    });
  });

  it('refuses with a global 429 but lets interaction callbacks through', async () => {
    await withWorld({ fake: { rateLimits: { global: { limit: 3, windowMs: 60_000 } } } }, async ({ fake, client }) => {
      const headers = { Authorization: `Bot ${fake.botToken}` };
      // login already used one request (GET /gateway/bot)
      await fetch(`${fake.restUrl}/v10/users/@me`, { headers });
      await fetch(`${fake.restUrl}/v10/users/@me`, { headers });
      const refused = await fetch(`${fake.restUrl}/v10/users/@me`, { headers });
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('x-ratelimit-global'), 'true');
      assert.equal(refused.headers.get('x-ratelimit-scope'), 'global');
      assert.equal(refused.headers.get('retry-after'), '60');
      const body = (await refused.json()) as { global: boolean; retry_after: number };
      assert.equal(body.global, true);
      assert.ok(body.retry_after > 59 && body.retry_after <= 60);
      const deferred = new Promise<void>((resolve, reject) => {
        client.on('interactionCreate', (interaction) => {
          if (interaction.isChatInputCommand()) interaction.deferReply().then(() => resolve(), reject);
        });
      });
      fake.sendSlashCommand({ name: 'ask', options: { prompt: 'still works' } });
      await deferred;
      assert.equal(fake.rateLimitCount, 1);
    });
  });
});
