/**
 * The Discord side of the bot benchmark, as its own process (so neither the bot's CPU figures
 * nor its event loop share anything with the fake): starts the fake Discord with its default
 * rate limits, seeds one server with the benchmark's channels and people, drives the load,
 * and measures what people saw from the fake's record of every message version.
 *
 *   node bench/bot/discord-side.ts <file with the SideConfig as JSON>
 *
 * Protocol: JSON lines on stdout, each prefixed `BENCH `: `ready` (REST URL, token, server id),
 * `measure-start`, `measure-end`, `result` (a `SideResult`). On stdin: `start` once the bot is
 * online; `stop` or end of input stops the fake and exits.
 *
 * Load: `/ask` in every channel in turn (one conversation per `/ask`), spread over `rampMs`;
 * once every answer has its thread, one message from the asker in each thread, spread the same
 * way — so both phases keep every conversation streaming at once. A warm-up of a few short
 * conversations comes first and is not measured.
 *
 * With `images` (BENCH_BOT_IMAGES), after the result: one more message in every thread, with
 * that many images of `bytes` each, then a text message (whose history holds the images again),
 * both answered as before; `images-turn` and `images-result` report them. The figures above
 * are measured before, so they stay comparable with runs without images.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DEFAULT_GLOBAL_LIMIT } from '../../test/fake-discord/rate-limiter.ts';
import { DEFAULT_BUCKETS, FakeDiscord, latestVersion, type FakeInteraction, type RecordedRequest, type StoredMessage } from '../../test/fake-discord/index.ts';
import type { AttachmentInput } from '../../test/fake-discord/cdn.ts';
import { deltaStaleness, summarize, versionAges, type ShownVersion, type Summary } from './metrics.ts';

/** What the parent asks for. */
export interface SideConfig {
  conversations: number;
  channels: number;
  /** People taking part (the askers, round robin). */
  members: number;
  /** Spread of the `/ask`s (and then of the thread messages) over this many ms. */
  rampMs: number;
  /** Warm-up conversations (short answers, not measured). */
  warmup: number;
  /** The deltas of every measured answer (the upstream's default scenario). */
  deltas: string[];
  /** The deltas of warm-up answers. */
  warmupDeltas: string[];
  /** Tokens per second of the upstream. */
  ratePerSecond: number;
  /** The upstream's origin, for `/__control/`. */
  upstreamOrigin: string;
  /** The bot's REPLY_MIN_EDIT_INTERVAL_MS. */
  minEditIntervalMs: number;
  /** Give up waiting for a phase after this long without any request to the fake. */
  idleTimeoutMs: number;
  /** Give up waiting for a phase after this long in any case. */
  phaseTimeoutMs: number;
  /** Write every request the fake answered (without bodies) to this file, as JSON lines. */
  dumpRequestsTo?: string;
  /** The images phase: images per thread message and bytes per image (off when absent). */
  images?: { perThread: number; bytes: number };
}

/** What the images phase saw. */
export interface ImagesResult {
  conversations: number;
  /** Answers to the message with images, and to the text message after it. */
  completeImageTurn: number;
  completeTextTurn: number;
  /** Attachment fetches from the CDN during each turn. */
  fetchesImageTurn: number;
  fetchesTextTurn: number;
  /** Wall time of each turn, ms. */
  imageTurnMs: number;
  textTurnMs: number;
}

/** Figures of one kind of reply (`/ask` answers or thread turns). */
export interface PhaseResult {
  replies: number;
  complete: number;
  /** Staleness of every delta shown, ms. */
  staleness: Summary;
  /** Deltas never shown (replies that did not finish). */
  unseenDeltas: number;
  /** window / limit of the bucket the reply's edits use, ms. */
  bucketPeriodMs: number;
  bucketName: string;
  /** max(bucket period, REPLY_MIN_EDIT_INTERVAL_MS). */
  floorMs: number;
  /** Dispatch → first visible text, ms. */
  firstText: Summary;
  /** Dispatch → the bot's request to the upstream, ms. */
  toUpstream: Summary;
  /** Last delta sent → final text shown, ms. */
  finalLag: Summary;
  /** Arrival of each write minus the send time of the newest delta it shows, ms. */
  writeAge: Summary;
  /** Writes per reply (creates + edits; not the deferral). */
  writesPerReply: number;
  /** Wall time of the phase, ms. */
  durationMs: number;
}

