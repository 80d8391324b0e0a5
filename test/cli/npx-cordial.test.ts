import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startOpenAiFake, type OpenAiFake } from '../fake-upstreams/index.ts';
import { runProcess, type CliRun } from './run-cli.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * PATH as in a fresh shell: without the node_modules/.bin that `npm test` put first, so `node`
 * is the machine's own (Node 20 on these machines), as it is for someone following README.
 */
const freshShellPath = (process.env['PATH'] ?? '')
  .split(path.delimiter)
  .filter((directory) => !directory.split(path.sep).includes('node_modules'))
  .join(path.delimiter);
const systemNpx = freshShellPath.split(path.delimiter).map((directory) => path.join(directory, 'npx')).find((candidate) => existsSync(candidate));
const systemNodeVersion = systemNpx === undefined ? undefined : execFileSync('node', ['--version'], { env: { PATH: freshShellPath }, encoding: 'utf8' }).trim();

/** Runs `npx cordial …` in the project folder as README says, with a fresh shell's PATH. */
function runNpxCordial(args: string[], env: Record<string, string>): Promise<CliRun> {
  return runProcess(systemNpx!, ['cordial', ...args], {
    cwd: repositoryRoot,
    // npm needs a home for its cache; offline, so that npx can never fetch a package named cordial
    env: { PATH: freshShellPath, HOME: process.env['HOME'] ?? repositoryRoot, npm_config_offline: 'true', CORDIAL_ENV_FILE: 'none', ...env },
  });
}

describe(`npx cordial, as README documents it, on the machine's own Node (${systemNodeVersion ?? 'none found'})`, { skip: systemNpx === undefined ? 'no npx outside node_modules on PATH' : false }, () => {
  let openai: OpenAiFake;
  let env: Record<string, string>;
  before(async () => {
    openai = await startOpenAiFake({ models: ['gpt-4o-mini'] });
    env = { PROVIDERS: 'openai', OPENAI_BASE_URL: openai.url, OPENAI_MODELS: 'gpt-4o-mini' };
  });
  after(async () => {
    await openai.stop();
  });

  it('GIVEN an ask THEN stdout holds exactly the answer, streamed by the project\'s Node 24, and the exit code is 0', async () => {
    const answer = 'Rayleigh scattering: blue light scatters more. 🌍 Голубое небо.';
    openai.enqueue({ text: answer });
    const run = await runNpxCordial(['ask', '--model', 'openai/gpt-4o-mini', 'Why is the sky blue?'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${answer}\n`);
    assert.doesNotMatch(run.stderr, /ERR_UNKNOWN_FILE_EXTENSION|^cordial:/m);
  });

  it('GIVEN a usage error THEN its exit code 2 comes through npx and the launcher, with nothing on stdout', async () => {
    const run = await runNpxCordial(['ask', '--model', 'openai/gpt-5', 'hi'], env);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^cordial: openai has no model "gpt-5"$/m);
  });

  it('GIVEN ask --help THEN the usage is printed with exit 0', async () => {
    const run = await runNpxCordial(['ask', '--help'], {});
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Usage:\n {2}npx cordial ask /);
  });
});
