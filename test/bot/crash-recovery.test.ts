import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { latestVersion, type StoredMessage } from '../fake-discord/index.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { crashNote, endlessAnswer, journaledMessageIds } from './journal.ts';
import { assertNoRateLimitsDuringBurst } from './rate-limit-burst.ts';


describe('answers a crash cut off, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('after a restart, marks each answer that was being written when the bot was killed: no marker, no Stop button, a note', async () => {
    world.upstream.enqueue({ text: 'A short first answer.' });
    world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Open a thread' } });
    const thread = await world.discord.waitForThread({ name: 'Open a thread' });

    world.upstream.enqueue(endlessAnswer);
    world.discord.sendMessage({ channelId: thread.id, content: 'Tell me everything' });
    const inThread = await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (message) => contentOf(message).startsWith('alpha') });
    world.upstream.enqueue(endlessAnswer);
    const ask = world.discord.sendSlashCommand({ name: 'ask', locale: 'ru', options: { prompt: 'Second question' } });
    const inChannel = await waitForReply(world, ask.id, (content) => content.startsWith('alpha'));
    world.upstream.enqueue(endlessAnswer);
    const doomed = world.discord.sendSlashCommand({ name: 'ask', channelId: world.discord.defaults.channels.random.id, options: { prompt: 'Deleted later' } });
    const deleted = await waitForReply(world, doomed.id, (content) => content.startsWith('alpha'));
    // a reply is journaled once its first write is answered: by its next write, for sure
    for (const message of [inThread, inChannel, deleted]) {
      await world.discord.waitForMessage({ where: (candidate) => candidate.id === message.id && candidate.versions.filter((version) => version.content.startsWith('alpha')).length >= 2 });
    }
    assert.deepEqual(new Set(journaledMessageIds(world)), new Set([inThread.id, inChannel.id, deleted.id]), 'every reply is journaled while it streams');

    await world.bot.stop('SIGKILL');
    const cutOff = (message: StoredMessage) => contentOf(world.discord.message(message.id));
    assert.ok(cutOff(inThread).endsWith('▌') && cutOff(inChannel).endsWith('▌'), 'a crash leaves the marker');
    // a moderator removes one of them while the bot is down: it is skipped
    world.discord.deleteMessage(deleted.id);

    await world.startBot();
    await world.bot.waitForLog((line) => line.includes('marked the answers a crash had cut off') && line.includes('"marked":2'));
    assert.ok(world.bot.logs.some((line) => line.includes('could not mark a reply a crash cut off') && line.includes(deleted.id) && line.includes('10008')));
    for (const [message, note] of [
      [inThread, crashNote],
      [inChannel, '-# ⚠️ Прервано: бот неожиданно остановился, пока писал этот ответ. Спросите ещё раз, чтобы получить остальное.'],
    ] as const) {
      const latest = latestVersion(world.discord.message(message.id));
      assert.match(latest.content, /^alpha beta[a-z ]*\n\n-# ⚠️/);
      assert.ok(latest.content.endsWith(`\n\n${note}`), latest.content.slice(-200));
      assert.ok(!latest.content.includes('▌'));
      assert.deepEqual(latest.components, []);
      assert.deepEqual(latest.allowedMentions, { parse: [] });
    }
    assert.deepEqual(journaledMessageIds(world), [], 'each is marked once, or forgotten when it is gone');
  });

  it('journals nothing for answers that end normally, and marks nothing at the next start', async () => {
    world.upstream.enqueue({ text: 'Done quickly.', ratePerSecond: 50 });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Quick one' } });
    const reply = await waitForReply(world, ask.id, (content) => content === 'Done quickly.');
    await world.discord.waitForThread({ name: 'Quick one' });
    assert.deepEqual(journaledMessageIds(world), []);
    assert.equal(await world.bot.stop('SIGTERM'), 0);
    assert.deepEqual(journaledMessageIds(world), [], 'a clean stop leaves nothing behind');
    const requestsBefore = world.discord.requests.length;
    await world.startBot();
    // recovery runs in the background after start-up: a full answer later, it has surely finished
    world.upstream.enqueue({ text: 'After the restart.' });
    const later = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Later', private: true } });
    await waitForReply(world, later.id, (content) => content === 'After the restart.');
    assert.equal(world.bot.logs.some((line) => line.includes('marked the answers a crash had cut off')), false);
    const touched = world.discord.requests.slice(requestsBefore).filter((request) => request.path.endsWith(`/messages/${reply.id}`));
    assert.deepEqual(touched.map((request) => `${request.method} ${request.path}`), [], 'the finished answer is left alone');
  });

  it('causes no 429 from Discord while streaming answers fast', async () => {
    await assertNoRateLimitsDuringBurst(world);
  });
});
