/**
 * The sharded bot end to end: two hosts (real `node src/sharded.ts` managers and their shard
 * processes) on one PostgreSQL schema and one Redis budget, one fake Discord routing each guild's
 * events to its shard. Which process did what is read from the logs: every line carries its
 * process's pid, and each process's "Cordial is online" line says which shard that pid serves.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_TYPING_MARKER } from '../../src/reply/reply-streamer.ts';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import { latestVersion, type FakeInteraction, type StoredMessage } from '../fake-discord/index.ts';
import type { SpreadGuild } from '../fake-discord/seed.ts';
import { buttonsOf, REGENERATE, STOP } from '../bot/controls.ts';
import { contentOf } from '../bot/bot-harness.ts';
import { crashNote, endlessAnswer } from '../bot/journal.ts';
import { DATABASE_URL } from '../store/postgres/fresh-schema.ts';
import type { Host } from './host-process.ts';
import type { LogEntry } from './shard-processes.ts';
import { SHARD_COUNT, startShardedWorld, type ShardedWorld } from './sharded-world.ts';

/** Waits for what several processes do on a 2-core machine, other tests beside: the fake's 15 s default is too short there. */
const LONG_WAIT = { timeoutMs: 60_000 };
/** Host A runs shards 0 and 1, host B shards 2 and 3, until the failover. */
const ownerOf = (shard: number): string => `${shard < 2 ? 'A' : 'B'}/${shard}`;
const answered = (messageId: string) => (entry: LogEntry) => entry.msg === 'answered' && entry['firstMessage'] === messageId;
const isFinal = (message: StoredMessage) => buttonsOf(message).some((button) => button.customId === REGENERATE);
const streamed = (message: StoredMessage) => message.versions.some((version) => version.content.endsWith(DEFAULT_TYPING_MARKER));

