/**
 * The Discord side of the sharded benchmark, as its own process: the fake Discord with
 * Discord's limits (50 bot-token requests per second, per-route buckets), seeded with the
 * benchmark's guilds; it drives the load and measures what people saw from the fake's record of
 * every request and every message version.
 *
 *   node bench/sharded/discord-side.ts <file with the SideConfig as JSON>
 *
 * Protocol: JSON lines on stdout, each prefixed `BENCH `: `ready` (REST URL), `measure-start`,
 * `measure-end`, `result` (a `SideResult`). On stdin: `start` once every shard is online;
 * `stop` or the end of input stops the fake and exits.
 *
 * Load: conversation i takes place in guild i mod the guild count, in its one channel; every
 * `askEvery`-th one is an `/ask` (answered through the interaction webhook, outside the global
 * limit), the others mention the bot in the channel (answered with a reply written with the bot
 * token, then a thread on it: inside the global limit). All are sent within `rampMs`, so they
 * stream at once (with `onlyShard`, only that shard's guilds get them). A few short mentions warm
 * the shards up first and are not measured.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { DEFAULT_GLOBAL_LIMIT } from '../../test/fake-discord/rate-limiter.ts';
import { DEFAULT_BUCKETS, FakeDiscord, latestVersion, type FakeInteraction, type StoredMessage } from '../../test/fake-discord/index.ts';
import type { SpreadGuild } from '../../test/fake-discord/seed.ts';
import { deltaStaleness, summarize, versionAges, type ShownVersion, type Summary } from '../bot/metrics.ts';
import { makeAnswer } from '../reply/answer.ts';
import { busiestWindow, peakOverlap, windowsOver, type Interval } from './metrics.ts';

/** What the parent asks for. */
export interface SideConfig {
  botToken: string;
  /** `session_start_limit.max_concurrency`: the shards identify together. */
  maxConcurrency: number;
  /** Gateway sessions to wait for before the load. */
  shards: number;
  guilds: number;
  conversations: number;
  /** Every `askEvery`-th conversation is an `/ask` (0: none). */
  askEvery: number;
  /** Only the guilds of this shard (of `shards`) get conversations: one busy shard, the others idle. */
  onlyShard?: number;
  rampMs: number;
  warmup: number;
  tokens: number;
  warmupTokens: number;
  ratePerSecond: number;
  /** The upstream's origin, for `/__control/`. */
  upstreamOrigin: string;
  /** Write every request the fake answered (no bodies) there as JSON lines, when set. */
  dumpRequestsTo?: string;
  /** Give up waiting after this long without any request to the fake, or this long in all. */
  idleTimeoutMs: number;
  phaseTimeoutMs: number;
}

/** Figures of one kind of reply. */
export interface KindResult {
  replies: number;
  /** Replies whose final text is the whole answer and that have their thread. */
  complete: number;
  staleness: Summary;
  unseenDeltas: number;
  /** The most replies of this kind the upstream was streaming at one moment. */
  peakStreaming: number;
  /** Dispatch → first visible text. */
  firstText: Summary;
  /** Dispatch → the bot's request to the upstream. */
  toUpstream: Summary;
  /** Last token sent → final text shown. */
  finalLag: Summary;
  /** Final text shown → thread opened on it. */
  toThread: Summary;
  /** Arrival of each write minus the send time of the newest delta it shows. */
  writeAge: Summary;
  /** Message writes per reply (creates and edits; an /ask's deferral not counted). */
  writesPerReply: number;
}

/** Everything the Discord side measured. */
export interface SideResult {
  mention: KindResult;
  ask: KindResult;
  rateLimits: { total: number; global: number; byRoute: Record<string, number> };
  botToken: {
    /** Bot-token requests that count against the global limit (every one sent, 429s included). */
    requests: number;
    busiestWindow: number;
    /** Windows `[t, t + 1 s)` from a request holding more than Discord's 50 of them. */
    windowsOverLimit: number;
    /** The same for the requests the fake let through (not 429). */
    busiestWindowAccepted: number;
    byRoute: Record<string, number>;
  };
  /** /asks not acknowledged within 3 s (the fake answers 10062). */
  lateDeferrals: number;
  deferral: Summary;
  loadMs: number;
  /** The fake's own event-loop delay during the load (its arrival times are this late at worst), ms. */
  fakeLoopDelay: { p99: number; max: number };
  internalErrors: number;
}

// Discord's global limit, as the fake keeps it: 50 per second
const GLOBAL_LIMIT = (DEFAULT_GLOBAL_LIMIT.limit * 1000) / DEFAULT_GLOBAL_LIMIT.windowMs;
const config = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as SideConfig;
const intervalMs = 1000 / config.ratePerSecond;
const answer = makeAnswer(config.tokens);
const ends = Array.from(answer.ends);
const warmupText = makeAnswer(config.warmupTokens, 7).text;

