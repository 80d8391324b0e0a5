import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { openaiErrors, startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import { backOffMs } from '../../src/providers/http/retry-policy.ts';
import { systemClock, type Clock } from '../../src/model/clock.ts';
import { collect, harness, type Harness } from './provider-harness.ts';

// The harness records each back-off instead of waiting, and moves the transport's clock on by
// it: attempts and waits are counted exactly, with no wall-clock race.
describe('retries: only what a retry can fix, within the first-token timeout', () => {
  let fake: OpenAiFake;
  const subjects: Harness[] = [];
  const subject = (env: Record<string, string> = {}, random?: () => number, timers?: Pick<Clock, 'setTimeout' | 'clearTimeout'>) => {
    const built = harness({ PROVIDERS: 'openai', OPENAI_BASE_URL: fake.url, OPENAI_MODELS: 'm', ...env }, { random, timers });
    subjects.push(built);
    return built;
  };
  const attempts = (since: number) => fake.requestsTo('POST', '/v1/chat/completions').length - since;
  before(async () => {
    fake = await startOpenAiFake({ models: ['m'] });
  });
  after(async () => {
    for (const built of subjects) await built.registry.close();
    await fake.stop();
  });

  it('GIVEN a provider that never answers THEN it is asked once: a first-token timeout is never retried', async () => {
    const { registry, sleeps } = subject({ PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '300', PROVIDER_MAX_RETRIES: '2' });
    fake.enqueue({ stallBeforeHeaders: true }, { stallBeforeHeaders: true }, { stallBeforeHeaders: true });
    const since = fake.requestsTo('POST', '/v1/chat/completions').length;
    const result = await collect(registry, 'openai/m');
    assert.equal(result.error?.kind, 'timeout');
    assert.equal(result.error?.retryable, false);
    assert.equal(attempts(since), 1);
    assert.deepEqual(sleeps, []);
    fake.reset();
  });

  it('GIVEN headers and then silence THEN it is asked once too', async () => {
    const { registry } = subject({ PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '300', PROVIDER_MAX_RETRIES: '2' });
    fake.enqueue({ text: 'never sent', stallAfterBytes: 0 }, { text: 'must not be requested' });
    const since = fake.requestsTo('POST', '/v1/chat/completions').length;
    const result = await collect(registry, 'openai/m');
    assert.equal(result.error?.kind, 'timeout');
    assert.equal(attempts(since), 1);
    fake.reset();
  });

  it('GIVEN a body cut after some bytes but before any text THEN it is not retried (the server had begun)', async () => {
    const { registry } = subject();
    fake.enqueue({ text: 'never shown', dropAfterBytes: 20 }, { text: 'must not be requested' });
    const since = fake.requestsTo('POST', '/v1/chat/completions').length;
    const result = await collect(registry, 'openai/m');
    assert.equal(result.error?.kind, 'cut');
    assert.equal(result.text, '');
    assert.equal(attempts(since), 1);
    fake.reset();
  });

  it('GIVEN a connection dropped before any byte of the body THEN it is retried', async () => {
    const { registry, sleeps } = subject();
    fake.enqueue({ text: 'never sent', dropAfterBytes: 0 }, { text: 'second time' });
    const result = await collect(registry, 'openai/m');
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'second time');
    assert.deepEqual(sleeps, [500]);
  });

  it('GIVEN 5xx answers THEN no back-off starts that would end past the first-token deadline', async () => {
    // 1.2 s to the first token: the 0.5 s back-off fits, the 1 s one after it would not
    const { registry, sleeps } = subject({ PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '1200', PROVIDER_MAX_RETRIES: '5' });
    fake.enqueue(...Array.from({ length: 6 }, () => ({ error: openaiErrors.overloaded() })));
    const since = fake.requestsTo('POST', '/v1/chat/completions').length;
    const result = await collect(registry, 'openai/m');
    assert.equal(result.error?.kind, 'unavailable');
    assert.equal(result.error?.status, 503);
    assert.equal(attempts(since), 2);
    assert.deepEqual(sleeps, [500]);
    assert.ok(sleeps.reduce((sum, delay) => sum + delay, 0) < 1200, 'the whole wait stays within the first-token timeout');
    fake.reset();
  });

  it('GIVEN a retry THEN its attempt waits only for what is left of the first-token timeout, not the whole of it again', async () => {
    const armed: number[] = [];
    const recording: Pick<Clock, 'setTimeout' | 'clearTimeout'> = {
      setTimeout: (callback, delayMs) => {
        armed.push(delayMs);
        return systemClock.setTimeout(callback, delayMs);
      },
      clearTimeout: (handle) => systemClock.clearTimeout(handle),
    };
    const { registry, sleeps } = subject({ PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '3000', PROVIDER_IDLE_TIMEOUT_MS: '7000' }, undefined, recording);
    fake.enqueue({ error: openaiErrors.overloaded() }, { text: 'second time' });
    const result = await collect(registry, 'openai/m');
    assert.equal(result.text, 'second time');
    assert.deepEqual(sleeps, [500]);
    // the first-token clock of each attempt, then the idle clock once text came
    const [first, second] = armed;
    assert.ok(first !== undefined && first <= 3000 && first > 0, `first attempt: ${first}`);
    assert.ok(second !== undefined && second <= 3000 - 500 && second > 0, `second attempt after a 0.5 s back-off: ${second}`);
    assert.equal(armed[2], 7000);
    fake.reset();
  });

  it('GIVEN many retries THEN the back-off doubles from 0.5 s up to a cap of 8 s', async () => {
    const { registry, sleeps } = subject({ PROVIDER_MAX_RETRIES: '7', PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '600000' });
    fake.enqueue(...Array.from({ length: 8 }, () => ({ error: openaiErrors.serverError() })));
    await collect(registry, 'openai/m');
    assert.deepEqual(sleeps, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
    fake.reset();
  });

  it('GIVEN jitter THEN each back-off loses up to 25 %, from the injected random source', async () => {
    const { registry, sleeps } = subject({ PROVIDER_MAX_RETRIES: '5', PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '600000' }, () => 0.5);
    fake.enqueue(...Array.from({ length: 6 }, () => ({ error: openaiErrors.serverError() })));
    await collect(registry, 'openai/m');
    assert.deepEqual(sleeps, [438, 875, 1750, 3500, 7000]);
    fake.reset();
  });

  it('GIVEN retry-after: 999999 THEN it fails at once, and the error keeps the wait', async () => {
    const { registry, sleeps } = subject();
    fake.enqueue({ error: openaiErrors.rateLimited({ retryAfterSeconds: 999_999 }) }, { text: 'must not be requested' });
    const since = fake.requestsTo('POST', '/v1/chat/completions').length;
    const result = await collect(registry, 'openai/m');
    assert.equal(result.error?.kind, 'rate-limited');
    assert.equal(result.error?.retryAfterSeconds, 999_999);
    assert.equal(attempts(since), 1);
    assert.deepEqual(sleeps, []);
    fake.reset();
  });

  it('GIVEN a retry-after within PROVIDER_MAX_RETRY_WAIT_MS but past the first-token deadline THEN it fails at once too', async () => {
    const { registry, sleeps } = subject({ PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '5000', PROVIDER_MAX_RETRY_WAIT_MS: '20000' });
    fake.enqueue({ error: openaiErrors.rateLimited({ retryAfterSeconds: 10 }) }, { text: 'must not be requested' });
    const result = await collect(registry, 'openai/m');
    assert.equal(result.error?.kind, 'rate-limited');
    assert.equal(result.error?.retryAfterSeconds, 10);
    assert.deepEqual(sleeps, []);
    fake.reset();
  });
});

describe('backOffMs', () => {
  it('GIVEN any retry and any random draw THEN the wait is within 75–100 % of 0.5 s·2ⁿ capped at 8 s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, draw) => {
        const base = Math.min(500 * 2 ** retry, 8000);
        const delay = backOffMs(retry, () => draw);
        return delay <= base && delay >= Math.floor(base * 0.75);
      }),
    );
  });
});
