/**
 * Discord's REST API failing under a live answer, end to end: the real bot against the fake
 * Discord with outages switched on and off (503 with the edge's plain-text body).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buttonsOf, REGENERATE } from './controls.ts';
import { latestVersion } from '../fake-discord/index.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { journaledMessageIds } from './journal.ts';

const isOriginalEdit = (request: { method: string; path: string }) =>
  request.method === 'PATCH' && /\/messages\/(@|%40)original$/.test(request.path);

describe('Discord failing the bot’s writes, end to end', () => {
  let world: World;
  before(async () => {
    // longer than the outages below last (16 failed requests: 1 + 2 + 4 s of back-off and the
    // requests themselves), so an answer still streaming through them is never cut short
    world = await startWorld({ env: { DISCORD_RETRY_WINDOW_MS: '12000' } });
  });
  after(async () => {
    await world?.close();
  });

  it('GIVEN 503s on the first write of an /ask THEN it is retried: the answer shows, the thread opens, nothing is left "thinking"', async () => {
    const answer = 'Paris is the capital of France.';
    world.upstream.enqueue({ text: answer });
    // discord.js tries each write 4 times; two sink attempts or more mean the bot retried
    const outage = world.discord.startOutage({ where: isOriginalEdit });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Capital of France?' } });
    await world.discord.waitFor(() => outage.failed >= 8);
    outage.end();
    const reply = await waitForReply(world, ask.id, (content) => content === answer);
    assert.deepEqual(buttonsOf(reply).map((button) => button.customId), [REGENERATE]);
    await world.discord.waitForThread({ name: 'Capital of France?' });
    assert.equal(world.upstream.requests.filter((request) => request.path.endsWith('/chat/completions')).length >= 1, true);
  });

  it('GIVEN an outage of several seconds mid-answer THEN the text keeps coming and the reply ends exact, and its journal entry goes only then', async () => {
    const opener = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Outage thread' } });
    world.upstream.enqueue({ text: 'Ready.' });
    await waitForReply(world, opener.id, (content) => content === 'Ready.');
    const thread = await world.discord.waitForThread({ name: 'Outage thread' });
    const words = Array.from({ length: 120 }, (_, index) => `w${index}`).join(' ');
    world.upstream.enqueue({ text: words, ratePerSecond: 20 });
    world.discord.sendMessage({ channelId: thread.id, content: 'Count for me' });
    const message = await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (candidate) => contentOf(candidate).startsWith('w0') });
    await world.discord.waitFor(() => journaledMessageIds(world).includes(message.id), { description: 'the reply journaled' });
    const outage = world.discord.startOutage({ where: (request) => request.withBotToken && request.path.startsWith(`/channels/${thread.id}/messages`) });
    // 1 + 2 + 4 s of back-off: longer than the old two retries lasted
    await world.discord.waitFor(() => outage.failed >= 16, { description: '16 failed writes' });
    assert.deepEqual(journaledMessageIds(world), [message.id], 'the journal keeps the reply while Discord is down');
    outage.end();
    // the reply tries again when its back-off ends, which by now may be 8 s away: on a busy machine the default 15 s is tight
    await world.discord.waitForMessage({ where: (candidate) => candidate.id === message.id && contentOf(candidate) === words }, { description: 'the exact answer', timeoutMs: 30_000 });
    assert.deepEqual(buttonsOf(world.discord.message(message.id)).map((button) => button.customId), [REGENERATE], 'the Stop button went with the final edit');
    // the runner logs the answer once its reply is final: the journal entry went before that
    await world.bot.waitForLog((line) => line.includes('"msg":"answered"') && line.includes(message.id));
    assert.deepEqual(journaledMessageIds(world), []);
  });
});

describe('Discord down past the retry window, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ env: { DISCORD_RETRY_WINDOW_MS: '3000' } });
  });
  after(async () => {
    await world?.close();
  });

  it('GIVEN Discord down past the retry window and the bot killed THEN the model is let go, the entry kept, and the next start marks the reply', async () => {
    const opener = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Long outage thread' } });
    world.upstream.enqueue({ text: 'Ready.' });
    await waitForReply(world, opener.id, (content) => content === 'Ready.');
    const thread = await world.discord.waitForThread({ name: 'Long outage thread' });
    world.upstream.enqueue({ text: 'alpha beta gamma delta ', repeat: 400, ratePerSecond: 20 });
    const streamIndex = world.upstream.requests.length;
    world.discord.sendMessage({ channelId: thread.id, content: 'Talk for a long time' });
    const message = await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (candidate) => contentOf(candidate).startsWith('alpha') });
    await world.discord.waitFor(() => journaledMessageIds(world).includes(message.id), { description: 'the reply journaled' });
    const outage = world.discord.startOutage({ where: (request) => request.withBotToken && request.path.startsWith(`/channels/${thread.id}/messages`) });
    // past the 3 s window the reply lets the model go: the upstream sees its client leave
    await world.upstream.waitForOutcome(streamIndex, ['client-closed']);
    assert.deepEqual(journaledMessageIds(world), [message.id]);
    await world.bot.stop('SIGKILL');
    outage.end();
    assert.ok(contentOf(world.discord.message(message.id)).endsWith('▌'));
    await world.startBot();
    await world.discord.waitForMessage({ where: (candidate) => candidate.id === message.id && contentOf(candidate).includes('-# ⚠️ Interrupted') }, { description: 'the reply marked at the next start' });
    const latest = latestVersion(world.discord.message(message.id));
    assert.ok(!latest.content.includes('▌'));
    assert.deepEqual(latest.components, []);
    await world.bot.waitForLog((line) => line.includes('marked the answers a crash had cut off'));
    assert.deepEqual(journaledMessageIds(world), []);
  });
});

describe('the message cap, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ env: { REPLY_MAX_MESSAGES: '2' } });
  });
  after(async () => {
    await world?.close();
  });

  it('GIVEN an answer that needs many messages THEN it stops at the cap with a note and the model is let go', async () => {
    const paragraph = 'All work and no play makes a dull answer, and a long one at that. '.repeat(6).trim();
    world.upstream.enqueue({ text: Array.from({ length: 60 }, (_, index) => `${index}. ${paragraph}`).join('\n\n'), ratePerSecond: 400 });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Write a lot' } });
    const streamIndex = world.upstream.requests.length;
    const note = '-# ✂️ Answer cut for length: it would have needed more than 2 messages.';
    const first = await waitForReply(world, ask.id, (content) => !content.endsWith('▌') && content.length > 1000);
    await world.upstream.waitForOutcome(streamIndex, ['client-closed']);
    await world.discord.waitFor(() => (contentOf(world.discord.messagesIn(first.channelId).at(-1)!).endsWith(note) ? true : undefined));
    const written = world.discord.messagesIn(first.channelId).filter((message) => message.authorId === world.discord.bot.id && message.createdAt >= first.createdAt);
    assert.equal(written.length, 2, `${written.length} messages`);
    assert.ok(contentOf(written[1]!).endsWith(`\n\n${note}`));
    assert.ok(written.every((message) => contentOf(message).length <= 2000));
  });
});
