import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import { runCli } from './run-cli.ts';

describe('ask --reasoning, run as a real child process', () => {
  let openai: OpenAiFake;
  let env: Record<string, string>;
  before(async () => {
    openai = await startOpenAiFake({ models: ['deepseek-r1'] });
    env = { PROVIDERS: 'openai', OPENAI_BASE_URL: openai.url, OPENAI_MODELS: 'deepseek-r1', PROVIDER_MAX_RETRIES: '0' };
  });
  after(() => openai.stop());

  const reasoning = ['The user asks ', 'for the capital of France.\n', 'It is Paris — «Париж» 🗼.'];
  const answer = 'Paris is the capital of France.';

  for (const reasoningField of ['reasoning_content', 'reasoning', 'think-tags'] as const) {
    it(`GIVEN a model streaming its reasoning as ${reasoningField} AND --reasoning THEN stderr has the reasoning exactly, stdout the answer only`, async () => {
      openai.enqueue({ reasoning, reasoningField, text: answer, split: 'every-byte' });
      const run = await runCli(['ask', '--reasoning', '--model', 'openai/deepseek-r1', 'Capital of France?'], env);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, `${answer}\n`);
      // piped, no styling: the reasoning as received, closed by a line break
      assert.equal(run.stderr, `${reasoning.join('')}\n`);
    });
  }

  it('GIVEN a reasoning model WITHOUT --reasoning THEN the reasoning is dropped: stdout the answer, stderr empty', async () => {
    openai.enqueue({ reasoning, text: answer });
    const run = await runCli(['ask', '--model', 'openai/deepseek-r1', 'Capital of France?'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${answer}\n`);
    assert.equal(run.stderr, '');
  });

  it('GIVEN --reasoning --usage --preview THEN the reasoning and the usage line come on stderr after the preview, stdout the preview only', async () => {
    openai.enqueue({ reasoning, text: answer, usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 } });
    const run = await runCli(['ask', '--preview', '--reasoning', '--usage', '--model', 'openai/deepseek-r1', 'Capital of France?'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^── message 1 of 1 · \d+ characters · \d+ versions ──\nParis is the capital of France\.\n$/);
    assert.match(run.stderr, /outcome: complete\n/);
    assert.ok(run.stderr.endsWith(`outcome: complete\n${reasoning.join('')}\nusage: prompt 5 tokens, completion 9 tokens, total 14 tokens\n`), run.stderr);
  });

  it('GIVEN chat --reasoning --usage THEN each answer streams its reasoning and ends with its usage line on stderr', async () => {
    openai.enqueue({ reasoning: ['Greet back.'], text: 'Hello!', usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } });
    const run = await runCli(['chat', '--reasoning', '--usage', '--model', 'openai/deepseek-r1'], env, 'Hi\n/exit\n');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /openai\/deepseek-r1> Hello!\n/);
    assert.doesNotMatch(run.stdout, /Greet back/);
    assert.equal(run.stderr, 'Greet back.\nusage: prompt 3 tokens, completion 2 tokens, total 5 tokens\n');
  });
});
