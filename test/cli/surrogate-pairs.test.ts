import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import { runCli } from './run-cli.ts';

describe('the CLI against a server that splits a surrogate pair across two deltas', () => {
  let fake: OpenAiFake;
  before(async () => {
    fake = await startOpenAiFake({ models: ['m'] });
  });
  after(() => fake.stop());

  it('GIVEN "\\ud83d" then "\\udc4b" in two events THEN stdout has the emoji whole and no U+FFFD', async () => {
    fake.enqueue({ deltas: ['Hi ', '\ud83d', '\udc4b', ' there \ud83c', '\udf89'], split: 'events' });
    const run = await runCli(['ask', '--model', 'openai/m', 'Wave'], { PROVIDERS: 'openai', OPENAI_BASE_URL: fake.url, OPENAI_MODELS: 'm' });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    assert.equal(run.stdout, 'Hi 👋 there 🎉\n');
    assert.doesNotMatch(run.stdout, /\ufffd/);
  });
});