/** A 429 the fake sent. */
export interface RateLimitRecord {
  route: string | null;
  global: boolean;
  at: number;
}

/** Everything the Discord side measured. */
export interface SideResult {
  ask: PhaseResult;
  thread: PhaseResult;
  /** Both phases' deltas together. */
  staleness: Summary;
  rateLimits: RateLimitRecord[];
  /** Deferrals later than the 3 s deadline (answered 10062) or never made. */
  lateDeferrals: number;
  /** Interaction callback: dispatch → deferral stored, ms. */
  deferral: Summary;
  requests: {
    total: number;
    measured: number;
    peakPerSecond: number;
    /** Seconds of the load in which the requests that count against the global limit reached it. */
    secondsAtGlobalLimit: number;
    /** Seconds of the load. */
    seconds: number;
    byRoute: Record<string, number>;
  };
  internalErrors: number;
}

const config = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as SideConfig;
const intervalMs = 1000 / config.ratePerSecond;
const answer = config.deltas.join('');
const ends: number[] = [];
for (const delta of config.deltas) ends.push((ends.at(-1) ?? 0) + delta.length);
const warmupAnswer = config.warmupDeltas.join('');

function send(message: Record<string, unknown>): void {
  process.stdout.write(`BENCH ${JSON.stringify(message)}\n`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the world ------------------------------------------------------------------------

const fake = await FakeDiscord.start();
const seeded = fake.seedGuild({
  name: 'Bench Server',
  channels: Array.from({ length: config.channels }, (_, index) => `bench-${String(index).padStart(2, '0')}`),
  members: Array.from({ length: config.members }, (_, index) => ({ username: `person${index}`, globalName: `Person ${index}` })),
});
const channelIds = Object.values(seeded.channels).map((channel) => channel.id);
const memberIds = Object.values(seeded.members).map((user) => user.id);

const commands = createInterface({ input: process.stdin });
const commandWaiters = new Map<string, () => void>();
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await fake.stop();
  process.exit(0);
};
commands.on('line', (line) => {
  const command = line.trim();
  if (command === 'stop') void stop();
  commandWaiters.get(command)?.();
});
commands.on('close', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
const command = (name: string) => new Promise<void>((resolve) => commandWaiters.set(name, resolve));

send({ type: 'ready', restUrl: fake.restUrl, botToken: fake.botToken, guildId: seeded.guild.id, cdnOrigin: fake.cdnOrigin });
await command('start');
await fake.waitFor(() => fake.gatewaySessions().some((session) => session.connected), { timeoutMs: 10_000 });

// ---- conversations ------------------------------------------------------------------------

interface Conversation {
  tag: string;
  channelId: string;
  userId: string;
  ask?: FakeInteraction;
  threadId?: string;
  followUp?: StoredMessage;
}

function makeConversations(prefix: string, count: number): Conversation[] {
  return Array.from({ length: count }, (_, index) => ({
    tag: `${prefix}${String(index).padStart(3, '0')}`,
    channelId: channelIds[index % channelIds.length]!,
    userId: memberIds[index % memberIds.length]!,
  }));
}

/** Runs `act` for each item, evenly spread over `rampMs`. */
async function ramp<T>(items: T[], rampMs: number, act: (item: T) => void): Promise<void> {
  const started = performance.now();
  for (const [index, item] of items.entries()) {
    const due = started + (items.length <= 1 ? 0 : (index * rampMs) / items.length);
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    act(item);
  }
}

/**
 * Waits until `done()` holds for every item, polling (cheaper than re-checking on every event
 * with hundreds of writes a second); gives up when the fake saw no request for
 * `idleTimeoutMs`, or after `phaseTimeoutMs`.
 */
async function waitForAll<T>(items: T[], done: (item: T) => boolean): Promise<void> {
  const started = performance.now();
  let lastCount = fake.requests.length;
  let lastChange = performance.now();
  const pending = new Set(items);
  while (pending.size > 0) {
    for (const item of pending) if (done(item)) pending.delete(item);
    if (pending.size === 0) break;
    const count = fake.requests.length;
    if (count !== lastCount) {
      lastCount = count;
      lastChange = performance.now();
    }
    if (performance.now() - lastChange > config.idleTimeoutMs || performance.now() - started > config.phaseTimeoutMs) {
      process.stderr.write(`discord-side: gave up waiting for ${pending.size} of ${items.length} conversations\n`);
      return;
    }
    await sleep(100);
  }
}

function originalReply(conversation: Conversation): StoredMessage | undefined {
  const id = conversation.ask?.originalMessageId;
  return id === null || id === undefined ? undefined : fake.message(id);
}

/** The bot's messages in the thread after the person's message. */
function threadReplies(conversation: Conversation): StoredMessage[] {
  const { threadId, followUp } = conversation;
  if (threadId === undefined || followUp === undefined) return [];
  const after = BigInt(followUp.id);
  return fake.messagesIn(threadId).filter((message) => message.authorId === fake.bot.id && BigInt(message.id) > after);
}

async function askAll(conversations: Conversation[], rampMs: number): Promise<void> {
  await ramp(conversations, rampMs, (conversation) => {
    conversation.ask = fake.sendSlashCommand({
      name: 'ask',
      options: { prompt: `${conversation.tag}/ask: explain how a Discord bot streams an answer.` },
      channelId: conversation.channelId,
      guildId: seeded.guild.id,
      user: conversation.userId,
    });
  });
  // the bot opens the thread once the answer is final
  await waitForAll(conversations, (conversation) => {
    const threadId = originalReply(conversation)?.threadId ?? undefined;
    if (threadId !== undefined) conversation.threadId = threadId;
    return threadId !== undefined;
  });
}

async function followUpAll(
  conversations: Conversation[],
  rampMs: number,
  expected: string,
  message: { text: string; attachments?: AttachmentInput[] } = { text: 'thanks! and what happens next?' },
): Promise<void> {
  const withThreads = conversations.filter((conversation) => conversation.threadId !== undefined);
  await ramp(withThreads, rampMs, (conversation) => {
    conversation.followUp = fake.sendMessage({
      channelId: conversation.threadId!,
      author: conversation.userId,
      content: `${conversation.tag}/thread: ${message.text}`,
      ...(message.attachments === undefined ? {} : { attachments: message.attachments }),
    });
  });
  await waitForAll(withThreads, (conversation) => threadReplies(conversation).some((message) => latestVersion(message).content === expected));
}

/** Answers that were completed, among conversations with a thread. */
function completed(conversations: Conversation[], expected: string): number {
  return conversations.filter((conversation) => threadReplies(conversation).some((message) => latestVersion(message).content === expected)).length;
}

async function enqueueUpstream(count: number, deltas: string[]): Promise<void> {
  const scenarios = Array.from({ length: count }, () => ({ deltas, ratePerSecond: config.ratePerSecond }));
  const response = await fetch(`${config.upstreamOrigin}/__control/enqueue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(scenarios) });
  if (!response.ok) throw new Error(`upstream enqueue failed: ${response.status}`);
}

// ---- warm-up (not measured) -----------------------------------------------------------------

if (config.warmup > 0) {
  const warm = makeConversations('w', config.warmup);
  await enqueueUpstream(warm.length, config.warmupDeltas);
  await askAll(warm, 200);
  await enqueueUpstream(warm.length, config.warmupDeltas);
  await followUpAll(warm, 200, warmupAnswer);
  await sleep(500);
}

// ---- the measured load ------------------------------------------------------------------------

const measured = makeConversations('c', config.conversations);
const requestsBefore = fake.requests.length;
const measureStart = Date.now();
send({ type: 'measure-start' });
const askStart = Date.now();
await askAll(measured, config.rampMs);
const askEnd = Date.now();
await followUpAll(measured, config.rampMs, answer);
const threadEnd = Date.now();
send({ type: 'measure-end' });
const measureEnd = Date.now();

// ---- what people saw --------------------------------------------------------------------------

interface UpstreamRequest {
  method: string;
  path: string;
  parsedBody?: { messages?: Array<{ role: string; content: unknown }> };
  receivedAt: number;
  response?: { status: number };
}

const upstreamRequests = (await (await fetch(`${config.upstreamOrigin}/__control/requests`)).json()) as UpstreamRequest[];
const receivedAt = new Map<string, number>();
for (const request of upstreamRequests) {
  if (request.method !== 'POST' || !request.path.endsWith('/chat/completions')) continue;
  const lastUser = request.parsedBody?.messages?.filter((message) => message.role === 'user').at(-1);
  const text = typeof lastUser?.content === 'string' ? lastUser.content : JSON.stringify(lastUser?.content ?? '');
  const tag = /\b([cw]\d{3})\/(ask|thread)\b/.exec(text);
  // the last request of a conversation's turn is the one that streamed (retries come later)
  if (tag !== null) receivedAt.set(`${tag[1]}/${tag[2]}`, request.receivedAt);
}

function periodOf(bucketName: string): number {
  const bucket = DEFAULT_BUCKETS.find((candidate) => candidate.name === bucketName)!;
  return bucket.windowMs / bucket.limit;
}

function measurePhase(kind: 'ask' | 'thread', durationMs: number): PhaseResult & { values: number[] } {
  const values: number[] = [];
  const firstText: number[] = [];
  const toUpstream: number[] = [];
  const finalLag: number[] = [];
  const writeAge: number[] = [];
  let replies = 0;
  let complete = 0;
  let unseenDeltas = 0;
  let writes = 0;
  for (const conversation of measured) {
    const startedAt = kind === 'ask' ? conversation.ask?.dispatchedAt : conversation.followUp?.createdAt;
    if (startedAt === undefined) continue;
    replies += 1;
    const messages = kind === 'ask' ? [originalReply(conversation)].filter((message) => message !== undefined) : threadReplies(conversation);
    // the answer fits one message; should it be split, the first message carries the staleness
    const versions: ShownVersion[] = (messages[0]?.versions ?? []).map((version) => ({ at: version.at, content: version.content }));
    writes += messages.reduce((sum, message) => sum + message.versions.filter((version) => version.content !== '').length, 0);
    if (messages.length === 1 && latestVersion(messages[0]!).content === answer) complete += 1;
    const firstVisible = versions.find((version) => version.content.trim() !== '');
    if (firstVisible !== undefined) firstText.push(firstVisible.at - startedAt);
    const upstreamAt = receivedAt.get(`${conversation.tag}/${kind}`);
    if (upstreamAt === undefined) {
      unseenDeltas += ends.length;
      continue;
    }
    toUpstream.push(upstreamAt - startedAt);
    const sentAt = (k: number) => upstreamAt + k * intervalMs;
    const { unseen } = deltaStaleness(versions, answer, ends, sentAt, values);
    versionAges(versions, answer, ends, sentAt, writeAge);
    unseenDeltas += unseen;
    const final = versions.find((version) => version.content === answer);
    if (final !== undefined) finalLag.push(final.at - (upstreamAt + (ends.length - 1) * intervalMs));
  }
  const bucketName = kind === 'ask' ? 'webhook' : 'channel-message-edit';
  const bucketPeriodMs = periodOf(bucketName);
  return {
    replies,
    complete,
    staleness: summarize(values),
    values,
    unseenDeltas,
    bucketName,
    bucketPeriodMs,
    floorMs: Math.max(bucketPeriodMs, config.minEditIntervalMs),
    firstText: summarize(firstText),
    toUpstream: summarize(toUpstream),
    finalLag: summarize(finalLag),
    writeAge: summarize(writeAge),
    writesPerReply: replies === 0 ? Number.NaN : writes / replies,
    durationMs,
  };
}

const { values: askValues, ...ask } = measurePhase('ask', askEnd - askStart);
const { values: threadValues, ...thread } = measurePhase('thread', threadEnd - askEnd);

const requests = fake.requests;
const rateLimits: RateLimitRecord[] = requests
  .filter((request) => request.status === 429)
  .map((request) => ({ route: request.route, global: request.responseHeaders['X-RateLimit-Global'] === 'true', at: request.realAt }));
const measuredRequests = requests.slice(requestsBefore).filter((request: RecordedRequest) => request.realAt >= measureStart && request.realAt <= measureEnd);
const perSecond = new Map<number, number>();
const globalPerSecond = new Map<number, number>();
const exemptRoutes = new Set(DEFAULT_BUCKETS.filter((bucket) => bucket.globalExempt === true).flatMap((bucket) => bucket.routes));
const byRoute: Record<string, number> = {};
for (const request of measuredRequests) {
  const second = Math.floor((request.realAt - measureStart) / 1000);
  perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  // as the fake does: only bot-token requests on routes that are not exempt count globally
  if (request.withBotToken && !exemptRoutes.has(request.route ?? '')) globalPerSecond.set(second, (globalPerSecond.get(second) ?? 0) + 1);
  const route = request.route ?? `${request.method} (unknown route)`;
  byRoute[route] = (byRoute[route] ?? 0) + 1;
}
const deferral: number[] = [];
let lateDeferrals = 0;
for (const conversation of measured) {
  const interaction = conversation.ask;
  if (interaction === undefined) continue;
  const response = interaction.responses[0];
  if (response === undefined) lateDeferrals += 1;
  else deferral.push(response.at - interaction.dispatchedAt);
}

const result: SideResult = {
  ask,
  thread,
  staleness: summarize([...askValues, ...threadValues]),
  rateLimits,
  lateDeferrals,
  deferral: summarize(deferral),
  requests: {
    total: requests.length,
    measured: measuredRequests.length,
    peakPerSecond: Math.max(0, ...perSecond.values()),
    secondsAtGlobalLimit: [...globalPerSecond.values()].filter((count) => count >= 0.95 * DEFAULT_GLOBAL_LIMIT.limit * (1000 / DEFAULT_GLOBAL_LIMIT.windowMs)).length,
    seconds: Math.ceil((measureEnd - measureStart) / 1000),
    byRoute,
  },
  internalErrors: fake.internalErrors.length,
};
if (config.dumpRequestsTo !== undefined) {
  const lines = requests.map((request) =>
    JSON.stringify({ at: request.realAt, route: request.route, path: request.path, status: request.status, headers: request.responseHeaders }),
  );
  writeFileSync(config.dumpRequestsTo, `${lines.join('\n')}\n`);
}
send({ type: 'result', result });

// ---- images (BENCH_BOT_IMAGES): after the result, so the figures above stay comparable ---------

if (config.images !== undefined && config.images.perThread > 0) {
  const { perThread, bytes } = config.images;
  // PNG bytes (the signature, then filler): the bot tells images by their first bytes
  const images = Array.from({ length: perThread }, (_, index) => {
    const image = new Uint8Array(bytes).fill(index + 1);
    image.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return { filename: `photo-${index}.png`, bytes: image };
  });
  // the upstream keeps every request it was sent: with megabytes of images in each, forget the
  // ones already measured before each turn (its default scenario stays)
  const forgetUpstreamRequests = async () => void (await fetch(`${config.upstreamOrigin}/__control/reset`, { method: 'POST' })).body?.cancel();
  let fetchesBefore = fake.cdnRequests.length;
  let started = Date.now();
  await forgetUpstreamRequests();
  await enqueueUpstream(measured.length, config.deltas);
  await followUpAll(measured, config.rampMs, answer, { text: 'what is in these pictures?', attachments: images });
  const completeImageTurn = completed(measured, answer);
  const fetchesImageTurn = fake.cdnRequests.length - fetchesBefore;
  const imageTurnMs = Date.now() - started;
  send({ type: 'images-turn' });
  fetchesBefore = fake.cdnRequests.length;
  started = Date.now();
  await forgetUpstreamRequests();
  await enqueueUpstream(measured.length, config.deltas);
  await followUpAll(measured, config.rampMs, answer, { text: 'and which is brighter?' });
  const imagesResult: ImagesResult = {
    conversations: measured.length,
    completeImageTurn,
    completeTextTurn: completed(measured, answer),
    fetchesImageTurn,
    fetchesTextTurn: fake.cdnRequests.length - fetchesBefore,
    imageTurnMs,
    textTurnMs: Date.now() - started,
  };
  send({ type: 'images-result', result: imagesResult });
}
