/**
 * `/usage` over a million answers: writes a realistic history (500 servers, 20,000 people, 8
 * models, 90 days; `usage-history.ts`) through the store's own `recordUsage` (its row and the
 * daily rollup) in batched transactions, then times the reads `/usage` and quotas make on the
 * busiest server and the most active person (p50/p95 of repeated runs), prints each query's
 * plan (each must use an index and never scan answer_usage), and the file's size per million
 * answers with and without the rollup. Target: every read well within Discord's 3 s to answer
 * an interaction (p95 under 1 s). BENCH_USAGE_ANSWERS changes the number of answers.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openSqliteStore } from '../src/store/store.ts';
import { answerRecords } from '../src/store/answer-records.ts';
import { configureDatabase } from '../src/store/open-database.ts';
import { USAGE_QUERIES } from '../src/store/usage-report.ts';
import { addDays, utcDay } from '../src/store/usage-day.ts';
import { guildKey } from '../src/store/usage-records.ts';
import { quantile, table } from './reply/stats.ts';
import { usageHistory } from './usage-history.ts';

const ANSWERS = Number(process.env['BENCH_USAGE_ANSWERS'] ?? 1_000_000);
const BATCH = 20_000;
const END_MS = Date.UTC(2026, 0, 1);
const LAST_DAY = utcDay(END_MS - 1);
const TARGET_MS = 1_000;
const DISCORD_DEADLINE_MS = 3_000;

function milliseconds(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(1)} ms`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** p50 and p95 of `runs` timed calls of `work`, after a few warm-up calls. */
function timed(runs: number, work: () => unknown): { p50: number; p95: number } {
  for (let warm = 0; warm < 3; warm += 1) work();
  const samples = new Float64Array(runs);
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    work();
    samples[run] = performance.now() - started;
  }
  samples.sort();
  return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}

