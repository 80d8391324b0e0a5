import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { latestVersion, type StoredMessage } from '../fake-discord/index.ts';
import { buttonsOf, STOP } from './controls.ts';
import { contentOf, spawnBot, startWorld, waitForReply, type World } from './bot-harness.ts';
import { crashNote, endlessAnswer, readJournal } from './journal.ts';


describe('a second bot process on the same database, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('refuses to start with one line naming the lock, while the first goes on answering and its live answer is left alone; after a SIGKILL the next start repairs it', async () => {
    world.upstream.enqueue({ text: 'A short first answer.' });
    world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Open a thread' } });
    const thread = await world.discord.waitForThread({ name: 'Open a thread' });
    world.upstream.enqueue(endlessAnswer);
    world.discord.sendMessage({ channelId: thread.id, content: 'Tell me everything' });
    const live = await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (message) => contentOf(message).startsWith('alpha') });
    // journaled once its first write is answered: by its next write, for sure
    await world.discord.waitForMessage({ where: (message) => message.id === live.id && message.versions.length >= 2 });
    const firstRun = readJournal(world);
    assert.deepEqual(firstRun.replies.map((reply) => reply.messageId), [live.id]);
    assert.deepEqual(firstRun.instances.map((instance) => instance.pid), [world.bot.child.pid], 'the entry is owned by the running bot');
    assert.equal(firstRun.replies[0]?.ownerId, firstRun.instances[0]?.id);

    const sessionsBefore = world.discord.gatewaySessions().length;
    const second = spawnBot({ ...world.env, DATABASE_LOCK_WAIT_MS: '200' });
    // `online` rejects on 'exit', which comes before the 'close' that `exited` waits for: a refusal is an exit code
    const outcome = await Promise.race([second.exited, second.logs.online.then(() => 'online' as const, () => second.exited)]);
    if (outcome === 'online') second.child.kill('SIGKILL');
    assert.equal(outcome, 1, `the second bot must refuse to start:\n${second.logs.lines.join('\n')}`);
    const refusals = second.logs.lines.filter((line) => !line.startsWith('{'));
    assert.deepEqual(refusals, [
      `cordial: database: Cannot open the database at ${world.databasePath}: another Cordial process is using it ` +
        `(it holds ${world.databasePath}.lock, still after 200 ms). Stop the other process, or give each bot its own DATABASE_PATH.`,
    ]);
    assert.ok(second.logs.lines.filter((line) => line.startsWith('{')).every((line) => line.includes('another process holds the database: waiting')));
    assert.equal(world.discord.gatewaySessions().length, sessionsBefore, 'it never connected to Discord');

    const now = (message: StoredMessage) => world.discord.message(message.id);
    assert.ok(now(live).versions.every((version) => !version.content.includes('Interrupted')), 'the live answer was not marked');
    assert.ok(contentOf(now(live)).endsWith('▌'), 'and is still being written by the first bot');
    assert.deepEqual(readJournal(world), firstRun, 'nor was its journal entry touched');

    world.upstream.enqueue({ text: 'Still here.' });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Are you there?' } });
    const stillHere = await waitForReply(world, ask.id, (content) => content === 'Still here.');
    await world.discord.waitForMessage({ where: (message) => message.id === stillHere.id && !buttonsOf(message).some((button) => button.customId === STOP) });

    await world.bot.stop('SIGKILL');
    assert.ok(contentOf(now(live)).endsWith('▌'), 'the crash leaves the marker');
    await world.startBot();
    // (the other answer may still have been journaled for the few ms after its final write)
    await world.bot.waitForLog((line) => line.includes('marked the answers a crash had cut off'));
    const repaired = contentOf(now(live));
    assert.ok(repaired.startsWith('alpha beta') && repaired.endsWith(`\n\n${crashNote}`), repaired.slice(-200));
    const afterRestart = readJournal(world);
    assert.deepEqual(afterRestart.replies, []);
    assert.deepEqual(afterRestart.instances.map((instance) => instance.pid), [world.bot.child.pid], 'the killed run is forgotten with its last entry');
  });

  it('waits for the old process of an overlapping restart to stop, then starts and answers', async () => {
    const next = spawnBot({ ...world.env, DATABASE_LOCK_WAIT_MS: '60000' });
    try {
      await next.logs.waitForLog((line) => line.includes('another process holds the database: waiting'), 60_000);
      assert.equal(await world.bot.stop('SIGTERM'), 0);
      await next.logs.online;
      world.upstream.enqueue({ text: 'From the new process.' });
      const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Who answers?' } });
      await waitForReply(world, ask.id, (content) => content === 'From the new process.');
    } finally {
      if (next.child.exitCode === null) next.child.kill('SIGTERM');
    }
    assert.equal(await next.exited, 0);
  });
});
