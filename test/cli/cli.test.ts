import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openaiErrors, startOpenAiFake, type OpenAiFake } from '../fake-upstreams/openai.ts';
import { startAivvmFake, type AivvmFake } from '../fake-upstreams/aivvm.ts';
import { runCli } from './run-cli.ts';

describe('the terminal CLI, run as a real child process', () => {
  let openai: OpenAiFake;
  let aivvm: AivvmFake;
  let env: Record<string, string>;
  before(async () => {
    openai = await startOpenAiFake({ apiKey: 'sk-cli-test-key-abcdef', models: ['gpt-4o-mini'] });
    aivvm = await startAivvmFake();
    env = {
      PROVIDERS: 'openai,aivvm',
      OPENAI_BASE_URL: openai.url,
      OPENAI_API_KEY: 'sk-cli-test-key-abcdef',
      OPENAI_MODELS: 'gpt-4o-mini',
      AIVVM_BASE_URL: aivvm.url,
      PROVIDER_MAX_RETRIES: '0',
    };
  });
  after(async () => {
    await openai.stop();
    await aivvm.stop();
  });

  it('ask streams the exact answer to stdout with one trailing newline and exits 0', async () => {
    const answer = 'Да, конечно! 🎉 Ответ: 42.\n\n```ts\nconst x = "你好";\n```';
    aivvm.enqueue({ text: answer, split: 'every-byte' });
    const run = await runCli(['ask', '--model', 'aivvm/gpt-4', 'What', 'is', 'it?'], env);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    assert.equal(run.stdout, `${answer}\n`);
    assert.deepEqual((aivvm.requests.at(-1)?.parsedBody as { messages: unknown }).messages, [{ role: 'user', content: 'What is it?' }]);
  });

  it('passes --system and --temperature to the upstream', async () => {
    openai.enqueue({ text: 'ok' });
    const run = await runCli(['ask', '--model', 'openai/gpt-4o-mini', '--system', 'Be terse.', '--temperature', '0.3', 'Hi'], env);
    assert.equal(run.code, 0);
    const body = openai.requests.at(-1)?.parsedBody as Record<string, unknown>;
    assert.deepEqual(body['messages'], [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'Hi' }]);
    assert.equal(body['temperature'], 0.3);
  });

  it('reads the prompt from stdin when none is given', async () => {
    openai.enqueue({ text: 'from stdin' });
    const run = await runCli(['ask', '--model', 'openai/gpt-4o-mini'], env, 'Prompt on stdin\n');
    assert.equal(run.code, 0);
    assert.equal(run.stdout, 'from stdin\n');
    assert.equal((openai.requests.at(-1)?.parsedBody as { messages: Array<{ content: string }> }).messages[0]?.content, 'Prompt on stdin');
  });

  it('exits 2 without contacting any upstream for an unknown model, provider, or bad option', async () => {
    const before = openai.requests.length + aivvm.requests.length;
    for (const args of [
      ['ask', '--model', 'aivvm/gpt-5', 'hi'],
      ['ask', '--model', 'mystery/model', 'hi'],
      ['ask', '--model', 'no-slash', 'hi'],
      ['ask', '--model', 'openai/gpt-4o-mini', '--temperature', 'hot', 'hi'],
      ['ask', 'no model given'],
      ['ask', '--model', 'openai/gpt-4o-mini'],
      ['frobnicate'],
    ]) {
      const run = await runCli(args, env);
      assert.equal(run.code, 2, `${args.join(' ')} → ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^cordial: \S/);
    }
    assert.equal(openai.requests.length + aivvm.requests.length, before);
  });

  it('exits 2 for a model a discovery endpoint does not list, asking only GET /models', async () => {
    const ollama = await startOpenAiFake({ variant: 'ollama', models: ['llama3.2:3b'] });
    try {
      const run = await runCli(['ask', '--model', 'ollama/mistral', 'hi'], { PROVIDERS: 'ollama', OLLAMA_BASE_URL: ollama.url });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /ollama has no model "mistral"/);
      assert.deepEqual(ollama.requests.map((request) => `${request.method} ${request.path}`), ['GET /v1/models']);
    } finally {
      await ollama.stop();
    }
  });

  it('names the bad setting in one line and exits 2', async () => {
    const run = await runCli(['models'], { ...env, PROVIDER_IDLE_TIMEOUT_MS: 'soon' });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'cordial: PROVIDER_IDLE_TIMEOUT_MS: expected milliseconds (a positive whole number), got "soon"\n');
  });

  it('exits 1 with the reason on stderr when the provider fails, never printing the key', async () => {
    openai.enqueue({ error: openaiErrors.invalidApiKey('sk-cli-test-key-abcdef') });
    const run = await runCli(['ask', '--model', 'openai/gpt-4o-mini', 'hi'], env);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^error: openai: auth \(HTTP 401\)/);
    assert.doesNotMatch(run.stderr, /sk-cli-test-key-abcdef/);
  });

  it('keeps the streamed text on stdout when the answer is cut mid-way', async () => {
    openai.enqueue({ text: 'The first half of', omitEnd: true });
    const run = await runCli(['ask', '--model', 'openai/gpt-4o-mini', 'hi'], env);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, 'The first half of\n');
    assert.match(run.stderr, /cut.*incomplete/);
  });

  it('ask --preview shows the answer as the bot would post it: split under 2000 characters, exact when joined', async () => {
    const paragraph = 'A paragraph that is long enough to need several Discord messages once repeated. '.repeat(5);
    const answer = Array.from({ length: 10 }, (_, index) => `${index + 1}. ${paragraph}`).join('\n\n');
    openai.enqueue({ text: answer });
    const run = await runCli(['ask', '--preview', '--model', 'openai/gpt-4o-mini', 'Write a lot'], env);
    assert.equal(run.code, 0, run.stderr);
    const sections = run.stdout.split(/^── message \d+ of \d+ · \d+ characters · \d+ versions ──\n/m).slice(1);
    assert.ok(sections.length >= 2, run.stdout.slice(0, 200));
    const messages = sections.map((section) => section.slice(0, -1));
    for (const message of messages) assert.ok(message.length <= 2000);
    assert.equal(messages.join(''), answer);
    assert.match(run.stderr, /writes in [\d.]+ s, paced as Discord's 5-per-5-s buckets allow; outcome: complete/);
  });

  it('models prints one model id per line, id first', async () => {
    const run = await runCli(['models'], env);
    assert.equal(run.code, 0);
    const ids = run.stdout.trimEnd().split('\n').map((line) => line.split('\t')[0]);
    assert.deepEqual(ids, ['openai/gpt-4o-mini', 'aivvm/gpt-3.5-turbo', 'aivvm/gpt-3.5-turbo-0613', 'aivvm/gpt-3.5-turbo-16k', 'aivvm/gpt-3.5-turbo-16k-0613', 'aivvm/gpt-4', 'aivvm/gpt-4-0613', 'aivvm/gpt-4-32k', 'aivvm/gpt-4-32k-0613']);
  });

  it('chat keeps the history across turns', async () => {
    openai.enqueue({ text: 'Nice to meet you, Ann.' }, { text: 'You are Ann.' });
    const before = openai.requests.length;
    const run = await runCli(['chat', '--model', 'openai/gpt-4o-mini'], env, 'My name is Ann.\nWhat is my name?\n/exit\n');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Nice to meet you, Ann\.[\s\S]*You are Ann\./);
    const second = openai.requests[before + 1]?.parsedBody as { messages: unknown };
    assert.deepEqual(second.messages, [
      { role: 'user', content: 'My name is Ann.' },
      { role: 'assistant', content: 'Nice to meet you, Ann.' },
      { role: 'user', content: 'What is my name?' },
    ]);
  });
});
