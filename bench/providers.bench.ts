/**
 * Provider parser throughput: each fake upstream runs in its own process (so its CPU is not
 * counted) and streams one long answer as fast as loopback allows; this process parses it
 * through the real provider code (undici, UTF-8 decoding, SSE framing, zod checks of each event,
 * TGI / chat.completion decoding, plain text). Reports events/s, MB/s of wire bytes and CPU µs
 * per event. Target: ≥ 100,000 events/s for the openai and h2o parsers. Two more openai rows
 * stream half the events as reasoning (`delta.reasoning_content`, or `<think>` in the content),
 * which takes the think-tag splitter's reasoning path; their events are text and reasoning deltas.
 */
import { loadProviderConfig } from '../src/config/provider-config.ts';
import { createProviderRegistry } from '../src/providers/registry.ts';
import { startFakeUpstream, stopChild } from './bot/processes.ts';
const events = Number(process.env['BENCH_PROVIDER_EVENTS'] ?? 200_000);
// a mix of ASCII, Cyrillic, CJK and emoji tokens, as real answers have
const deltas = [' The', ' answer', ' is', ' ответ', ' 你好', ' 🎉', ',', ' and', ' more', '.\n'];

interface Case {
  kind: 'openai' | 'h2o' | 'aivvm';
  /** The row's name. */
  label: string;
  model: string;
  /** How the fake sends reasoning, for the reasoning rows. */
  reasoningField?: 'reasoning_content' | 'think-tags';
}

const cases: Case[] = [
  { kind: 'openai', label: 'openai', model: 'openai/bench-model' },
  { kind: 'openai', label: 'openai reasoning_content', model: 'openai/bench-model', reasoningField: 'reasoning_content' },
  { kind: 'openai', label: 'openai <think>', model: 'openai/bench-model', reasoningField: 'think-tags' },
  { kind: 'h2o', label: 'h2o', model: 'h2o/falcon-40b' },
  { kind: 'aivvm', label: 'aivvm', model: 'aivvm/gpt-4' },
];

function startFake(benchCase: Case): Promise<{ child: import('node:child_process').ChildProcess; url: string }> {
  const scenario =
    benchCase.reasoningField === undefined
      ? { deltas, repeat: Math.ceil(events / deltas.length), split: 'none' }
      : { reasoning: deltas, reasoningField: benchCase.reasoningField, deltas, repeat: Math.ceil(events / 2 / deltas.length), split: 'none' };
  return startFakeUpstream({ kind: benchCase.kind, models: ['bench-model'], scenario });
}

async function wireBytes(url: string): Promise<number> {
  const origin = new URL(url).origin;
  const requests = (await (await fetch(`${origin}/__control/requests`)).json()) as Array<{ response: { bytesWritten: number } }>;
  return requests.reduce((sum, request) => sum + request.response.bytesWritten, 0);
}

async function runCase(benchCase: Case): Promise<string[]> {
  const fake = await startFake(benchCase);
  const env = { PROVIDERS: benchCase.kind, OPENAI_BASE_URL: fake.url, OPENAI_MODELS: 'bench-model', H2O_BASE_URL: fake.url, AIVVM_BASE_URL: fake.url, PROVIDER_MAX_RETRIES: '0' };
  const registry = createProviderRegistry(loadProviderConfig(env));
  const resolved = registry.resolve(benchCase.model);
  try {
    const bytesBefore = await wireBytes(fake.url);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let deltaCount = 0;
    let characters = 0;
    for await (const part of resolved.provider.stream({ model: resolved.model, messages: [{ role: 'user', content: 'bench' }] })) {
      if (part.type !== 'finish') {
        deltaCount += 1;
        characters += part.text.length;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const bytes = (await wireBytes(fake.url)) - bytesBefore;
    const cpuMicros = cpu.user + cpu.system;
    // aivvm's plain text has no events: its "events" are the network chunks it decoded
    return [benchCase.label, String(deltaCount), (deltaCount / seconds).toFixed(0), (bytes / seconds / 1e6).toFixed(1), (cpuMicros / deltaCount).toFixed(2), seconds.toFixed(2), String(characters)];
  } finally {
    await registry.close();
    await stopChild(fake.child, 'SIGTERM', 3000);
  }
}

const header = ['provider', 'deltas', 'events/s', 'MB/s', 'CPU µs/event', 'seconds', 'chars'];
const rows: string[][] = [];
for (const benchCase of cases) rows.push(await runCase(benchCase));
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
const format = (row: string[]) => `| ${row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join(' | ')} |`;
console.log(format(header));
console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
for (const row of rows) console.log(format(row));
const slow = rows.filter((row) => row[0] !== 'aivvm' && Number(row[2]) < 100_000);
console.log(slow.length === 0 ? 'target met: openai (reasoning too) and h2o parse ≥ 100,000 events/s' : `target MISSED by: ${slow.map((row) => row[0]).join(', ')}`);
