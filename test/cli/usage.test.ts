import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import { startAivvmFake, type AivvmFake } from '../fake-upstreams/aivvm.ts';
import { runCli } from './run-cli.ts';

describe('ask --usage, run as a real child process', () => {
  let openai: OpenAiFake;
  let aivvm: AivvmFake;
  let env: Record<string, string>;
  before(async () => {
    openai = await startOpenAiFake({ models: ['deepseek-r1'] });
    aivvm = await startAivvmFake();
    env = { PROVIDERS: 'openai,aivvm', OPENAI_BASE_URL: openai.url, OPENAI_MODELS: 'deepseek-r1', AIVVM_BASE_URL: aivvm.url, PROVIDER_MAX_RETRIES: '0' };
  });
  after(async () => {
    await openai.stop();
    await aivvm.stop();
  });

  const answer = 'Paris is the capital of France.';

  it('GIVEN --usage THEN one stderr line after the answer has the counts the provider reported', async () => {
    openai.enqueue({ text: answer, usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 } });
    const run = await runCli(['ask', '--usage', '--model', 'openai/deepseek-r1', 'Capital of France?'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${answer}\n`);
    assert.equal(run.stderr, 'usage: prompt 12 tokens, completion 7 tokens, total 19 tokens\n');
  });

  it('GIVEN --usage AND a provider that reports none THEN the line says so', async () => {
    aivvm.enqueue({ text: answer });
    const run = await runCli(['ask', '--usage', '--model', 'aivvm/gpt-4', 'Capital of France?'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${answer}\n`);
    assert.equal(run.stderr, 'usage: aivvm reported no token usage\n');
  });

  it('GIVEN --usage AND an answer cut mid-way THEN the usage line says it did not finish, then the error, exit 1', async () => {
    openai.enqueue({ text: 'Paris is', omitEnd: true });
    const run = await runCli(['ask', '--usage', '--model', 'openai/deepseek-r1', 'Capital of France?'], env);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, 'Paris is\n');
    assert.match(run.stderr, /^usage: none, the answer did not finish\nerror: openai: cut/);
  });

  it('GIVEN --usage --preview THEN the usage line comes on stderr after the preview\'s write count', async () => {
    openai.enqueue({ text: answer, usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 } });
    const run = await runCli(['ask', '--preview', '--usage', '--model', 'openai/deepseek-r1', 'Capital of France?'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^── message 1 of 1 · \d+ characters · \d+ versions ──\nParis is the capital of France\.\n$/);
    assert.match(run.stderr, /outcome: complete\nusage: prompt 5 tokens, completion 9 tokens, total 14 tokens\n$/);
  });

  it('GIVEN chat --usage THEN each answer is followed by its own usage line on stderr', async () => {
    openai.enqueue({ text: 'Hello!', usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }, { text: 'Bye!', usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 } });
    const run = await runCli(['chat', '--usage', '--model', 'openai/deepseek-r1'], env, 'Hi\nBye\n/exit\n');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /> Hello!\n[\s\S]*> Bye!\n/);
    assert.equal(run.stderr, 'usage: prompt 3 tokens, completion 2 tokens, total 5 tokens\nusage: prompt 9 tokens, completion 1 token, total 10 tokens\n');
  });
});
