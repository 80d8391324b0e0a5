/**
 * Cache-limits benchmark (`npm run bench -- cache`): the memory of a discord.js Client per 1,000
 * servers, with discord.js's default caches and with the bot's limits
 * (`src/discord/client-options.ts`). The fake Discord runs here; each client runs alone in a
 * process of its own (`bench/cache-limits/client.ts`), so only the client's memory is measured.
 *
 * The world, the same for both: BENCH_CACHE_GUILDS servers (default 1,000), each with
 * BENCH_CACHE_CHANNELS text channels (5), BENCH_CACHE_ROLES roles (5) and a thread the bot owns.
 * Once the client is ready, BENCH_CACHE_PEOPLE people per server (100) join and speak,
 * BENCH_CACHE_MESSAGES messages per server (200) spread over the channels, one in ten in the
 * bot's thread. As on Discord without the Guild Members intent, the client first sees only the
 * bot's member (and the owner's); the others come with their messages.
 *
 * Reported per 1,000 servers (the figure minus the one before login, scaled): RSS and heap once
 * ready, after the traffic, and after a message sweep as it runs once that traffic is older than
 * its lifetime; and what the caches held. The fake models no emoji, sticker, voice state or
 * presence (real servers send emoji and stickers in GUILD_CREATE, which the limits drop too), so
 * the figures once ready understate what the limits save there.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { DEFAULT_IDS, FakeDiscord } from '../test/fake-discord/index.ts';
import type { ChildReport, ClientSample, TrafficNotice } from './cache-limits/client.ts';

const numberSetting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1`);
  return value;
};

const GUILDS = numberSetting('BENCH_CACHE_GUILDS', 1000);
const CHANNELS = numberSetting('BENCH_CACHE_CHANNELS', 5);
const ROLES = numberSetting('BENCH_CACHE_ROLES', 5);
const PEOPLE = numberSetting('BENCH_CACHE_PEOPLE', 100);
const MESSAGES = numberSetting('BENCH_CACHE_MESSAGES', 200);
/** Messages sent before the event loop is let go, so sockets drain and heartbeats are answered. */
const MESSAGES_PER_BATCH = 500;

const clientScript = fileURLToPath(new URL('./cache-limits/client.ts', import.meta.url));

interface WorldGuild {
  guildId: string;
  channelIds: string[];
  botThreadId: string;
}

/** Seeds the servers before the client connects: it gets them all in its GUILD_CREATEs. */
function seedWorld(fake: FakeDiscord): WorldGuild[] {
  return fake.seedGuilds(GUILDS).map(({ guildId, channelId }) => {
    const channelIds = [channelId];
    for (let index = 1; index < CHANNELS; index += 1) channelIds.push(fake.createChannel({ name: `channel-${index}`, guildId }).id);
    for (let index = 0; index < ROLES; index += 1) fake.createRole({ name: `role-${index}`, guildId, permissions: ['ViewChannel', 'SendMessages'] });
    // owned by the bot, as the threads it opens on its answers are
    const botThread = fake.startThread({ channelId, name: 'a conversation', owner: DEFAULT_IDS.bot });
    return { guildId, channelIds, botThreadId: botThread.id };
  });
}

/** People join each server (no event: as without the Guild Members intent) and speak. */
async function sendTraffic(fake: FakeDiscord, guilds: WorldGuild[]): Promise<number> {
  let sent = 0;
  for (const guild of guilds) {
    const people = Array.from({ length: PEOPLE }, (_, index) => fake.createUser({ username: `person${index}`, globalName: `Person ${index}`, guildId: guild.guildId }).id);
    for (let index = 0; index < MESSAGES; index += 1) {
      const channelId = index % 10 === 9 ? guild.botThreadId : (guild.channelIds[index % guild.channelIds.length] as string);
      fake.sendMessage({ channelId, author: people[index % people.length], content: `message ${index} of a conversation that goes on for a while, as people write` });
      sent += 1;
      if (sent % MESSAGES_PER_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return sent;
}

function nextReport<T extends ChildReport['type']>(child: ChildProcess, type: T): Promise<Extract<ChildReport, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (report: ChildReport) => {
      if (report.type !== type) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(report as Extract<ChildReport, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`the client process exited with ${code} before reporting ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

interface Run {
  beforeLogin: ClientSample;
  ready: ClientSample;
  afterTraffic: ClientSample;
  afterSweep: ClientSample;
  swept: number;
  seconds: number;
}

async function measure(mode: 'default' | 'limited'): Promise<Run> {
  const started = performance.now();
  const fake = await FakeDiscord.start();
  const guilds = seedWorld(fake);
  const child = fork(clientScript, [], {
    execArgv: ['--expose-gc'],
    env: { ...process.env, CACHE_MODE: mode, FAKE_DISCORD_REST_URL: fake.restUrl, FAKE_DISCORD_TOKEN: fake.botToken },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await nextReport(child, 'ready');
    const measured = nextReport(child, 'measured');
    const messages = await sendTraffic(fake, guilds);
    child.send({ type: 'traffic', messages } satisfies TrafficNotice);
    const { afterTraffic, afterSweep, swept } = await measured;
    return { beforeLogin: ready.beforeLogin, ready: ready.ready, afterTraffic, afterSweep, swept, seconds: (performance.now() - started) / 1000 };
  } finally {
    const exited = once(child, 'exit');
    child.disconnect();
    await exited;
    await fake.stop();
  }
}

const perThousand = (bytes: number) => `${((bytes * (1000 / GUILDS)) / 2 ** 20).toFixed(1)} MiB`;

function row(label: string, run: Run, at: ClientSample): string {
  const { cached } = at;
  return [
    label.padEnd(22),
    perThousand(at.rssBytes - run.beforeLogin.rssBytes).padStart(10),
    perThousand(at.heapUsedBytes - run.beforeLogin.heapUsedBytes).padStart(10),
    `${cached.members} members, ${cached.users} users, ${cached.messages} messages, ${cached.channels} channels`,
  ].join('  ');
}

console.log(`${GUILDS} servers × (${CHANNELS} channels, ${ROLES} roles, a bot thread); then ${PEOPLE} people and ${MESSAGES} messages per server`);
const runs = { default: await measure('default'), limited: await measure('limited') };
console.log(`\n${''.padEnd(22)}  ${'RSS/1000'.padStart(10)}  ${'heap/1000'.padStart(10)}  cached (all servers)`);
for (const [mode, run] of Object.entries(runs)) {
  console.log(row(`${mode}: ready`, run, run.ready));
  console.log(row(`${mode}: after traffic`, run, run.afterTraffic));
  if (mode === 'limited') console.log(row(`${mode}: after sweep`, run, run.afterSweep) + `  (${run.swept} swept)`);
  console.log(`${''.padEnd(22)}  (run took ${run.seconds.toFixed(1)} s)`);
}
