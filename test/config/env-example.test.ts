import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'dotenv';
import { loadBotConfig } from '../../src/config/bot-config.ts';

const example = parse(readFileSync(new URL('../../.env.example', import.meta.url), 'utf8'));
const token = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gabcde.fake-token-for-tests';

/** Every TypeScript source under src/, as one text. */
function sources(directory = new URL('../../src/', import.meta.url)): string {
  return readdirSync(directory, { withFileTypes: true })
    .map((entry) => {
      const url = new URL(entry.isDirectory() ? `${entry.name}/` : entry.name, directory);
      if (entry.isDirectory()) return sources(url);
      return entry.name.endsWith('.ts') ? readFileSync(url, 'utf8') : '';
    })
    .join('\n');
}

describe('.env.example', () => {
  it('GIVEN every setting of .env.example THEN each is its default, but for the two it fills in as examples', () => {
    const fromExample = loadBotConfig({ ...example, DISCORD_TOKEN: token });
    const defaults = loadBotConfig({ DISCORD_TOKEN: token });
    // the examples: a default model (none by default) and the models OpenAI offers (by default asked of the server)
    assert.equal(fromExample.defaultModel, 'openai/gpt-4o-mini');
    assert.deepEqual(fromExample.providers.openaiCompatible.map((endpoint) => endpoint.models), [['gpt-4o-mini', 'gpt-4o']]);
    const withoutExamples = {
      ...fromExample,
      defaultModel: defaults.defaultModel,
      providers: { ...fromExample.providers, openaiCompatible: fromExample.providers.openaiCompatible.map((endpoint) => ({ ...endpoint, models: [] })) },
    };
    assert.deepEqual(withoutExamples, defaults);
  });

  it('GIVEN the variables .env.example sets THEN the code reads each of them: none is misspelt or gone', () => {
    const code = sources();
    // CORDIAL_ENV_FILE is read by name; every <ID>_* of an endpoint is built from its prefix
    const unread = Object.keys(example).filter((name) => !code.includes(`'${name}'`) && !(name.startsWith('OPENAI_') && code.includes('`${prefix}_' + name.slice('OPENAI_'.length) + '`')));
    assert.deepEqual(unread, []);
  });
});