const send = (message: Record<string, unknown>) => process.stdout.write(`BENCH ${JSON.stringify(message)}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the world ------------------------------------------------------------------------------

const fake = await FakeDiscord.start({ botToken: config.botToken, maxConcurrency: config.maxConcurrency });
const seeded = fake.seedGuilds(config.guilds);
const guilds = config.onlyShard === undefined ? seeded : seeded.filter((guild) => fake.shardOf(guild.guildId, config.shards) === config.onlyShard);
const person = fake.defaults.users.member.id;
const botId = fake.bot.id;

const commands = createInterface({ input: process.stdin });
const waiters = new Map<string, () => void>();
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await fake.stop();
  process.exit(0);
};
commands.on('line', (line) => {
  if (line.trim() === 'stop') void stop();
  waiters.get(line.trim())?.();
});
commands.on('close', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
const command = (name: string) => new Promise<void>((resolve) => waiters.set(name, resolve));

send({ type: 'ready', restUrl: fake.restUrl });
await command('start');
await fake.waitFor(() => fake.gatewaySessions().filter((session) => session.connected).length >= config.shards, { timeoutMs: 30_000 });

// ---- conversations --------------------------------------------------------------------------

interface Conversation {
  tag: string;
  kind: 'mention' | 'ask';
  guildId: string;
  channelId: string;
  dispatchedAt?: number;
  mention?: StoredMessage;
  ask?: FakeInteraction;
}

function makeConversations(letter: string, count: number, askEvery: number, places: readonly SpreadGuild[]): Conversation[] {
  return Array.from({ length: count }, (_, index) => {
    const guild = places[index % places.length]!;
    const kind = askEvery > 0 && index % askEvery === askEvery - 1 ? 'ask' : 'mention';
    return { tag: `${letter}${String(index).padStart(4, '0')}`, kind, guildId: guild.guildId, channelId: guild.channelId };
  });
}

function begin(conversation: Conversation): void {
  conversation.dispatchedAt = Date.now();
  if (conversation.kind === 'ask') {
    conversation.ask = fake.sendSlashCommand({
      name: 'ask',
      options: { prompt: `${conversation.tag}/ask: explain how a Discord bot streams an answer.` },
      channelId: conversation.channelId,
      guildId: conversation.guildId,
      user: person,
    });
  } else {
    conversation.mention = fake.sendMessage({ channelId: conversation.channelId, author: person, content: `<@${botId}> ${conversation.tag}/mention: explain how a Discord bot streams an answer.` });
  }
}

/** The bot's answer: the /ask's original reply, or the bot's reply to the mention. */
function replyOf(conversation: Conversation): StoredMessage | undefined {
  if (conversation.ask !== undefined) {
    const id = conversation.ask.originalMessageId;
    return id === null ? undefined : fake.message(id);
  }
  const mentionId = conversation.mention?.id;
  return fake.messagesIn(conversation.channelId).find((message) => message.authorId === botId && message.reference?.messageId === mentionId);
}

/** Answered in full, with the thread the talk goes on in. */
function isDone(conversation: Conversation, text: string): boolean {
  const reply = replyOf(conversation);
  return reply !== undefined && reply.threadId !== null && latestVersion(reply).content === text;
}

/** Runs `act` for each item, evenly spread over `rampMs`. */
async function ramp<T>(items: T[], rampMs: number, act: (item: T) => void): Promise<void> {
  const started = performance.now();
  for (const [index, item] of items.entries()) {
    const wait = started + (items.length <= 1 ? 0 : (index * rampMs) / items.length) - performance.now();
    if (wait > 1) await sleep(wait);
    act(item);
  }
}

/** Polls until every conversation is done; gives up after `idleTimeoutMs` without a request, or `phaseTimeoutMs`. */
async function waitForAll(conversations: Conversation[], text: string): Promise<void> {
  const started = performance.now();
  let lastCount = fake.requests.length;
  let lastChange = performance.now();
  const pending = new Set(conversations);
  while (pending.size > 0) {
    for (const conversation of pending) if (isDone(conversation, text)) pending.delete(conversation);
    if (pending.size === 0) break;
    if (fake.requests.length !== lastCount) {
      lastCount = fake.requests.length;
      lastChange = performance.now();
    }
    if (performance.now() - lastChange > config.idleTimeoutMs || performance.now() - started > config.phaseTimeoutMs) {
      process.stderr.write(`discord-side: gave up waiting for ${pending.size} of ${conversations.length} conversations\n`);
      return;
    }
    await sleep(250);
  }
}

// ---- warm-up (not measured), then the load ---------------------------------------------------

if (config.warmup > 0) {
  // every shard warms up, the idle ones of a skewed run too
  const warm = makeConversations('w', config.warmup, 0, seeded);
  await ramp(warm, 500, begin);
  await waitForAll(warm, warmupText);
  await sleep(1000);
}

const measured = makeConversations('c', config.conversations, config.askEvery, guilds);
const requestsBefore = fake.requests.length;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const loadStart = Date.now();
send({ type: 'measure-start' });
await ramp(measured, config.rampMs, begin);
await waitForAll(measured, answer.text);
const loadEnd = Date.now();
loopDelay.disable();
send({ type: 'measure-end' });

// ---- what people saw ------------------------------------------------------------------------

const upstreamRequests = (await (await fetch(`${config.upstreamOrigin}/__control/requests`)).json()) as Array<{ tag: string; receivedAt: number }>;
const receivedAt = new Map<string, number>();
// the last request of a conversation is the one that streamed (a retry comes later)
for (const request of upstreamRequests) receivedAt.set(request.tag, request.receivedAt);

function measureKind(kind: 'mention' | 'ask'): KindResult {
  const staleness: number[] = [];
  const firstText: number[] = [];
  const toUpstream: number[] = [];
  const finalLag: number[] = [];
  const toThread: number[] = [];
  const writeAge: number[] = [];
  const streaming: Interval[] = [];
  let replies = 0;
  let complete = 0;
  let unseenDeltas = 0;
  let writes = 0;
  for (const conversation of measured.filter((candidate) => candidate.kind === kind)) {
    replies += 1;
    const reply = replyOf(conversation);
    const versions: ShownVersion[] = (reply?.versions ?? []).map((version) => ({ at: version.at, content: version.content }));
    writes += versions.filter((version) => version.content !== '').length;
    if (reply !== undefined && isDone(conversation, answer.text)) complete += 1;
    const firstVisible = versions.find((version) => version.content.trim() !== '');
    if (firstVisible !== undefined) firstText.push(firstVisible.at - conversation.dispatchedAt!);
    const upstreamAt = receivedAt.get(`${conversation.tag}/${kind}`);
    if (upstreamAt === undefined) {
      unseenDeltas += ends.length;
      continue;
    }
    toUpstream.push(upstreamAt - conversation.dispatchedAt!);
    const lastSentAt = upstreamAt + (ends.length - 1) * intervalMs;
    streaming.push({ from: upstreamAt, to: lastSentAt });
    const sentAt = (k: number) => upstreamAt + k * intervalMs;
    unseenDeltas += deltaStaleness(versions, answer.text, ends, sentAt, staleness).unseen;
    versionAges(versions, answer.text, ends, sentAt, writeAge);
    const final = versions.find((version) => version.content === answer.text);
    if (final !== undefined) finalLag.push(final.at - lastSentAt);
    const thread = reply?.threadId === null || reply?.threadId === undefined ? undefined : fake.channel(reply.threadId).thread;
    if (final !== undefined && thread !== undefined && thread !== null) toThread.push(Date.parse(thread.createTimestamp) - final.at);
  }
  return {
    replies,
    complete,
    staleness: summarize(staleness),
    unseenDeltas,
    peakStreaming: peakOverlap(streaming),
    firstText: summarize(firstText),
    toUpstream: summarize(toUpstream),
    finalLag: summarize(finalLag),
    toThread: summarize(toThread),
    writeAge: summarize(writeAge),
    writesPerReply: replies === 0 ? Number.NaN : writes / replies,
  };
}

const requests = fake.requests.slice(requestsBefore);
const exemptRoutes = new Set(DEFAULT_BUCKETS.filter((bucket) => bucket.globalExempt === true).flatMap((bucket) => bucket.routes));
// as the fake counts them: bot-token requests on routes that are not exempt
const counted = requests.filter((request) => request.withBotToken && !exemptRoutes.has(request.route ?? ''));
const countBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};
const limited = requests.filter((request) => request.status === 429);
const deferral: number[] = [];
let lateDeferrals = 0;
for (const conversation of measured) {
  if (conversation.ask === undefined) continue;
  const response = conversation.ask.responses[0];
  if (response === undefined || response.at - conversation.ask.dispatchedAt > 3000) lateDeferrals += 1;
  if (response !== undefined) deferral.push(response.at - conversation.ask.dispatchedAt);
}

const result: SideResult = {
  mention: measureKind('mention'),
  ask: measureKind('ask'),
  rateLimits: { total: limited.length, global: limited.filter((request) => request.responseHeaders['X-RateLimit-Global'] === 'true').length, byRoute: countBy(limited, (request) => request.route ?? request.path) },
  botToken: {
    requests: counted.length,
    busiestWindow: busiestWindow(counted.map((request) => request.realAt)).count,
    windowsOverLimit: windowsOver(counted.map((request) => request.realAt), GLOBAL_LIMIT),
    busiestWindowAccepted: busiestWindow(counted.filter((request) => request.status !== 429).map((request) => request.realAt)).count,
    byRoute: countBy(counted, (request) => request.route ?? request.path),
  },
  lateDeferrals,
  deferral: summarize(deferral),
  loadMs: loadEnd - loadStart,
  fakeLoopDelay: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
  internalErrors: fake.internalErrors.length,
};
if (config.dumpRequestsTo !== undefined) {
  const lines = requests.map((request) => JSON.stringify({ at: request.realAt, route: request.route, status: request.status, withBotToken: request.withBotToken }));
  writeFileSync(config.dumpRequestsTo, `${lines.join('\n')}\n`);
}
send({ type: 'result', result });
