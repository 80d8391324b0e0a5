import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChannelType, DiscordAPIError, Events, GatewayIntentBits, MessageType, Partials, type Client, type Message, type TextChannel } from 'discord.js';
import { withWorld } from './client-harness.ts';
import { MessageKind } from './constants.ts';
import { DEFAULT_IDS } from './seed.ts';
import { latestVersion } from './state.ts';

function general(client: Client): TextChannel {
  const channel = client.channels.cache.get(DEFAULT_IDS.general);
  assert.ok(channel?.type === ChannelType.GuildText);
  return channel;
}

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

/** The raw JSON of a REST GET, as Discord answered it. */
async function rawGet(client: Client, route: `/${string}`): Promise<Record<string, unknown>> {
  return (await client.rest.get(route)) as Record<string, unknown>;
}

describe('fake Discord replies, with a real discord.js client', () => {
  it('stores the bot’s reply as type 19 with its reference, and answers with the referenced message', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const question = fake.sendMessage({ channelId: DEFAULT_IDS.general, content: 'what is a snowflake?' });
      const received = await general(client).messages.fetch(question.id);
      const reply = await received.reply({ content: 'An id with a time in it.', allowedMentions: { parse: [], repliedUser: true } });
      assert.equal(reply.type, MessageType.Reply);
      assert.equal(reply.reference?.messageId, question.id);
      const stored = fake.message(reply.id);
      assert.equal(stored.type, MessageKind.Reply);
      assert.deepEqual(stored.reference, { messageId: question.id, channelId: DEFAULT_IDS.general, guildId: DEFAULT_IDS.guild });
      assert.deepEqual(latestVersion(stored).mentions.userIds, [DEFAULT_IDS.member], 'replied_user: true pings the author');
      const answer = fake.requests.find((request) => request.route === 'POST /channels/:channelId/messages')?.responseBody as Record<string, unknown>;
      assert.deepEqual(answer['message_reference'], { type: 0, message_id: question.id, channel_id: DEFAULT_IDS.general, guild_id: DEFAULT_IDS.guild });
      assert.equal((answer['referenced_message'] as { content: string }).content, 'what is a snowflake?');
      assert.equal((answer['referenced_message'] as { referenced_message?: unknown }).referenced_message, undefined, 'one level deep');
    });
  });

  it('pings the replied author only as allowed_mentions say: not with them unless replied_user, always without them', async () => {
    await withWorld({ client: { allowedMentions: undefined } }, async ({ fake, client }) => {
      const question = fake.sendMessage({ channelId: DEFAULT_IDS.general, content: 'ping me?' });
      const received = await general(client).messages.fetch(question.id);
      const silent = await received.reply({ content: 'quietly', allowedMentions: { parse: [] } });
      const loud = await received.reply({ content: 'loudly' });
      assert.deepEqual(latestVersion(fake.message(silent.id)).mentions.userIds, []);
      assert.deepEqual(fake.message(loud.id).versions[0]?.allowedMentions, null);
      assert.deepEqual(latestVersion(fake.message(loud.id)).mentions.userIds, [DEFAULT_IDS.member]);
      // an edit is judged by its own allowed_mentions
      await loud.edit({ content: 'loudly, edited', allowedMentions: { parse: [], repliedUser: false } });
      assert.deepEqual(latestVersion(fake.message(loud.id)).mentions.userIds, []);
    });
  });

  it('refuses a reply to an unknown message with 50035 unless fail_if_not_exists is false, which sends a plain message', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const missing = '1100000000000009999';
      const error = await general(client)
        .send({ content: 'to nothing', reply: { messageReference: missing } })
        .then(() => assert.fail('expected 50035'), (caught: unknown) => caught);
      assert.ok(error instanceof DiscordAPIError);
      assert.equal(error.code, 50035);
      assert.deepEqual((error.rawError as { errors: unknown }).errors, {
        message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }] },
      });
      const plain = await general(client).send({ content: 'to nothing, kindly', reply: { messageReference: missing, failIfNotExists: false } });
      assert.equal(plain.type, MessageType.Default);
      assert.equal(fake.message(plain.id).reference, null);
    });
  });

  it('delivers a person’s reply with its referenced message, pinging the bot it answers, and GET serves both', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const answer = await general(client).send('The sky is blue.');
      const incoming = nextMessage(client);
      const followUp = fake.sendMessage({ channelId: DEFAULT_IDS.general, content: 'why?', replyTo: answer.id });
      const received = await incoming;
      assert.equal(received.type, MessageType.Reply);
      assert.equal(received.reference?.messageId, answer.id);
      assert.equal(received.mentions.repliedUser?.id, DEFAULT_IDS.bot);
      assert.equal((await received.fetchReference()).content, 'The sky is blue.');
      assert.deepEqual(latestVersion(followUp).mentions.userIds, [DEFAULT_IDS.bot]);
      const quiet = fake.sendMessage({ channelId: DEFAULT_IDS.general, content: 'no ping', replyTo: answer.id, pingRepliedUser: false });
      assert.deepEqual(latestVersion(quiet).mentions.userIds, []);

      const fetched = await rawGet(client, `/channels/${DEFAULT_IDS.general}/messages/${followUp.id}`);
      assert.equal(fetched['type'], MessageKind.Reply);
      assert.equal((fetched['referenced_message'] as { id: string }).id, answer.id);
      await answer.delete();
      const afterDelete = await rawGet(client, `/channels/${DEFAULT_IDS.general}/messages/${followUp.id}`);
      assert.equal(afterDelete['referenced_message'], null, 'null once the referenced message is deleted');
      const unknown = await rawGet(client, `/channels/${DEFAULT_IDS.general}/messages/1100000000000009999`).then(
        () => assert.fail('expected 10008'),
        (caught: unknown) => caught,
      );
      assert.ok(unknown instanceof DiscordAPIError && unknown.code === 10008 && unknown.status === 404);
    });
  });

  it('without the Message Content intent blanks a reply’s referenced message by the same rule as the reply', async () => {
    await withWorld(
      {
        fake: { messageContentIntent: false },
        client: { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages], partials: [Partials.Channel] },
      },
      async ({ fake, client }) => {
        const remark = fake.sendMessage({ channelId: DEFAULT_IDS.general, content: 'a remark to nobody', author: DEFAULT_IDS.admin });
        const dispatched = new Promise<{ content: string; referenced_message: { id: string; content: string } }>((resolve) => {
          client.on(Events.Raw, (packet: { t?: string; d?: { id?: string } }) => {
            if (packet.t === 'MESSAGE_CREATE' && packet.d?.id !== remark.id) resolve(packet.d as never);
          });
        });
        const incoming = nextMessage(client, (message) => message.id !== remark.id);
        const mention = fake.sendMessage({ channelId: DEFAULT_IDS.general, content: `<@${DEFAULT_IDS.bot}> what do you make of it?`, replyTo: remark.id });
        const received = await incoming;
        assert.equal(received.content, `<@${DEFAULT_IDS.bot}> what do you make of it?`, 'a mention is readable');
        const raw = await dispatched;
        assert.equal(raw.referenced_message.id, remark.id);
        assert.equal(raw.referenced_message.content, '', 'the message it answers is not');
        const fetched = await rawGet(client, `/channels/${DEFAULT_IDS.general}/messages/${mention.id}`);
        assert.equal(fetched['content'], `<@${DEFAULT_IDS.bot}> what do you make of it?`);
        assert.equal((fetched['referenced_message'] as { content: string }).content, '');
      },
    );
  });
});
