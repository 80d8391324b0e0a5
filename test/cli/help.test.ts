import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './run-cli.ts';

describe('cordial help', () => {
  it('GIVEN --help or -h on any command, or help THEN the usage goes to stdout with exit 0, whatever else is on the line', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['help'], /npx cordial ask [\s\S]*npx cordial models[\s\S]*npx cordial chat/],
      [['--help'], /npx cordial ask [\s\S]*npx cordial chat/],
      [[], /npx cordial ask /],
      [['ask', '--help'], /^Usage:\n {2}npx cordial ask [\s\S]*--max-tokens {3}the most tokens the answer may have/],
      [['ask', '--help'], /\n {6}--image {8}an image \(PNG, JPEG, WebP or GIF, at most 20 MB\)[\s\S]*<ID>_VISION_MODELS[\s\S]*\n {6}--file {9}a text file \(text, data or source code in UTF-8, at most 1 MB\)/],
      [['ask', '--help'], /\n {6}--reasoning {4}writes the model's reasoning to stderr[\s\S]*\n {6}--usage {8}after the answer, one stderr line/],
      [['ask', '--model', 'openai/gpt-4o-mini', '--temperature', 'hot', '-h'], /^Usage:\n {2}npx cordial ask /],
      [['models', '--help'], /^Usage:\n {2}npx cordial models\n[\s\S]*exit 1 when none answered/],
      [['chat', '--help'], /^Usage:\n {2}npx cordial chat \[--model <provider\/model>\] \[--system <text>\] \[--temperature <n>\] \[--max-tokens <n>\]/],
      [['help', 'chat'], /^Usage:\n {2}npx cordial chat /],
    ];
    // no settings at all: help needs none, and reads no env file
    for (const [args, expected] of cases) {
      const run = await runCli(args, { CORDIAL_ENV_FILE: '/no/such/file' });
      assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, expected);
      assert.match(run.stdout, /Exit codes: 0 success, 1 provider failure, 2 usage error, 130 interrupted\.\n/);
    }
  });

  it('GIVEN a usage mistake THEN stderr points to the help of that command as it is really run', async () => {
    const wrongOption = await runCli(['ask', '--bogus'], {});
    assert.equal(wrongOption.code, 2);
    assert.match(wrongOption.stderr, /^cordial: Unknown option '--bogus'.*\nRun 'npx cordial ask --help' for usage\.\n$/);
    const wrongCommand = await runCli(['frobnicate'], {});
    assert.equal(wrongCommand.code, 2);
    assert.equal(wrongCommand.stderr, "cordial: unknown command \"frobnicate\"\nRun 'npx cordial help' for usage.\n");
    // an option of ask that chat would only ignore is refused, not silently dropped
    const previewOnChat = await runCli(['chat', '--preview', '--model', 'openai/gpt-4o-mini'], { PROVIDERS: 'openai', OPENAI_MODELS: 'gpt-4o-mini' });
    assert.equal(previewOnChat.code, 2);
    assert.match(previewOnChat.stderr, /^cordial: --preview is an option of ask, not of chat\n/);
  });

  it('GIVEN "--" before --help THEN --help is part of the prompt, not a request for help', async () => {
    const run = await runCli(['ask', '--', '--help'], { PROVIDERS: 'openai', OPENAI_MODELS: 'gpt-4o-mini' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^cordial: no model: pass --model/);
  });
});
