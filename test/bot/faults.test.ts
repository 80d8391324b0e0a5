import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { assertNoRateLimitsDuringBurst } from './rate-limit-burst.ts';

const marker = '▌';

describe('bad input and faults, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ env: { MAX_PROMPT_LENGTH: '200' } });
  });
  after(async () => {
    await world?.close();
  });

  const ephemeralAnswer = async (interaction: { id: string }) => {
    const answered = await world.discord.waitForInteractionResponse(interaction as never);
    assert.equal(answered.ephemeral, true);
    return contentOf(answered.originalMessage()!);
  };

  /** Opens a bot thread with an /ask and returns its id. */
  /** How many times the bot asked Discord to start a thread on this message. */
  const threadRequestsOn = (messageId: string) =>
    world.discord.requests.filter((request) => request.method === 'POST' && request.path.endsWith(`/messages/${messageId}/threads`)).length;

  async function openThread(prompt: string, answer: string): Promise<string> {
    world.upstream.enqueue({ text: answer });
    world.discord.sendSlashCommand({ name: 'ask', options: { prompt } });
    return (await world.discord.waitForThread({ name: prompt })).id;
  }

  it('refuses an empty or over-long prompt without contacting the upstream', async () => {
    const before = world.upstream.requests.length;
    assert.match(await ephemeralAnswer(world.discord.sendSlashCommand({ name: 'ask', options: { prompt: '   ' } })), /prompt is empty/);
    assert.match(await ephemeralAnswer(world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'x'.repeat(201) } })), /201 characters long; the limit is 200/);
    assert.match(
      await ephemeralAnswer(world.discord.sendSlashCommand({ name: 'ask', locale: 'ru', options: { prompt: ' ' } })),
      /Запрос пуст/,
    );
    assert.equal(world.upstream.requests.length, before);
  });

  it('says /model needs a server when used in a DM', async () => {
    const dm = world.discord.dmChannel(world.discord.defaults.users.member.id);
    const interaction = world.discord.sendSlashCommand({ name: 'model', subcommand: 'show', channelId: dm.id });
    assert.match(await ephemeralAnswer(interaction), /works in a server/);
  });

  it('folds messages sent while the bot is answering into one next turn — never two interleaved answers', async () => {
    const threadId = await openThread('Queue test', 'Ready.');
    world.upstream.enqueue({ text: 'one two three four five six seven eight nine ten', ratePerSecond: 40 }, { text: 'Answering both.' });
    const before = world.upstream.requests.length;
    world.discord.sendMessage({ channelId: threadId, content: 'First question' });
    await world.upstream.waitFor(() => world.upstream.requests.length > before);
    world.discord.sendMessage({ channelId: threadId, content: 'Second question' });
    world.discord.sendMessage({ channelId: threadId, author: world.discord.defaults.users.admin.id, content: 'Third question' });
    await world.discord.waitForMessage({ channelId: threadId, authorId: world.discord.bot.id, where: (message) => contentOf(message) === 'Answering both.' });
    const requests = world.upstream.requests.slice(before);
    assert.equal(requests.length, 2);
    const second = (requests[1]?.parsedBody as { messages: Array<{ role: string; content: string }> }).messages;
    // the first answer's message may have appeared after the later questions: it still answers
    // the first; the two later questions are one user turn (roles alternate), each with its speaker
    assert.deepEqual(second.slice(-3).map((message) => message.role), ['user', 'assistant', 'user']);
    assert.match(second.at(-3)?.content ?? '', /First question/);
    assert.match(second.at(-1)?.content ?? '', /Max Member: Second question\n\nAda Admin: Third question$/);
    const botMessages = world.discord.messagesIn(threadId).filter((message) => message.authorId === world.discord.bot.id && contentOf(message) !== '');
    assert.deepEqual(botMessages.map(contentOf), ['one two three four five six seven eight nine ten', 'Answering both.']);
  });

  it('continues a thread with /ask inside it, and later turns see that prompt', async () => {
    const threadId = await openThread('Thread for ask', 'First answer.');
    world.upstream.enqueue({ text: 'Answer to the in-thread ask.' }, { text: 'Later answer.' });
    const interaction = world.discord.sendSlashCommand({ name: 'ask', channelId: threadId, options: { prompt: 'Asked inside' } });
    const reply = await waitForReply(world, interaction.id, (content) => content === 'Answer to the in-thread ask.');
    assert.equal(world.discord.threadsOf(world.discord.defaults.channels.general.id).filter((thread) => thread.name === 'Asked inside').length, 0, 'no new thread inside a thread');
    assert.equal(threadRequestsOn(reply.id), 0, 'not even tried');
    world.discord.sendMessage({ channelId: threadId, content: 'And then?' });
    await world.discord.waitForMessage({ channelId: threadId, where: (message) => contentOf(message) === 'Later answer.' });
    const messages = (world.upstream.requests.at(-1)?.parsedBody as { messages: Array<{ role: string; content: string }> }).messages;
    assert.deepEqual(messages.slice(1).map((message) => `${message.role}: ${message.content}`), [
      'user: Thread for ask',
      'assistant: First answer.',
      'user: Asked inside',
      'assistant: Answer to the in-thread ask.',
      'user: And then?',
    ]);
  });

  it('stops writing into a thread archived mid-answer, without crashing, and keeps working', async () => {
    const threadId = await openThread('Archive test', 'Ok.');
    // 50 s of answer: only the bot can end it early
    world.upstream.enqueue({ text: 'a b c d e f g h i j k l m n o p q r s t ', repeat: 50, ratePerSecond: 20 });
    world.discord.sendMessage({ channelId: threadId, content: 'Go slowly' });
    await world.discord.waitForMessage({ channelId: threadId, authorId: world.discord.bot.id, where: (message) => contentOf(message).startsWith('a') });
    const upstreamRequest = world.upstream.requests.at(-1)!;
    world.discord.setThreadState(threadId, { archived: true });
    await world.discord.waitFor(() => world.discord.requests.some((request) => request.status === 400 && JSON.stringify(request.responseBody).includes('50083')));
    // the answer ends there: no write after the refusal, and the upstream stream is closed
    await world.bot.waitForLog((line) => line.includes('answer did not complete') && line.includes('"outcome":"sink-failed"') && line.includes(threadId));
    await world.upstream.waitForOutcome(upstreamRequest.index, ['client-closed']);
    const refusal = world.discord.requests.findIndex((request) => request.status === 400 && JSON.stringify(request.responseBody).includes('50083'));
    const writesAfter = world.discord.requests.slice(refusal + 1).filter((request) => request.path.startsWith(`/channels/${threadId}/messages`) && request.method !== 'GET');
    assert.deepEqual(writesAfter.map((request) => `${request.method} ${request.path}`), []);
    // the bot is still alive and answers elsewhere
    world.upstream.enqueue({ text: 'Still alive.' });
    const interaction = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Alive?', private: true } });
    await waitForReply(world, interaction.id, (content) => content === 'Still alive.');
    assert.equal(world.bot.child.exitCode, null);
  });

  it('survives missing permissions in a thread (50013) and logs it', async () => {
    const threadId = await openThread('Permission test', 'Ok.');
    const general = world.discord.defaults.channels.general.id;
    world.discord.denyPermission(general, 'SendMessagesInThreads');
    world.upstream.enqueue({ text: 'You will not see this.' });
    world.discord.sendMessage({ channelId: threadId, content: 'Hello?' });
    await world.discord.waitFor(() => world.discord.requests.some((request) => request.status === 403 && request.path.startsWith(`/channels/${threadId}/messages`)));
    const logged = await world.bot.waitForLog((line) => line.includes('answer did not complete') && line.includes(threadId));
    assert.match(logged, /"outcome":"sink-failed"/);
    assert.equal(world.bot.child.exitCode, null);
    world.discord.allowPermission(general, 'SendMessagesInThreads');
  });

  it('moves to channel-route edits when the interaction token expires mid-answer, ending exact', async () => {
    const answer = 'one two three four five six seven eight nine ten eleven twelve';
    world.upstream.enqueue({ text: answer, ratePerSecond: 20 });
    const interaction = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Slow answer' } });
    await waitForReply(world, interaction.id, (content) => content.startsWith('one'));
    world.discord.expireInteraction(interaction);
    const reply = await waitForReply(world, interaction.id, (content) => content === answer);
    assert.ok(reply.versions.some((version) => version.route.startsWith('PATCH /channels/')), reply.versions.map((version) => version.route).join(', '));
    assert.ok(!contentOf(reply).endsWith(marker));
  });

  it('stops writing when a moderator deletes the reply mid-answer (10008), and keeps working', async () => {
    world.upstream.enqueue({ text: 'a b c d e f g h i j k l m n o p q r s t', ratePerSecond: 20 });
    const interaction = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Delete me' } });
    const reply = await waitForReply(world, interaction.id, (content) => content.startsWith('a'));
    world.discord.deleteMessage(reply.id);
    const logged = await world.bot.waitForLog((line) => line.includes('answer did not complete') && line.includes('"outcome":"sink-failed"') && line.includes(interaction.channelId) && line.includes('"command":"ask"'));
    assert.match(logged, /10008|Unknown Message/);
    // nobody can see the answer any more: the bot stopped the upstream stream too
    const upstreamRequest = world.upstream.requests.at(-1)!;
    await world.upstream.waitForOutcome(upstreamRequest.index, ['client-closed']);
    assert.equal(world.discord.threadsOf(world.discord.defaults.channels.general.id).some((thread) => thread.name === 'Delete me'), false, 'no thread on a deleted reply');
    assert.equal(threadRequestsOn(reply.id), 0, 'not even tried');
    assert.equal(world.bot.child.exitCode, null);
  });

  it('causes no 429 from Discord while streaming answers fast', async () => {
    await assertNoRateLimitsDuringBurst(world);
  });

  it('on SIGTERM marks the answer in flight as interrupted, keeps its text, and exits 0', async () => {
    // 260 s of answer: a loaded machine cannot let it finish before the signal lands
    world.upstream.enqueue({ text: 'a b c d e f g h i j k l m n o p q r s t u v w x y z ', repeat: 100, ratePerSecond: 10 });
    const interaction = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Interrupted answer' } });
    await waitForReply(world, interaction.id, (content) => content.startsWith('a b'));
    assert.equal(await world.bot.stop('SIGTERM'), 0);
    const reply = world.discord.interaction(interaction).originalMessage()!;
    assert.match(contentOf(reply), /^a b[a-z ]*\n+-# ⏹️ Interrupted: the bot is restarting/);
    assert.equal(world.discord.threadsOf(world.discord.defaults.channels.general.id).some((thread) => thread.name === 'Interrupted answer'), false);
  });
});
