import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChannelType, DiscordAPIError, Events, MessageType, type Message, type TextChannel, type ThreadChannel } from 'discord.js';
import { withWorld } from './client-harness.ts';
import { MessageKind } from './constants.ts';
import { DEFAULT_IDS } from './seed.ts';
import { latestVersion } from './state.ts';

/** Resolves with the error a promise rejects with (fails if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => assert.fail('expected a rejection'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof DiscordAPIError, `expected a DiscordAPIError, got ${String(error)}`);
  return error;
}

function general(client: import('discord.js').Client): TextChannel {
  const channel = client.channels.cache.get(DEFAULT_IDS.general);
  assert.ok(channel?.type === ChannelType.GuildText);
  return channel;
}

describe('fake Discord messages and threads, with a real discord.js client', () => {
  it('opens a thread on a reply, delivers a user message in it, and pages 250+ messages of history', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const replied = new Promise<Message>((resolve) => {
        client.on(Events.InteractionCreate, async (interaction) => {
          if (!interaction.isChatInputCommand()) return;
          await interaction.deferReply();
          resolve(await interaction.editReply('The answer.'));
        });
      });
      const threadCreated = new Promise<ThreadChannel>((resolve) => client.once(Events.ThreadCreate, (thread, newlyCreated) => newlyCreated && resolve(thread)));
      const handle = fake.sendSlashCommand({ name: 'ask', options: { prompt: 'question' } });
      const reply = await replied;
      const thread = await reply.startThread({ name: 'Why is the sky blue?'.padEnd(100, '.') });
      assert.equal(thread.id, reply.id, 'a thread started from a message takes its id');
      assert.equal((await threadCreated).id, thread.id);
      assert.equal(fake.channel(thread.id).thread?.starterMessageId, handle.originalMessageId);
      assert.equal(await fake.waitForThread({ parentId: DEFAULT_IDS.general }).then((found) => found.name?.length), 100);
      const starter = await thread.fetchStarterMessage();
      assert.equal(starter?.content, 'The answer.');

      const inThread = new Promise<Message>((resolve) => client.on(Events.MessageCreate, (message) => message.channelId === thread.id && resolve(message)));
      fake.sendMessage({ channelId: thread.id, content: 'and at sunset?' });
      const received = await inThread;
      assert.equal(received.content, 'and at sunset?');
      assert.equal(received.author.id, DEFAULT_IDS.member);
      assert.equal(received.channel.isThread(), true);

      for (let index = 0; index < 250; index += 1) {
        fake.sendMessage({ channelId: thread.id, content: `message ${index}`, author: index % 2 ? DEFAULT_IDS.admin : DEFAULT_IDS.member });
      }
      const fetched: Message[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await thread.messages.fetch({ limit: 100, ...(before ? { before } : {}) });
        fetched.push(...page.values());
        if (page.size < 100) break;
        before = page.last()?.id;
      }
      const stored = fake.messagesIn(thread.id);
      assert.equal(fetched.length, stored.length);
      assert.deepEqual(fetched.map((message) => message.id), stored.map((message) => message.id).reverse());
      assert.equal(fetched.at(-1)?.type, MessageType.ThreadStarterMessage, 'the oldest message is the starter system message');
      assert.equal(stored[0]?.type, MessageKind.ThreadStarterMessage);
      assert.equal(fetched[0]?.content, 'message 249');
      const pages = fake.requests.filter((request) => request.route === 'GET /channels/:channelId/messages');
      assert.deepEqual(pages.map((request) => request.query['limit']), ['100', '100', '100']);
    });
  });

  it('refuses 2001 characters with 50035 in Discord’s error shape, and empty messages with 50006', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const tooLong = await rejection(general(client).send('x'.repeat(2001)));
      assert.equal(tooLong.code, 50035);
      assert.equal(tooLong.status, 400);
      assert.deepEqual(tooLong.rawError, {
        code: 50035,
        message: 'Invalid Form Body',
        errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } },
      });
      const sent = await general(client).send('x'.repeat(2000));
      assert.equal(latestVersion(fake.message(sent.id)).content.length, 2000);
      const editTooLong = await rejection(sent.edit('y'.repeat(2001)));
      assert.equal(editTooLong.code, 50035);
      const empty = await rejection(sent.edit({ content: '' }));
      assert.equal(empty.code, 50006);
      const bigEmbed = await rejection(general(client).send({ embeds: [{ description: 'z'.repeat(4097) }] }));
      assert.match(bigEmbed.message, /embeds\[0\]\.description\[BASE_TYPE_MAX_LENGTH\]/);
      assert.equal(fake.messagesIn(DEFAULT_IDS.general).length, 1);
    });
  });

  it('answers unknown message, unknown channel, missing permissions and archived/locked threads like Discord', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const channel = general(client);
      const sent = await channel.send('to be deleted');
      await sent.delete();
      assert.equal((await rejection(channel.messages.fetch({ message: sent.id, force: true }))).code, 10008);
      assert.equal(fake.message(sent.id).deleted, true);
      assert.equal((await rejection(client.rest.get('/channels/1100000000000009999'))).code, 10003);

      const random = client.channels.cache.get(DEFAULT_IDS.random) as TextChannel;
      const channelUpdated = new Promise((resolve) => client.once(Events.ChannelUpdate, resolve));
      fake.denyPermission(DEFAULT_IDS.random, 'SendMessages');
      await channelUpdated;
      assert.equal(random.permissionsFor(client.user)?.has('SendMessages'), false);
      const denied = await rejection(random.send('hello?'));
      assert.equal(denied.code, 50013);
      assert.equal(denied.status, 403);
      fake.allowPermission(DEFAULT_IDS.random, 'SendMessages');
      await random.send('hello again');

      const starter = await channel.send('thread starter');
      const thread = await starter.startThread({ name: 'talk' });
      const inThread = await thread.send('first answer');
      const threadUpdated = new Promise((resolve) => client.once(Events.ThreadUpdate, resolve));
      fake.setThreadState(thread.id, { archived: true });
      await threadUpdated;
      assert.equal(thread.archived, true);
      assert.equal((await rejection(inThread.edit('edited'))).code, 50083);
      await thread.send('posting unarchives');
      assert.equal(fake.channel(thread.id).thread?.archived, false);
      fake.setThreadState(thread.id, { locked: true });
      assert.equal((await rejection(thread.send('locked?'))).code, 160005);
      assert.equal((await rejection(starter.startThread({ name: 'again' }))).code, 160004);
      const badName = await rejection(channel.send('another').then((message) => message.startThread({ name: '' })));
      assert.equal(badName.code, 50035);
    });
  });

  it('records allowed_mentions per version and who would have been pinged', async () => {
    await withWorld({ client: { allowedMentions: undefined } }, async ({ fake, client }) => {
      const mention = `<@${DEFAULT_IDS.member}> look`;
      const pinging = await general(client).send(mention);
      const silent = await general(client).send({ content: mention, allowedMentions: { parse: [] } });
      await silent.edit({ content: `${mention} again`, allowedMentions: { parse: [] } });
      assert.deepEqual(latestVersion(fake.message(pinging.id)).mentions.userIds, [DEFAULT_IDS.member]);
      assert.equal(fake.message(pinging.id).versions[0]?.allowedMentions, null);
      for (const version of fake.message(silent.id).versions) {
        assert.deepEqual(version.allowedMentions, { parse: [] });
        assert.deepEqual(version.mentions.userIds, []);
      }
    });
  });

  it('delivers DMs and lets the bot answer in them', async () => {
    await withWorld({}, async ({ fake, client }) => {
      client.on(Events.MessageCreate, async (message) => {
        if (message.author.bot || message.channel.type !== ChannelType.DM) return;
        await message.channel.sendTyping();
        await message.reply({ content: `you said: ${message.content}`, allowedMentions: { parse: [] } });
      });
      const dm = fake.dmChannel(DEFAULT_IDS.admin);
      const question = fake.sendMessage({ channelId: dm.id, content: 'hi bot' });
      const answer = await fake.waitForMessage({ channelId: dm.id, authorId: DEFAULT_IDS.bot });
      assert.equal(latestVersion(answer).content, 'you said: hi bot');
      assert.equal(answer.reference?.messageId, question.id);
      assert.ok(fake.requests.some((request) => request.route === 'POST /channels/:channelId/typing' && request.status === 204));
    });
  });

  it('dispatches THREAD_CREATE for threads people start, and creates standalone threads for the bot', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const created: ThreadChannel[] = [];
      client.on(Events.ThreadCreate, (thread) => created.push(thread));
      const question = fake.sendMessage({ channelId: DEFAULT_IDS.general, content: 'can we talk in a thread?' });
      const threadCreated = new Promise<ThreadChannel>((resolve) => client.once(Events.ThreadCreate, resolve));
      const byPerson = fake.startThread({ channelId: DEFAULT_IDS.general, messageId: question.id, name: 'talk', owner: DEFAULT_IDS.admin });
      assert.equal((await threadCreated).ownerId, DEFAULT_IDS.admin);
      assert.equal(byPerson.id, question.id);

      const standalone = await general(client).threads.create({ name: 'notes' });
      assert.equal(standalone.type, ChannelType.PublicThread);
      assert.equal(fake.channel(standalone.id).thread?.starterMessageId, null);
      assert.deepEqual(fake.threadsOf(DEFAULT_IDS.general).map((thread) => thread.name), ['talk', 'notes']);
      assert.deepEqual(created.map((thread) => thread.name), ['talk', 'notes']);
    });
  });

  it('requires the bot token on bot routes (401) but not on interaction webhooks', async () => {
    await withWorld({}, async ({ fake }) => {
      const anonymous = await fetch(`${fake.restUrl}/v10/channels/${DEFAULT_IDS.general}/messages`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      assert.equal(anonymous.status, 401);
      assert.deepEqual(await anonymous.json(), { code: 0, message: '401: Unauthorized' });
      const wrong = await fetch(`${fake.restUrl}/v10/users/@me`, { headers: { Authorization: 'Bot nope' } });
      assert.equal(wrong.status, 401);
      const unknownToken = await fetch(`${fake.restUrl}/v10/webhooks/${fake.applicationId}/not-a-token/messages/%40original`);
      assert.equal(unknownToken.status, 401);
      assert.equal(((await unknownToken.json()) as { code: number }).code, 50027);
    });
  });
});
