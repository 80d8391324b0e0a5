/**
 * Runs one fake upstream as its own process, for the CLI tests and the benchmarks:
 *
 *   node test/fake-upstreams/cli.ts --kind openai|h2o|aivvm [--port 0] [--host 127.0.0.1]
 *     [--scenario '<json>'] [--script '<json array>'] [--key <api key>] [--models a,b]
 *     [--variant openai|ollama]
 *
 * Prints `READY <url>` (openai: with /v1) on stdout once listening, and nothing else there.
 * Drive it with the `/__control/` endpoints; SIGTERM, SIGINT or closing a piped stdin stop it.
 */
import { fstatSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { FakeKind } from './common.ts';
import { startFake } from './index.ts';
import type { Scenario } from './scenario.ts';

const usage =
  'usage: cli.ts --kind openai|h2o|aivvm [--port 0] [--host 127.0.0.1] [--scenario <json>] [--script <json array>] [--key <key>] [--models a,b] [--variant openai|ollama]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      kind: { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      scenario: { type: 'string' },
      script: { type: 'string' },
      key: { type: 'string' },
      models: { type: 'string' },
      variant: { type: 'string' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}

const kind = values.kind;
if (kind !== 'openai' && kind !== 'h2o' && kind !== 'aivvm') fail('--kind must be openai, h2o or aivvm');
const variant = values.variant;
if (variant !== undefined && variant !== 'openai' && variant !== 'ollama') fail('--variant must be openai or ollama');

function parseJson<T>(name: string, text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fail(`--${name} is not valid JSON`);
  }
}

const defaultScenario = parseJson<Scenario>('scenario', values.scenario);
const script = parseJson<Scenario[]>('script', values.script);
const fake = await startFake(kind as FakeKind, {
  port: Number(values.port),
  host: values.host,
  ...(defaultScenario && { defaultScenario }),
  ...(values.key !== undefined && { apiKey: values.key }),
  ...(values.models !== undefined && { models: values.models.split(',').map((model) => model.trim()) }),
  ...(variant !== undefined && { variant }),
});
if (script) fake.setScript(Array.isArray(script) ? script : [script]);
process.stdout.write(`READY ${fake.url}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await fake.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// a piped stdin is a lifeline: when the parent goes away, so does the fake
if (fstatSync(0).isFIFO()) {
  process.stdin.on('end', () => void stop());
  process.stdin.on('error', () => void stop());
  process.stdin.resume();
}