const directory = mkdtempSync(join(tmpdir(), 'cordial-usage-bench-'));
const path = join(directory, 'cordial.sqlite');
try {
  openSqliteStore({ path }).close();

  // the writes: the store's own recordUsage, joining one transaction per batch
  const writer = new DatabaseSync(path);
  configureDatabase(writer, path);
  // 64 MB of page cache for the batches (the bot's default is 2 MB): the million rows land in
  // three indexes at scattered places, and a small cache would re-read those pages from disk
  writer.exec('PRAGMA cache_size = -65536');
  const records = answerRecords(writer, () => END_MS);
  const writeStarted = performance.now();
  let inBatch = 0;
  writer.exec('BEGIN IMMEDIATE');
  for (const answer of usageHistory({ answers: ANSWERS, servers: 500, people: 20_000, models: 8, days: 90, endMs: END_MS, seed: 11 })) {
    records.recordUsage(answer);
    if (++inBatch === BATCH) {
      writer.exec('COMMIT; BEGIN IMMEDIATE');
      inBatch = 0;
    }
  }
  writer.exec('COMMIT');
  const writeMs = performance.now() - writeStarted;
  writer.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const counts = writer.prepare('SELECT (SELECT count(*) FROM answer_usage) AS answers, (SELECT count(*) FROM usage_daily) AS rollup').get()!;
  const busiest = writer
    .prepare("SELECT guild_id, sum(answers) AS answers, count(DISTINCT user_id) AS people FROM usage_daily WHERE guild_id <> '' GROUP BY guild_id ORDER BY 2 DESC LIMIT 1")
    .get()!;
  const heaviest = writer.prepare('SELECT user_id, sum(answers) AS answers FROM usage_daily GROUP BY user_id ORDER BY 2 DESC LIMIT 1').get()!;
  const guildId = String(busiest['guild_id']);
  const userId = String(heaviest['user_id']);
  const pages = (names: string[]) =>
    Number(writer.prepare(`SELECT sum(pgsize) AS bytes FROM dbstat WHERE name IN (${names.map(() => '?').join(', ')})`).get(...names)!['bytes']);
  const rollupBytes = pages(['usage_daily', 'usage_daily_by_user_day']);
  const rowsBytes = pages(['answer_usage', 'answer_usage_by_guild_time', 'answer_usage_by_user_time']);

  // the plans: the parameters only shape the plan, any value will do
  const plans = Object.entries(USAGE_QUERIES).map(([name, sql]) => {
    const plan = writer
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => '1'))
      .map((row) => String(row['detail']));
    const usesIndex = plan.some((detail) => /USING (COVERING INDEX|INDEX|PRIMARY KEY)/.test(detail));
    const scansRows = plan.some((detail) => /SCAN answer_usage/.test(detail));
    return { name, plan, good: usesIndex && !scansRows && !plan.some((detail) => /^SCAN usage_daily$/.test(detail)) };
  });
  writer.close();
  const fileBytes = statSync(path).size;

  // the reads, through the store as the bot opens it
  const store = openSqliteStore({ path });
  const last30 = { fromDay: addDays(LAST_DAY, -29), toDay: LAST_DAY };
  const last90 = { fromDay: addDays(LAST_DAY, -89), toDay: LAST_DAY };
  const report90 = store.usageReport(guildId, last90);
  const reads: Array<[string, { p50: number; p95: number }]> = [
    ['usageReport, busiest server, 30 days', timed(50, () => store.usageReport(guildId, last30))],
    ['usageReport, busiest server, 90 days', timed(50, () => store.usageReport(guildId, last90))],
    ['personUsage, most active person, 90 days, everywhere', timed(200, () => store.personUsage(userId, last90))],
    ['personUsage, most active person, 90 days, one server', timed(200, () => store.personUsage(userId, { ...last90, guildId }))],
    ['tokensUsedOn, busiest server, a day', timed(1_000, () => store.tokensUsedOn(LAST_DAY, { guildId }))],
    ['tokensUsedOn, a person in the busiest server, a day', timed(1_000, () => store.tokensUsedOn(LAST_DAY, { guildId, userId }))],
  ];
  store.close();

  // for scale: the same server's days summed from the raw rows (what the rollup saves)
  const raw = new DatabaseSync(path, { readOnly: true });
  const fromMs = Date.parse(`${last90.fromDay}T00:00:00Z`);
  const daysFromRows = raw.prepare(
    `SELECT strftime('%Y-%m-%d', answered_at / 1000, 'unixepoch') AS day, count(*), sum(prompt_tokens), sum(completion_tokens)
     FROM answer_usage WHERE guild_id = ? AND answered_at >= ? AND answered_at < ? GROUP BY 1`,
  );
  const withoutRollup = timed(5, () => daysFromRows.all(guildKey(guildId), fromMs, END_MS));
  raw.close();

  const scale = 1_000_000 / ANSWERS;
  console.log(`${Number(counts['answers']).toLocaleString('en')} answers written in ${(writeMs / 1000).toFixed(1)} s (${Math.round(ANSWERS / (writeMs / 1000)).toLocaleString('en')}/s, batches of ${BATCH.toLocaleString('en')}); ${Number(counts['rollup']).toLocaleString('en')} rollup rows`);
  console.log(`busiest server: ${Number(busiest['answers']).toLocaleString('en')} answers by ${Number(busiest['people']).toLocaleString('en')} people over 90 days (${report90.days.length} days, ${report90.models.length} models); most active person: ${Number(heaviest['answers']).toLocaleString('en')} answers\n`);
  console.log(table(['read', 'p50', 'p95'], reads.map(([name, time]) => [name, milliseconds(time.p50), milliseconds(time.p95)])));
  console.log(`\nfor scale, the 90 days of the busiest server summed from answer_usage instead: p50 ${milliseconds(withoutRollup.p50)}`);
  const worst = Math.max(...reads.map(([, time]) => time.p95));
  console.log(`target: p95 under ${TARGET_MS} ms, well within Discord's ${DISCORD_DEADLINE_MS / 1000} s: ${worst < TARGET_MS ? 'met' : 'MISSED'} (worst p95 ${milliseconds(worst)})\n`);
  for (const { name, plan, good } of plans) console.log(`${good ? 'index' : 'NO INDEX'}  ${name}: ${plan.join(' → ')}`);
  console.log(`\nfile per million answers: ${megabytes(fileBytes * scale)} with the rollup, ${megabytes((fileBytes - rollupBytes) * scale)} without it`);
  console.log(`  answer_usage and its two indexes ${megabytes(rowsBytes * scale)}, usage_daily and its index ${megabytes(rollupBytes * scale)}`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