describe('the sharded bot on two hosts, one PostgreSQL schema and one Redis budget, end to end', () => {
  let world: ShardedWorld;
  let hostA: Host;
  let hostB: Host;
  before(async () => {
    world = await startShardedWorld();
    // host A's manager serves the host's health and metrics, asking its two shard processes
    [hostA, hostB] = await Promise.all([world.startHost('A', [0, 1], { HEALTH_PORT: '0' }), world.startHost('B', [2, 3])]);
  });
  after(async () => {
    await world?.close();
  });

  const users = () => world.discord.defaults.users;
  const bot = () => world.discord.bot.id;
  const ask = (channelId: string, prompt: string): FakeInteraction => world.discord.sendSlashCommand({ name: 'ask', channelId, options: { prompt } });
  const finalReplyTo = (interaction: FakeInteraction) => world.discord.waitForMessage({ where: (message) => message.interactionId === interaction.id && isFinal(message) }, LONG_WAIT);
  /** The model of the newest chat completion the upstream got. */
  const lastModel = () => (world.upstream.requestsTo('POST', '/v1/chat/completions').at(-1)?.parsedBody as { model: string }).model;
  /** The owner sets `guild`'s default model; resolves with who logged it. */
  async function setServerModel(guild: SpreadGuild, model: string): Promise<string[]> {
    const command = world.discord.sendSlashCommand({ name: 'model', subcommand: 'set', channelId: guild.channelId, user: users().owner.id, options: { model } });
    await world.discord.waitForInteractionResponse(command, LONG_WAIT);
    return world.whoLogged((entry) => entry.msg === 'default model set' && entry['guild'] === guild.guildId && entry['model'] === model);
  }

  it('runs one process per shard, each holding its shard’s guilds, on the shared store and budget', async () => {
    const sessions = world.discord.gatewaySessions().filter((session) => session.connected);
    assert.deepEqual(sessions.map((session) => session.shard).sort(), [[0, 4], [1, 4], [2, 4], [3, 4]]);
    const botGuilds = [world.discord.defaults.guild.id, ...[0, 1, 2, 3].flatMap((shard) => world.guildsOf(shard).map((guild) => guild.guildId))];
    for (const [host, shard] of [[hostA, 0], [hostA, 1], [hostB, 2], [hostB, 3]] as const) {
      const online = host.entries().find((entry) => entry.msg === 'Cordial is online' && entry.shard === shard);
      assert.ok(online, `${host.name} logged shard ${shard} online`);
      assert.deepEqual(
        { shards: online['shards'], store: online['store'], budget: online['budget'], guilds: online['guilds'] },
        { shards: SHARD_COUNT, store: 'postgres', budget: 'redis', guilds: botGuilds.filter((id) => world.discord.shardOf(id, SHARD_COUNT) === shard).length },
      );
      assert.ok(host.childPids().includes(online.pid), `shard ${shard} is a child process of host ${host.name}'s manager`);
    }
    const { instances } = await world.journal();
    assert.deepEqual(
      instances.map((instance) => [instance.shard, instance.shards, instance.pid]).sort(),
      [hostA.pidOf(0), hostA.pidOf(1), hostB.pidOf(2), hostB.pidOf(3)].map((pid, shard) => [shard, SHARD_COUNT, pid]),
      'each process recorded its run with its shard in the shared schema',
    );
  });

  it('serves the host’s readiness and metrics from the manager, each of its shards ready and labelled', async () => {
    const serving = await hostA.waitForEntry((entry) => entry.pid === hostA.manager.pid && entry.msg === 'serving /healthz, /readyz and /metrics for this host’s shards');
    const base = `http://127.0.0.1:${String(serving['port'])}`;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    const readiness = (await ready.json()) as { ready: boolean; shards: Array<{ shard: number; gateway: string; store: string }> };
    assert.equal(readiness.ready, true);
    assert.deepEqual(
      readiness.shards.map(({ shard, gateway, store }) => ({ shard, gateway, store })).sort((a, b) => a.shard - b.shard),
      [0, 1].map((shard) => ({ shard, gateway: 'ready', store: 'ok' })),
      'host A’s shards only',
    );
    const metrics = await (await fetch(`${base}/metrics`)).text();
    for (const shard of [0, 1]) assert.match(metrics, new RegExp(`^cordial_gateway_ready\\{shard="${shard}"\\} 1$`, 'm'));
    assert.doesNotMatch(metrics, /shard="[23]"/, 'host B’s shards are host B’s to report');
  });

  it('answers /ask in a guild of each shard, streamed then with a thread, and the thread’s turns, in that shard’s process only', async () => {
    const text = 'Answered by the process that owns this server, word by word.';
    world.upstream.setDefault({ text, ratePerSecond: 30 });
    await Promise.all(
      [0, 1, 2, 3].map(async (shard) => {
        const guild = world.guildsOf(shard)[0]!;
        const prompt = `A question for shard ${shard}`;
        const command = ask(guild.channelId, prompt);
        const reply = await finalReplyTo(command);
        assert.equal(contentOf(reply), text);
        assert.ok(streamed(reply), `shard ${shard}'s answer streamed`);
        assert.deepEqual(world.discord.interaction(command).responses.map((response) => response.type), [5], 'one process answered the interaction');
        const thread = await world.discord.waitForThread({ parentId: guild.channelId, name: prompt }, LONG_WAIT);
        assert.equal(thread.id, reply.id, 'the thread opens on the answer');
        assert.deepEqual(await world.whoLogged(answered(reply.id)), [ownerOf(shard)]);

        world.discord.sendMessage({ channelId: thread.id, content: 'Go on, please.' });
        const turn = await world.discord.waitForMessage({ channelId: thread.id, authorId: bot(), where: isFinal }, LONG_WAIT);
        assert.equal(contentOf(turn), text);
        assert.ok(streamed(turn));
        assert.deepEqual(await world.whoLogged(answered(turn.id)), [ownerOf(shard)], `shard ${shard}'s thread turn`);
      }),
    );
  });

  it('answers direct messages, and /ask in a DM, in shard 0’s process (host A) only', async () => {
    const text = 'A direct answer.';
    world.upstream.setDefault({ text, ratePerSecond: 30 });
    const dm = world.discord.dmChannel(users().member.id).id;
    world.discord.sendMessage({ channelId: dm, content: 'Hello in private' });
    const answer = await world.discord.waitForMessage({ channelId: dm, authorId: bot(), where: isFinal }, LONG_WAIT);
    assert.equal(contentOf(answer), text);
    assert.deepEqual(await world.whoLogged(answered(answer.id)), ['A/0']);

    const command = ask(dm, 'Asked in a DM');
    const reply = await finalReplyTo(command);
    assert.equal(contentOf(reply), text);
    assert.deepEqual(await world.whoLogged(answered(reply.id)), ['A/0']);
  });

  it('respawns a shard process killed mid-answer: no setting lost, and only its successor marks the half-written answer while shard 2’s live answer goes on', async () => {
    const [killedGuild, liveGuild] = [world.guildsOf(3)[1]!, world.guildsOf(2)[1]!];
    assert.deepEqual(await setServerModel(killedGuild, 'openai/gpt-4o'), ['B/3']);
    const killedPid = hostB.pidOf(3);
    assert.ok(hostB.childPids().includes(killedPid), 'the process of shard 3 is a child of host B’s manager');
    const { instances } = await world.journal();
    const runOf = (pid: number) => {
      const run = instances.find((instance) => instance.pid === pid);
      assert.ok(run, `process ${pid} recorded its run`);
      return run;
    };
    const [killedRun, liveRun] = [runOf(killedPid), runOf(hostB.pidOf(2))];
    assert.deepEqual([killedRun.shard, liveRun.shard], [3, 2]);

    world.upstream.enqueue(endlessAnswer);
    const doomedCommand = ask(killedGuild.channelId, 'Tell me everything');
    const doomed = await world.discord.waitForMessage({ where: (message) => message.interactionId === doomedCommand.id && contentOf(message).startsWith('alpha') }, LONG_WAIT);
    assert.equal(lastModel(), 'gpt-4o', 'the server’s model');

    // shard 2's answer shows its first words, then waits for the test
    const liveText = 'This answer is written by shard two and is not interrupted at all.';
    const gate = world.gate.holdNext(4);
    world.upstream.enqueue({ text: liveText, split: 'events' });
    const liveCommand = ask(liveGuild.channelId, 'Meanwhile on shard two');
    await gate.holding;
    const live = await world.discord.waitForMessage({ where: (message) => message.interactionId === liveCommand.id && contentOf(message).startsWith('This answer') }, LONG_WAIT);
    const owners = new Map([[doomed.id, killedRun.id], [live.id, liveRun.id]]);
    await world.waitForJournal(({ replies }) => [...owners].every(([messageId, ownerId]) => replies.some((reply) => reply.messageId === messageId && reply.ownerId === ownerId)));

    process.kill(killedPid, 'SIGKILL');
    await hostB.waitForEntry((entry) => entry.msg === 'a shard process ended: it is started again' && entry.shard === 3 && entry['signal'] === 'SIGKILL');
    const successor = await hostB.waitForEntry((entry) => entry.msg === 'Cordial is online' && entry.shard === 3 && entry.pid !== killedPid);
    const marked = await hostB.waitForEntry((entry) => entry.msg === 'marked the answers a crash had cut off');
    assert.equal(marked.pid, successor.pid, 'shard 3’s new process marked it');
    assert.equal(marked['marked'], 1);
    assert.deepEqual(world.loggedBy((entry) => entry.msg === 'marked the answers a crash had cut off'), ['B/3'], 'and no process of another shard');
    assert.deepEqual(world.loggedBy((entry) => entry.msg.startsWith('could not mark')), []);

    const repaired = latestVersion(world.discord.message(doomed.id));
    assert.match(repaired.content, /^alpha beta[a-z ]*\n\n-# ⚠️/);
    assert.ok(repaired.content.endsWith(`\n\n${crashNote}`), repaired.content.slice(-200));
    assert.deepEqual(repaired.components, [], 'no Stop button left');
    assert.equal(world.discord.message(doomed.id).versions.filter((version) => version.content.includes(crashNote)).length, 1, 'marked once');

    const stillLive = world.discord.message(live.id);
    assert.ok(contentOf(stillLive).endsWith(DEFAULT_TYPING_MARKER), 'shard 2’s answer is still being written');
    assert.ok(buttonsOf(stillLive).some((button) => button.customId === STOP));
    assert.ok(stillLive.versions.every((version) => !version.content.includes(crashNote)), 'and nobody marked it');
    const afterRepair = await world.journal();
    assert.deepEqual(afterRepair.replies, [{ messageId: live.id, ownerId: liveRun.id }], 'its entry is kept, the killed one’s forgotten');
    assert.deepEqual(afterRepair.instances.filter((instance) => instance.shard === 3).map((instance) => instance.pid), [successor.pid], 'the killed run is forgotten');
    assert.ok(hostB.childPids().includes(successor.pid), 'the manager started it again');

    gate.release();
    const finished = await world.discord.waitForMessage({ where: (message) => message.id === live.id && isFinal(message) }, LONG_WAIT);
    assert.equal(contentOf(finished), liveText);
    assert.deepEqual(await world.whoLogged(answered(live.id)), ['B/2']);

    world.upstream.enqueue({ text: 'Still with the server’s model.' });
    const later = await finalReplyTo(ask(killedGuild.channelId, 'After the restart'));
    assert.equal(contentOf(later), 'Still with the server’s model.');
    assert.equal(lastModel(), 'gpt-4o', 'the setting survived the crash');
    assert.equal((await hostB.waitForEntry(answered(later.id))).pid, successor.pid);
  });

  it('applies a setting made on one shard at once wherever the guild is served next: host B stops, host A restarts with all four shards', async () => {
    const guild = world.guildsOf(2)[0]!;
    assert.deepEqual(await setServerModel(guild, 'openai/gpt-4o'), ['B/2']);
    // another process on the schema reads it at once: nothing is cached in the process that wrote it
    const elsewhere = await openPostgresStore({ url: DATABASE_URL, schema: world.schema });
    try {
      assert.equal(await elsewhere.getGuildDefaultModel(guild.guildId), 'openai/gpt-4o');

      assert.equal(await hostB.stop(), 0, 'host B stops cleanly');
      assert.deepEqual(hostB.entries().filter((entry) => entry.msg === 'a shard process stopped').map((entry) => entry.shard).sort(), [2, 3], 'and says its shards stopped, not that they restart');
      // host A's manager dies outright: its shard processes notice, finish and let go of their leases
      const orphans = [hostA.pidOf(0), hostA.pidOf(1)];
      hostA.manager.kill('SIGKILL');
      for (const pid of orphans) {
        await hostA.waitForEntry((entry) => entry.pid === pid && entry.msg === 'shutting down: finishing answers in flight' && entry['signal'] === 'sharding manager gone');
        await hostA.waitForEntry((entry) => entry.pid === pid && entry.msg === 'stopped');
      }
      const takeover = await world.startHost('A2', [0, 1, 2, 3]);
      assert.equal(takeover.childPids().length, SHARD_COUNT);
      assert.deepEqual(takeover.entries().filter((entry) => entry.msg.startsWith('another process serves this shard')), [], 'every lease was free');

      world.upstream.enqueue({ text: 'The guild’s model, on host A now.' });
      const first = await finalReplyTo(ask(guild.channelId, 'Who answers now?'));
      assert.equal(contentOf(first), 'The guild’s model, on host A now.');
      assert.equal(lastModel(), 'gpt-4o');
      assert.deepEqual(await world.whoLogged(answered(first.id)), ['A2/2']);

      // a change written by another process applies at the serving process's next answer
      await elsewhere.setGuildDefaultModel(guild.guildId, 'openai/gpt-4o-mini', { userId: users().owner.id, name: 'Server Owner' });
      world.upstream.enqueue({ text: 'The new model.' });
      const second = await finalReplyTo(ask(guild.channelId, 'And now?'));
      assert.equal(contentOf(second), 'The new model.');
      assert.equal(lastModel(), 'gpt-4o-mini');
      assert.deepEqual(await world.whoLogged(answered(second.id)), ['A2/2']);
    } finally {
      await elsewhere.close();
    }
    assert.deepEqual(world.loggedBy((entry) => entry.msg === 'marked the answers a crash had cut off'), ['B/3'], 'clean stops leave nothing to repair');
  });
});
