/**
 * Bot benchmark (`npm run bench -- bot`): the real bot process (`node src/main.ts`) against the
 * fake Discord and a fake OpenAI upstream, each in a process of its own. 200 conversations at
 * once over 50 channels: 200 `/ask`s (spread over 2 s) whose answers stream at 50 tokens/s
 * (350 tokens, ~1,900 characters: 7 s), then, once every answer has its thread, one message
 * from the asker in each of the 200 threads, answered the same way. A short warm-up comes
 * first and is not measured.
 *
 * Reported, with targets:
 * - Discord 429s over the whole run (target 0).
 * - Staleness: from the upstream sending a delta (derived from the request's arrival and the
 *   fixed pacing) to the first message version on the fake Discord showing it; p50/p95/max.
 *   Target: p95 ≤ 1.25 × floor, where floor = max(window / limit of the bucket the reply's
 *   edits use, REPLY_MIN_EDIT_INTERVAL_MS) — 1 s for both kinds of reply with the fake's
 *   default buckets (webhook 5 per 2 s = 0.4 s, channel edits 5 per 5 s = 1 s) and the default
 *   1 s interval. No round trip is added to the floor (loopback: ~1 ms).
 * - Time to first visible text: dispatch of the `/ask` (or the thread message) → first stored
 *   version with visible content (not the deferred reply's empty placeholder); p50/p95.
 * - CPU (user + system, from /proc/<pid>/stat) of the bot process during the measured load, and
 *   as a share of one core; its peak RSS (VmHWM from /proc/<pid>/status). Linux only.
 *
 * Discord's global limit (50 requests/s per bot, counting only requests made with the bot
 * token: interaction callbacks and webhooks are outside it) is shared by all replies written
 * with the token: N of them streaming at once get at best one write each every N / 50 s. The
 * report prints that bound next to the figures.
 *
 * Images (BENCH_BOT_IMAGES images per thread, default 2, 0 for none; BENCH_BOT_IMAGE_BYTES each,
 * default 1 MiB): after the figures above are taken, every thread gets a message with that many
 * images, then a text message whose history holds them again, both answered by the (vision)
 * model. Reported: the bot's RSS before, after the image turn and after the text turn, its peak,
 * the CDN fetches of each turn, and the image cache's bound (ATTACHMENT_CACHE_BYTES, 64 MiB
 * unless BENCH_BOT_ATTACHMENT_CACHE_BYTES sets it), which decides how many images the text turn
 * fetches again.
 *
 * Sizes: BENCH_BOT_CONVERSATIONS, BENCH_BOT_CHANNELS, BENCH_BOT_TOKENS, BENCH_BOT_RAMP_MS,
 * BENCH_BOT_WARMUP, BENCH_BOT_MIN_EDIT_INTERVAL_MS. BENCH_BOT_DUMP_REQUESTS=<file> writes every
 * request the fake Discord answered (time, route, status, rate-limit headers) there, as JSON lines.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_GLOBAL_LIMIT } from '../test/fake-discord/rate-limiter.ts';
import { DEFAULT_TYPING_MARKER } from '../src/reply/reply-streamer.ts';
import { DISCORD_MESSAGE_LIMIT } from '../src/reply/split.ts';
import { makeAnswer } from './reply/answer.ts';
import type { ImagesResult, SideConfig, SideResult, PhaseResult } from './bot/discord-side.ts';
import { duration } from './bot/metrics.ts';
import {
  deployCommands,
  killAllChildrenNow,
  linesOf,
  sampleProcess,
  spawnNode,
  startBot,
  startFakeUpstream,
  stopAllChildren,
  stopChild,
  type ProcessSample,
} from './bot/processes.ts';

const numberSetting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0`);
  return value;
};

const CONVERSATIONS = numberSetting('BENCH_BOT_CONVERSATIONS', 200);
const CHANNELS = numberSetting('BENCH_BOT_CHANNELS', 50);
const TOKENS = numberSetting('BENCH_BOT_TOKENS', 350);
const RAMP_MS = numberSetting('BENCH_BOT_RAMP_MS', 2000);
const WARMUP = numberSetting('BENCH_BOT_WARMUP', 10);
const MIN_EDIT_INTERVAL_MS = numberSetting('BENCH_BOT_MIN_EDIT_INTERVAL_MS', 1000);
const IMAGES_PER_THREAD = numberSetting('BENCH_BOT_IMAGES', 2);
const IMAGE_BYTES = numberSetting('BENCH_BOT_IMAGE_BYTES', 2 ** 20);
// the bot's default (ATTACHMENT_CACHE_BYTES), stated in the report
const ATTACHMENT_CACHE_BYTES = numberSetting('BENCH_BOT_ATTACHMENT_CACHE_BYTES', 64 * 2 ** 20);
const RATE_PER_SECOND = 50;
// the fake Discord's default global limit (Discord's: 50 requests/s)
const GLOBAL_PER_SECOND = (DEFAULT_GLOBAL_LIMIT.limit * 1000) / DEFAULT_GLOBAL_LIMIT.windowMs;
const MODEL = 'gpt-4o-mini';

const started = performance.now();
const answer = makeAnswer(TOKENS);
if (answer.text.length + DEFAULT_TYPING_MARKER.length > DISCORD_MESSAGE_LIMIT) throw new Error(`an answer of ${TOKENS} tokens does not fit one Discord message`);
const directory = mkdtempSync(path.join(tmpdir(), 'cordial-bench-bot-'));

// whatever happens, no child and no temp dir outlives the benchmark
let cleanedUp = false;
async function cleanUp(): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  await stopAllChildren();
  rmSync(directory, { recursive: true, force: true });
}
process.on('exit', () => {
  killAllChildrenNow();
  rmSync(directory, { recursive: true, force: true });
});
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`bot benchmark: ${signal}, stopping its processes`);
    void cleanUp().finally(() => process.exit(130));
  });
}

interface Measurement {
  side: SideResult;
  bot: { online: ProcessSample; start: ProcessSample; end: ProcessSample; total: ProcessSample };
  fakeDiscordCpuShare: number;
  upstreamCpuShare: number;
  wallSeconds: number;
  botWarnings: string[];
  /** The images phase, when BENCH_BOT_IMAGES is set: what the Discord side saw and the bot's memory. */
  images?: { result: ImagesResult; afterImageTurn: ProcessSample; afterTextTurn: ProcessSample };
}

