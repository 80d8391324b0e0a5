import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FakeChannel, StoredMessage } from '../fake-discord/index.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';

type SentMessages = Array<{ role: string; content: string }>;

describe('/settings threads: a busy thread can answer only mentions and replies, end to end', () => {
  let world: World;
  let thread: FakeChannel;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  const bot = () => world.discord.bot.id;
  const admin = () => world.discord.defaults.users.admin.id;
  const chatRequests = () => world.upstream.requestsTo('POST', '/v1/chat/completions');
  const lastChat = () => chatRequests().at(-1)?.parsedBody as { messages: SentMessages };
  const answerAfter = (sent: StoredMessage, text: string) =>
    world.discord.waitForMessage({ channelId: thread.id, authorId: bot(), where: (message) => message.createdAt >= sent.createdAt && message.id > sent.id && contentOf(message) === text });

  async function setThreadReplies(answer: 'every-message' | 'mentions', user = admin()): Promise<string> {
    const interaction = world.discord.sendSlashCommand({ name: 'settings', subcommand: 'threads', user, options: { answer } });
    const answered = await world.discord.waitForInteractionResponse(interaction);
    assert.equal(answered.ephemeral, true);
    return contentOf(answered.originalMessage()!);
  }

  /** Sends a thread message the bot must not answer: a private /ask round trip after it is the only model request. */
  async function assertNotAnswered(content: string): Promise<void> {
    const chatsBefore = chatRequests().length;
    const ignored = world.discord.sendMessage({ channelId: thread.id, content });
    world.upstream.enqueue({ text: 'Round trip.' });
    const roundTrip = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Round trip', private: true } });
    await waitForReply(world, roundTrip.id, (text) => text === 'Round trip.');
    assert.equal(chatRequests().length - chatsBefore, 1, 'only the /ask asked a model');
    assert.equal(world.discord.messagesIn(thread.id).some((message) => message.authorId === bot() && message.id > ignored.id), false, 'no answer in the thread');
  }

  it('needs Manage Server: a member is told so privately, and nothing changes', async () => {
    assert.match(await setThreadReplies('mentions', world.discord.defaults.users.member.id), /Manage Server/);
    world.upstream.enqueue({ text: 'Opened.' });
    world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'A busy room' } });
    thread = await world.discord.waitForThread({ name: 'A busy room' });
    world.upstream.enqueue({ text: 'Every message, still.' });
    const message = world.discord.sendMessage({ channelId: thread.id, content: 'Anyone here?' });
    await answerAfter(message, 'Every message, still.');
  });

  it('set to mentions: a plain message starts no turn, a mention does and sees it, and so does a reply to the bot that does not ping it', async () => {
    assert.equal(await setThreadReplies('mentions'), 'In its threads on this server the bot now answers only messages that mention it or reply to it.');
    await assertNotAnswered('Just chatting among ourselves');
    world.upstream.enqueue({ text: 'I heard you.' });
    const mention = world.discord.sendMessage({ channelId: thread.id, content: `<@${bot()}> what do you think?` });
    const answer = await answerAfter(mention, 'I heard you.');
    assert.match(lastChat().messages.at(-1)?.content ?? '', /Just chatting among ourselves[\s\S]*what do you think\?/);

    world.upstream.enqueue({ text: 'Replying to you.' });
    const reply = world.discord.sendMessage({ channelId: thread.id, content: 'Why so?', replyTo: answer.id, pingRepliedUser: false });
    await answerAfter(reply, 'Replying to you.');
    assert.match(lastChat().messages.at(-1)?.content ?? '', /Why so\?/);
  });

  it('survives a restart, and every-message brings the old way back', async () => {
    await world.bot.stop('SIGTERM');
    await world.startBot();
    await assertNotAnswered('Still only chatting');
    world.upstream.enqueue({ text: 'Back and listening.' });
    const mention = world.discord.sendMessage({ channelId: thread.id, content: `<@${bot()}> still there?` });
    await answerAfter(mention, 'Back and listening.');

    assert.equal(await setThreadReplies('every-message'), 'In its threads on this server the bot now answers every message.');
    world.upstream.enqueue({ text: 'Answering all again.' });
    const plain = world.discord.sendMessage({ channelId: thread.id, content: 'Hello again' });
    await answerAfter(plain, 'Answering all again.');
  });
});
