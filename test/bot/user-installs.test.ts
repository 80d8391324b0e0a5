import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FakeInteraction, SeededGuild, StoredMessage } from '../fake-discord/index.ts';
import { latestVersion } from '../fake-discord/index.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { buttonsOf, STOP } from './controls.ts';

const marker = '▌';
// long enough (50 s at 20 tokens/s) that nothing but the Stop button ends it within a test
const longAnswer = { text: 'one two three four five six seven eight nine ten ', repeat: 100, ratePerSecond: 20 };
// the interaction routes of Discord's webhook bucket, roomier so that six messages do not wait out 5 per 2 s
const roomyWebhooks = {
  buckets: [
    {
      name: 'webhook',
      routes: ['POST /webhooks/:applicationId/:token', 'GET /webhooks/:applicationId/:token/messages/:messageId', 'PATCH /webhooks/:applicationId/:token/messages/:messageId', 'DELETE /webhooks/:applicationId/:token/messages/:messageId'],
      limit: 50,
      windowMs: 2000,
    },
  ],
};

describe('user installs: /ask and "Ask Cordial" where the bot is not a member, end to end', () => {
  let world: World;
  let club: SeededGuild;
  before(async () => {
    world = await startWorld({ discord: { rateLimits: roomyWebhooks } });
    club = world.discord.seedForeignGuild({ name: 'Book Club', channels: ['books'], members: [{ username: 'reader' }, { username: 'writer' }, { username: 'busy' }] });
  });
  after(async () => {
    await world?.close();
  });

  const books = () => club.channels['books']!;
  const reader = () => club.members['reader']!.id;
  const lastMessages = () => world.upstream.chatMessages();
  /** Every message of the interaction's answer, in order. */
  const answerOf = (handle: FakeInteraction): StoredMessage[] => [handle.originalMessage(), ...handle.followUps()].filter((message) => message !== undefined);
  /** The bot's REST requests since `since` that name the foreign server or its channel: there must be none. */
  const requestsThere = (since: number) =>
    world.discord.requests.slice(since).filter((request) => request.path.includes(books().id) || request.path.includes(club.guild.id)).map((request) => `${request.method} ${request.path} → ${request.status}`);

  it('answers /ask in a server without the bot through the interaction only: streamed, at most 5 messages and a private note why no thread follows, never a bot-token call there', async () => {
    const since = world.discord.requests.length;
    const paragraph = 'A sentence long enough to fill a Discord message when it is said many, many times. '.repeat(20);
    const answer = Array.from({ length: 9 }, (_, index) => `${index + 1}. ${paragraph}`).join('\n\n');
    world.upstream.enqueue({ text: answer, ratePerSecond: 4000 });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Write a long review' }, channelId: books().id, user: reader(), install: 'user' });
    const note = await world.discord.waitFor(() => answerOf(ask).find((message) => contentOf(message).includes('I am not a member of this server')));
    assert.equal(latestVersion(note).flags & 64, 64, 'the note is private');
    const messages = answerOf(ask).filter((message) => message !== note);
    assert.equal(messages.length, 5, 'the answer keeps one of the 5 follow-ups Discord allows here for the note');
    assert.equal(ask.onlyUserInstalled, true);
    assert.equal(ask.ephemeral, false);
    for (const message of messages) assert.ok(contentOf(message).length <= 2000);
    assert.match(contentOf(messages.at(-1)!), /-# ✂️ Answer cut for length: it would have needed more than 5 messages\.$/);
    assert.ok(answer.startsWith(messages.slice(0, -1).map(contentOf).join('')), 'the messages before the last are the answer’s start, exactly');
    assert.ok(messages[0]!.versions.some((version) => version.content.endsWith(marker)), 'it streamed');
    assert.deepEqual(world.discord.requests.slice(since).filter((request) => request.status >= 400).map((request) => `${request.route} ${request.status}`), [], 'no 6th follow-up was tried (40094)');
    assert.deepEqual(world.discord.threadsOf(books().id), []);
    assert.deepEqual(requestsThere(since), []);
    assert.deepEqual(lastMessages().at(-1), { role: 'user', content: 'Write a long review' });
  });

  it('answers "Ask Cordial" there through the interaction: the target’s text reaches the model, nothing is read or written in the channel', async () => {
    const target = world.discord.sendMessage({ channelId: books().id, author: club.members['writer']!.id, content: 'Chapter 3 was far too long.' });
    const since = world.discord.requests.length;
    world.upstream.enqueue({ text: 'It was, but it sets up the ending.', ratePerSecond: 100 });
    const command = world.discord.sendMessageCommand({ name: 'Ask Cordial', targetMessageId: target.id, user: reader(), install: 'user' });
    await world.discord.waitFor(() => command.modal);
    const submission = world.discord.submitModal({ from: command, values: { question: 'Was it?' } });
    const reply = await waitForReply(world, submission.id, (content) => content === 'It was, but it sets up the ending.');
    assert.equal(submission.ephemeral, false, 'a public answer, in the interaction’s own reply');
    assert.equal(reply.channelId, books().id);
    assert.ok(reply.versions.some((version) => version.content.endsWith(marker)), 'it streamed');
    assert.deepEqual(lastMessages().at(-1), { role: 'user', content: 'A message by writer:\n> Chapter 3 was far too long.\n\nQuestion from reader about that message:\nWas it?' });
    assert.deepEqual(world.discord.threadsOf(books().id), []);
    assert.deepEqual(requestsThere(since), []);
  });

  it('answers "Ask Cordial" in a group DM (a private channel) privately when asked to', async () => {
    const users = world.discord.defaults.users;
    const group = world.discord.createPrivateChannel({ recipients: [users.member.id, users.admin.id, users.owner.id], name: 'Trip' });
    const target = world.discord.sendMessage({ channelId: group.id, author: users.admin.id, content: 'Train or plane?' });
    const since = world.discord.requests.length;
    world.upstream.enqueue({ text: 'Train: it is greener.' });
    const command = world.discord.sendMessageCommand({ name: 'Ask Cordial', targetMessageId: target.id, user: users.member.id, install: 'user' });
    await world.discord.waitFor(() => command.modal);
    const submission = world.discord.submitModal({ from: command, values: { question: 'Which is better?', private: true } });
    await waitForReply(world, submission.id, (content) => content === 'Train: it is greener.');
    assert.equal(submission.context, 2);
    assert.equal(submission.ephemeral, true);
    assert.match(JSON.stringify(lastMessages().at(-1)), /A message by Ada Admin:\\n> Train or plane\?/);
    assert.deepEqual(world.discord.requests.slice(since).filter((request) => request.path.includes(group.id)), []);
  });

  it('holds a user install to the per-person quota; Stop works there too', async () => {
    const busy = club.members['busy']!.id;
    const asks: FakeInteraction[] = [];
    for (const prompt of ['Count once', 'Count twice']) {
      world.upstream.enqueue(longAnswer);
      const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt }, channelId: books().id, user: busy, install: 'user' });
      await waitForReply(world, ask.id, (content) => content.startsWith('one two'));
      asks.push(ask);
    }
    const third = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Count thrice' }, channelId: books().id, user: busy, install: 'user' });
    await world.discord.waitForInteractionResponse(third);
    assert.equal(third.ephemeral, true);
    assert.match(contentOf(third.originalMessage()!), /^You already have 2 answers being written\./);

    for (const ask of asks) {
      const reply = ask.originalMessage()!;
      assert.deepEqual(buttonsOf(reply).map((button) => button.customId), [STOP]);
      const click = world.discord.clickButton({ messageId: reply.id, customId: STOP, user: busy, channelId: books().id });
      await world.discord.waitForInteractionResponse(click);
      await world.discord.waitForMessage({ where: (message) => message.id === reply.id && contentOf(message).includes('Stopped by busy') });
    }
  });
});