async function run(): Promise<Measurement> {
  const upstream = await startFakeUpstream({ models: [MODEL], scenario: { deltas: answer.tokens, ratePerSecond: RATE_PER_SECOND } });
  const sideConfig: SideConfig = {
    conversations: CONVERSATIONS,
    channels: CHANNELS,
    members: 20,
    rampMs: RAMP_MS,
    warmup: WARMUP,
    deltas: answer.tokens,
    warmupDeltas: makeAnswer(50, 7).tokens,
    ratePerSecond: RATE_PER_SECOND,
    upstreamOrigin: new URL(upstream.url).origin,
    minEditIntervalMs: MIN_EDIT_INTERVAL_MS,
    idleTimeoutMs: 15_000,
    phaseTimeoutMs: 60_000,
    ...(IMAGES_PER_THREAD > 0 ? { images: { perThread: IMAGES_PER_THREAD, bytes: IMAGE_BYTES } } : {}),
    ...(process.env['BENCH_BOT_DUMP_REQUESTS'] ? { dumpRequestsTo: path.resolve(process.env['BENCH_BOT_DUMP_REQUESTS']) } : {}),
  };
  const configPath = path.join(directory, 'discord-side.json');
  writeFileSync(configPath, JSON.stringify(sideConfig));
  const side = spawnNode('bench/bot/discord-side.ts', [configPath]);
  side.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[discord] ${chunk.toString()}`));
  const messages = new Map<string, Record<string, unknown>>();
  const waiters = new Map<string, (message: Record<string, unknown>) => void>();
  const sideExit = once(side, 'exit').then(([code]) => {
    throw new Error(`the Discord side exited early (${String(code)})`);
  });
  sideExit.catch(() => undefined);
  linesOf(side).on('line', (line) => {
    if (!line.startsWith('BENCH ')) return;
    const message = JSON.parse(line.slice('BENCH '.length)) as Record<string, unknown>;
    const type = String(message['type']);
    messages.set(type, message);
    waiters.get(type)?.(message);
  });
  const next = (type: string) =>
    Promise.race([
      new Promise<Record<string, unknown>>((resolve) => {
        const seen = messages.get(type);
        if (seen !== undefined) resolve(seen);
        else waiters.set(type, resolve);
      }),
      sideExit,
    ]);

  const ready = await next('ready');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '',
    CORDIAL_ENV_FILE: 'none',
    DISCORD_TOKEN: String(ready['botToken']),
    DISCORD_API_URL: String(ready['restUrl']),
    DEV_GUILD_ID: String(ready['guildId']),
    DATABASE_PATH: path.join(directory, 'cordial.sqlite'),
    PROVIDERS: 'openai',
    OPENAI_BASE_URL: upstream.url,
    OPENAI_MODELS: MODEL,
    DEFAULT_MODEL: `openai/${MODEL}`,
    REPLY_MIN_EDIT_INTERVAL_MS: String(MIN_EDIT_INTERVAL_MS),
    // a few seeded members stand in for hundreds of people: no per-person limit
    MAX_ANSWERS_PER_USER: '0',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    // the images phase: the fake's CDN stands for Discord's, and the model sees images
    DISCORD_ATTACHMENT_ORIGINS: String(ready['cdnOrigin']),
    OPENAI_VISION_MODELS: MODEL,
    ATTACHMENT_CACHE_BYTES: String(ATTACHMENT_CACHE_BYTES),
  };
  await deployCommands(env);
  const bot = await startBot(env);
  const pid = bot.child.pid!;
  const online = sampleProcess(pid);
  side.stdin!.write('start\n');

  await next('measure-start');
  const botStart = sampleProcess(pid);
  const sideStart = sampleProcess(side.pid!);
  const upstreamStart = sampleProcess(upstream.child.pid!);
  await next('measure-end');
  const botEnd = sampleProcess(pid);
  const sideEnd = sampleProcess(side.pid!);
  const upstreamEnd = sampleProcess(upstream.child.pid!);
  const wallSeconds = (botEnd.takenAt - botStart.takenAt) / 1000;
  const result = (await next('result'))['result'] as SideResult;
  const total = sampleProcess(pid);
  let images: Measurement['images'];
  if (IMAGES_PER_THREAD > 0) {
    await next('images-turn');
    const afterImageTurn = sampleProcess(pid);
    const imagesResult = (await next('images-result'))['result'] as ImagesResult;
    images = { result: imagesResult, afterImageTurn, afterTextTurn: sampleProcess(pid) };
  }

  // the bot first (or discord.js keeps reconnecting to a closed fake), then the fakes
  await stopChild(bot.child);
  side.stdin!.end('stop\n');
  await stopChild(side, 'SIGTERM', 5000);
  await stopChild(upstream.child);
  return {
    side: result,
    bot: { online, start: botStart, end: botEnd, total },
    fakeDiscordCpuShare: (sideEnd.cpuSeconds - sideStart.cpuSeconds) / wallSeconds,
    upstreamCpuShare: (upstreamEnd.cpuSeconds - upstreamStart.cpuSeconds) / wallSeconds,
    wallSeconds,
    botWarnings: bot.logs.filter((line) => /"level":(4|5|6)\d/.test(line)),
    ...(images === undefined ? {} : { images }),
  };
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const pair = (summary: { p50: number; p95: number }) => `${duration(summary.p50)} / ${duration(summary.p95)}`;

const mebibytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** The images phase: the bot's memory with every thread holding BENCH_BOT_IMAGES images. */
function imagesTable(measurement: Measurement): string {
  const { result, afterImageTurn, afterTextTurn } = measurement.images!;
  const sent = result.conversations * IMAGES_PER_THREAD;
  return table(
    [`images: ${IMAGES_PER_THREAD} of ${mebibytes(IMAGE_BYTES)} in each of ${result.conversations} threads`, 'value'],
    [
      ['image cache bound (ATTACHMENT_CACHE_BYTES)', `${mebibytes(ATTACHMENT_CACHE_BYTES)} (≈ ${Math.floor(ATTACHMENT_CACHE_BYTES / IMAGE_BYTES)} images of the ${sent})`],
      ['answers: the message with images; the text message after it', `${result.completeImageTurn} / ${result.conversations}; ${result.completeTextTurn} / ${result.conversations}`],
      ['CDN fetches: the message with images; the text message after it', `${result.fetchesImageTurn} of ${sent}; ${result.fetchesTextTurn} (images the cache no longer held)`],
      ['turn time: with images; after', `${duration(result.imageTurnMs)}; ${duration(result.textTurnMs)}`],
      ['bot RSS before the images (at the end of the load above)', mebibytes(measurement.bot.total.rssBytes)],
      ['bot RSS after the image turn; after the text turn', `${mebibytes(afterImageTurn.rssBytes)}; ${mebibytes(afterTextTurn.rssBytes)}`],
      ['bot peak RSS (VmHWM) before the images; with them', `${mebibytes(measurement.bot.total.peakRssBytes)}; ${mebibytes(afterTextTurn.peakRssBytes)}`],
    ],
  );
}

function report(measurement: Measurement): void {
  const { side, bot } = measurement;
  const { ask, thread } = side;
  const failures: string[] = [];
  const verdict = (name: string, ok: boolean) => {
    if (!ok) failures.push(name);
    return ok ? 'met' : 'MISSED';
  };

  const staleRow = (phase: PhaseResult) => `${duration(phase.staleness.p95)} = ${(phase.staleness.p95 / phase.floorMs).toFixed(2)} × floor`;
  const bothMet = (ok: (phase: PhaseResult) => boolean) => ok(ask) && ok(thread);
  const perReply = table(
    ['per reply', '/ask replies', 'thread replies', 'target', ''],
    [
      ['edits go through', `webhook, ${duration(ask.bucketPeriodMs)}/edit`, `channel edit, ${duration(thread.bucketPeriodMs)}/edit`, '', ''],
      ['floor', duration(ask.floorMs), duration(thread.floorMs), '', ''],
      ['staleness p50', duration(ask.staleness.p50), duration(thread.staleness.p50), '', ''],
      ['staleness p95', staleRow(ask), staleRow(thread), '≤ 1.25 × floor', verdict('p95 staleness', bothMet((phase) => phase.staleness.p95 <= 1.25 * phase.floorMs))],
      ['staleness max', duration(ask.staleness.max), duration(thread.staleness.max), '', ''],
      ['first visible text p50 / p95', pair(ask.firstText), pair(thread.firstText), '', ''],
      ['complete answers', `${ask.complete} / ${ask.replies}`, `${thread.complete} / ${thread.replies}`, 'all', verdict('complete answers', bothMet((phase) => phase.complete === CONVERSATIONS && phase.unseenDeltas === 0))],
      ['dispatch → upstream request p50 / p95', pair(ask.toUpstream), pair(thread.toUpstream), '', ''],
      ['last token → final text p50 / p95', pair(ask.finalLag), pair(thread.finalLag), '', ''],
      ['age of a write\'s text on arrival p50 / p95', pair(ask.writeAge), pair(thread.writeAge), '', ''],
      ['writes per reply', ask.writesPerReply.toFixed(1), thread.writesPerReply.toFixed(1), '', ''],
      ['phase time', duration(ask.durationMs), duration(thread.durationMs), '', ''],
    ],
  );

  const globalLimits = side.rateLimits.filter((limit) => limit.global).length;
  const cpuSeconds = bot.end.cpuSeconds - bot.start.cpuSeconds;
  const whole = table(
    ['whole run', 'value', 'target', ''],
    [
      ['Discord 429s', `${side.rateLimits.length}${side.rateLimits.length > 0 ? ` (${globalLimits} global)` : ''}`, '0', verdict('429s', side.rateLimits.length === 0)],
      ['staleness p50 / p95 / max, all replies', `${pair(side.staleness)} / ${duration(side.staleness.max)}`, '', ''],
      ['/ask deferral p50 / p95; late or missing', `${pair(side.deferral)}; ${side.lateDeferrals}`, '< 3 s; 0', verdict('deferrals', side.lateDeferrals === 0 && side.deferral.max < 3000)],
      ['bot CPU (user + sys) during the load', `${cpuSeconds.toFixed(2)} s in ${measurement.wallSeconds.toFixed(1)} s = ${((cpuSeconds / measurement.wallSeconds) * 100).toFixed(0)} % of one core`, '', ''],
      ['bot CPU over its whole life', `${bot.total.cpuSeconds.toFixed(2)} s`, '', ''],
      ['bot RSS when online; peak RSS (VmHWM)', `${(bot.online.rssBytes / 2 ** 20).toFixed(0)} MiB; ${(bot.total.peakRssBytes / 2 ** 20).toFixed(0)} MiB`, '', ''],
      ['Discord requests during the load; busiest second', `${side.requests.measured}; ${side.requests.peakPerSecond}`, '', ''],
      ['seconds at the global limit (≥ 95 %)', `${side.requests.secondsAtGlobalLimit} of ${side.requests.seconds}`, '', ''],
      ['CPU of the fake Discord / the fake upstream', `${(measurement.fakeDiscordCpuShare * 100).toFixed(0)} % / ${(measurement.upstreamCpuShare * 100).toFixed(0)} % of one core`, '', ''],
    ],
  );

  // Discord's global limit: the bound for replies written with the bot token (thread replies)
  const wantedPerSecond = CONVERSATIONS * (1000 / Math.max(ask.floorMs, 1));
  const bestGapMs = (CONVERSATIONS / GLOBAL_PER_SECOND) * 1000;
  console.log(`${CONVERSATIONS} conversations over ${CHANNELS} channels and their threads; answers of ${TOKENS} tokens (${answer.text.length} characters) at ${RATE_PER_SECOND} tokens/s.`);
  console.log(`/asks, then thread messages, each spread over ${duration(RAMP_MS)}; REPLY_MIN_EDIT_INTERVAL_MS=${MIN_EDIT_INTERVAL_MS}; ${WARMUP} warm-up conversations not measured.`);
  console.log('Staleness: the upstream sent a delta → the first Discord message version showing it. Floor: max(window / limit of');
  console.log('the bucket, REPLY_MIN_EDIT_INTERVAL_MS), no round trip added. First visible text: dispatch → first non-empty version.');
  console.log(
    `Global limit: ${GLOBAL_PER_SECOND} requests/s; ${CONVERSATIONS} replies at one write per floor want ${wantedPerSecond.toFixed(0)}/s` +
      (wantedPerSecond > GLOBAL_PER_SECOND ? ` → at best one write per reply every ${duration(bestGapMs)}.\n` : '.\n'),
  );
  console.log(perReply);
  console.log('');
  console.log(whole);
  if (measurement.images !== undefined) console.log(`\n${imagesTable(measurement)}`);
  if (side.rateLimits.length > 0) {
    const first = side.rateLimits[0]!.at;
    console.log(`\n429s (seconds after the first): ${side.rateLimits.map((limit) => `${((limit.at - first) / 1000).toFixed(3)} ${limit.global ? 'global' : 'bucket'} ${limit.route ?? '?'}`).join('; ')}`);
  }
  if (side.internalErrors > 0) console.log(`\nThe fake Discord failed on ${side.internalErrors} requests (paths it does not model).`);
  if (measurement.botWarnings.length > 0) {
    console.log(`\nThe bot logged ${measurement.botWarnings.length} warnings or errors; the first:`);
    for (const warning of measurement.botWarnings.slice(0, 3)) console.log(`  ${warning.slice(0, 400)}`);
  }
  console.log(`\nDiscord requests by route during the load: ${Object.entries(side.requests.byRoute).map(([route, count]) => `${route} ${count}`).join('; ')}`);
  console.log(failures.length === 0 ? '\nAll targets met.' : `\nTargets MISSED: ${failures.join(', ')}.`);
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

try {
  report(await run());
} catch (error) {
  // after a signal, the failure is only the children having been stopped
  if (!interrupted) console.error(`bot benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = interrupted ? 130 : 1;
} finally {
  await cleanUp();
}
