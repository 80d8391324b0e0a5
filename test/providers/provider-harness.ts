/**
 * Builds real providers (real undici, real HTTP) pointed at a local fake upstream, and
 * collects what a stream yields. Timeouts are short so stall tests finish quickly; retry
 * back-off sleeps are recorded and skipped so retry tests do not wait on the wall clock, yet
 * the transport's clock moves on by each sleep, as if it had been waited. Jitter is pinned
 * to none (`random` 0) unless a test gives its own.
 */
import { loadProviderConfig, type Environment } from '../../src/config/provider-config.ts';
import { ProviderError } from '../../src/model/provider-error.ts';
import { createProviderRegistry, type ProviderRegistry } from '../../src/providers/registry.ts';
import type { StreamPart } from '../../src/model/stream-part.ts';
import type { StreamRequest } from '../../src/model/provider.ts';
import { systemClock, type Clock } from '../../src/model/clock.ts';
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FakeUpstream } from '../fake-upstreams/common.ts';
import { startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import { startH2oFake, type H2oFake } from '../fake-upstreams/h2o.ts';

/** A registry plus the back-off delays it asked for. */
export interface Harness {
  registry: ProviderRegistry;
  /** Every retry back-off requested, in milliseconds. */
  sleeps: number[];
}

/** A registry over the given environment, with recorded (instant) retry sleeps; `timers` runs the watchdogs. */
export function harness(env: Environment, options: { random?: () => number; timers?: Pick<Clock, 'setTimeout' | 'clearTimeout'> } = {}): Harness {
  const sleeps: number[] = [];
  let slept = 0;
  const registry = createProviderRegistry(
    loadProviderConfig({ PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '5000', PROVIDER_IDLE_TIMEOUT_MS: '5000', ...env }),
    {
      sleep: async (delayMs) => {
        sleeps.push(delayMs);
        slept += delayMs;
      },
      // as if each back-off had been waited
      clock: { ...(options.timers ?? systemClock), now: () => performance.now() + slept },
      random: options.random ?? (() => 0),
    },
  );
  return { registry, sleeps };
}

/** A fake openai (serving model `m`) and a fake h2o, each with a harness over it. */
export interface OpenAiAndH2o {
  openai: OpenAiFake;
  h2o: H2oFake;
  /** Models `openai/m`. */
  openaiSubject: Harness;
  /** Models `h2o/…`. */
  h2oSubject: Harness;
}

/**
 * Starts an openai and an h2o fake with their harnesses in `before`, and closes them all in
 * `after`, for the enclosing `describe`. The fields are set once `before` has run.
 */
export function withOpenAiAndH2o(): OpenAiAndH2o {
  const subjects = {} as OpenAiAndH2o;
  before(async () => {
    subjects.openai = await startOpenAiFake({ models: ['m'] });
    subjects.h2o = await startH2oFake();
    subjects.openaiSubject = harness({ PROVIDERS: 'openai', OPENAI_BASE_URL: subjects.openai.url, OPENAI_MODELS: 'm' });
    subjects.h2oSubject = harness({ PROVIDERS: 'h2o', H2O_BASE_URL: subjects.h2o.url });
  });
  after(async () => {
    await subjects.openaiSubject.registry.close();
    await subjects.h2oSubject.registry.close();
    await subjects.openai.stop();
    await subjects.h2o.stop();
  });
  return subjects;
}

/** What a stream produced: its parts, text, and the error it ended with. */
export interface Collected {
  parts: StreamPart[];
  text: string;
  error?: ProviderError;
}

/** Streams `modelId` and collects everything until the stream ends or fails. */
export async function collect(registry: ProviderRegistry, modelId: string, request: Partial<StreamRequest> = {}): Promise<Collected> {
  const resolved = registry.resolve(modelId);
  const parts: StreamPart[] = [];
  try {
    for await (const part of resolved.provider.stream({ model: resolved.model, messages: [{ role: 'user', content: 'Hi' }], ...request })) parts.push(part);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return { parts, text: textOf(parts), error };
  }
  return { parts, text: textOf(parts) };
}

function textOf(parts: StreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}

/** Answers that stress UTF-8 decoding: 2-, 3- and 4-byte characters, ZWJ emoji, CJK. */
export const unicodeAnswers = {
  cyrillic: 'Привет! Это ответ на русском языке: ёжик, щука, съешь же ещё этих мягких булок.',
  emoji: 'Emoji: 👋🏽 👨‍👩‍👧‍👦 🇺🇦 🧪✨ — done 🎉',
  cjk: '你好，世界！これは日本語です。한국어도 있습니다。𠜎𠜱𠝹𠱓',
};

/** Ways of cutting the response bytes: every byte, odd strides that land inside characters. */
export const splits = ['every-byte', { every: 2 }, { every: 3 }, { every: 5 }, { every: 7 }, 'events', 'none'] as const;

/**
 * Registers one test per (answer, split): the fake sends the answer cut at those bytes, and the
 * provider must yield exactly the same text. Getters, because the fake starts in `before`.
 */
export function itReproducesUnicodeUnderEverySplit(fake: () => FakeUpstream, subject: () => Harness, modelId: string): void {
  for (const [name, text] of Object.entries(unicodeAnswers)) {
    for (const split of splits) {
      it(`reproduces a ${name} answer exactly when the body is split ${JSON.stringify(split)}`, async () => {
        fake().enqueue({ text, split: split as never });
        const result = await collect(subject().registry, modelId);
        assert.equal(result.error, undefined);
        assert.equal(result.text, text);
        assert.equal(result.parts.at(-1)?.type, 'finish');
      });
    }
  }
}
