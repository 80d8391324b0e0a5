import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OpenAiFake } from '../fake-upstreams/openai.ts';
import type { H2oFake } from '../fake-upstreams/h2o.ts';
import { startAivvmFake, type AivvmFake } from '../fake-upstreams/aivvm.ts';
import { collect, harness, withOpenAiAndH2o } from './provider-harness.ts';

/** The record of answer request `index` once its writer stopped, with its final byte count. */
async function finishedWriting(fake: OpenAiFake | H2oFake, index: number) {
  const record = await fake.waitForOutcome(index, ['client-closed']);
  await fake.waitFor(() => record.response.bytesWritten > 0);
  return record;
}

/**
 * How far past the cap the fake may get before the client hangs up: what sits in socket and
 * stream buffers on loopback. Without the cap the client reads on for ever (1.9 GB in 7 s was
 * seen), so the fake's byte count, which back-pressure ties to what the client has read, is the
 * memory bound made visible.
 */
const slackBytes = 32 * 1024 * 1024;

describe('GIVEN a stream line that never ends', () => {
  const fakes = withOpenAiAndH2o();

  it('THEN an openai answer fails as oversized at the 1 MiB default, keeps its text, is not retried, and the socket closes', async () => {
    fakes.openai.enqueue({ text: 'Text before the flood', endlessLine: true }, { text: 'must not be requested' });
    const start = fakes.openai.requests.length;
    const result = await collect(fakes.openaiSubject.registry, 'openai/m');
    assert.equal(result.error?.kind, 'oversized');
    assert.match(result.error?.message ?? '', /the provider sent an oversized event \(over 1 MiB\)/);
    assert.equal(result.text, 'Text before the flood');
    assert.equal(fakes.openai.requests.length - start, 1);
    const record = await finishedWriting(fakes.openai, start);
    assert.ok(record.response.bytesWritten > 1024 * 1024, 'the cap was reached');
    assert.ok(record.response.bytesWritten < 1024 * 1024 + slackBytes, `read ${record.response.bytesWritten} bytes, far past the cap`);
    fakes.openai.reset();
  });

  it('THEN an h2o answer fails the same way and still deletes its conversation', async () => {
    fakes.h2o.enqueue({ text: 'Falcon before the flood', endlessLine: true });
    const start = fakes.h2o.requests.length;
    const result = await collect(fakes.h2oSubject.registry, 'h2o/falcon-7b');
    assert.equal(result.error?.kind, 'oversized');
    assert.equal(result.text, 'Falcon before the flood');
    const stream = fakes.h2o.requests.slice(start).find((request) => request.method === 'POST' && request.path.startsWith('/conversation/'));
    assert.ok(stream);
    const record = await finishedWriting(fakes.h2o, stream.index);
    assert.ok(record.response.bytesWritten < 1024 * 1024 + slackBytes);
    assert.ok(fakes.h2o.requests.slice(start).some((request) => request.method === 'DELETE'));
  });

  it('THEN the cap is PROVIDER_MAX_EVENT_BYTES, and it bounds an event of many short data lines too', async () => {
    const small = harness({ PROVIDERS: 'openai', OPENAI_BASE_URL: fakes.openai.url, OPENAI_MODELS: 'm', PROVIDER_MAX_EVENT_BYTES: '65536' });
    try {
      fakes.openai.enqueue({ endlessLine: true });
      const start = fakes.openai.requests.length;
      const line = await collect(small.registry, 'openai/m');
      assert.match(line.error?.message ?? '', /over 64 KiB/);
      const record = await finishedWriting(fakes.openai, start);
      assert.ok(record.response.bytesWritten < 65536 + slackBytes);
      // no blank line ever ends this event: its data would pile up line after line
      fakes.openai.enqueue({ error: { status: 200, headers: { 'content-type': 'text/event-stream' }, body: 'data: xxxxxxxxxxxxxxxx\n'.repeat(10_000) } });
      const lines = await collect(small.registry, 'openai/m');
      assert.equal(lines.error?.kind, 'oversized');
    } finally {
      await small.registry.close();
    }
  });

  it('THEN the cap is per event, not per read: one read of many small events under a small cap is an ordinary answer', async () => {
    // a cap below undici's 64 KiB reads, and an answer written at once: each read holds many events
    const small = harness({ PROVIDERS: 'openai', OPENAI_BASE_URL: fakes.openai.url, OPENAI_MODELS: 'm', PROVIDER_MAX_EVENT_BYTES: '1024' });
    try {
      const long = 'word '.repeat(20_000);
      fakes.openai.enqueue({ text: long, split: 'none' });
      const result = await collect(small.registry, 'openai/m');
      assert.equal(result.error, undefined);
      assert.equal(result.text, long);
    } finally {
      await small.registry.close();
    }
  });
});

describe('GIVEN aivvm’s raw text stream', () => {
  let fake: AivvmFake;
  before(async () => {
    fake = await startAivvmFake();
  });
  after(() => fake.stop());

  it('THEN one read larger than the cap fails as oversized (the cap holds per chunk read)', async () => {
    const subject = harness({ PROVIDERS: 'aivvm', AIVVM_BASE_URL: fake.url, PROVIDER_MAX_EVENT_BYTES: '16' });
    try {
      fake.enqueue({ text: 'A reply whose every write is longer than the sixteen characters allowed.', split: { every: 64 } });
      const result = await collect(subject.registry, 'aivvm/gpt-4');
      assert.equal(result.error?.kind, 'oversized');
      assert.match(result.error?.message ?? '', /over 16 bytes/);
    } finally {
      await subject.registry.close();
    }
  });
});
