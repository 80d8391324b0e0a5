import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { loadBotConfig } from '../../src/config/bot-config.ts';
import { loadProviderConfig, readVariable } from '../../src/config/provider-config.ts';

const token = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gabcde.fake-token-for-tests';

/** The message of the ConfigError that loading `env` throws. */
function configErrorOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('no error thrown');
}

/** Asserts no 6 characters in a row of `secret` appear in `text`. */
function assertNothingOf(secret: string, text: string): void {
  for (let start = 0; start + 6 <= secret.length; start += 1) {
    assert.ok(!text.includes(secret.slice(start, start + 6)), `"${secret.slice(start, start + 6)}" of the secret is in: ${text}`);
  }
}

describe('secrets in settings', () => {
  it('GIVEN DISCORD_TOKEN with the "Bot " prefix of the Authorization header THEN it is accepted without it, as discord.js accepts it', () => {
    assert.equal(loadBotConfig({ DISCORD_TOKEN: `Bot ${token}` }).discordToken, token);
    assert.equal(loadBotConfig({ DISCORD_TOKEN: `bot  ${token}` }).discordToken, token);
    assert.equal(loadBotConfig({ DISCORD_TOKEN: token }).discordToken, token);
  });

  it('GIVEN a malformed DISCORD_TOKEN THEN one line says what is wrong with it and shows none of it', () => {
    const cases: Array<[string, RegExp]> = [
      [`${token}\n`, /a secret of 55 characters with a line break at character 55 \(not shown\), and a token has no spaces or line breaks/],
      [`Bot ${token} extra`, /starting with "Bot ", with a space at character 59 .*no spaces/],
      [`"${token}"`, /wrapped in quotes .*the quotes are not part of the token/],
      ['MTEwMDAwMDAwMDAwMDAwMDAwMQGabcdefaketokenfortests', /in 1 dot-separated part where a token has 3/],
      ['MTIz.Gab.shorty', /a secret of 15 characters \(not shown\), which is too short for a token/],
      ['MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gabcde.fake+token/for=tests', /with characters a token never has/],
    ];
    for (const [value, expected] of cases) {
      const message = configErrorOf(() => loadBotConfig({ DISCORD_TOKEN: value }));
      assert.match(message, /^DISCORD_TOKEN: not a bot token: got a secret of /);
      assert.match(message, expected);
      assert.match(message, /expected the bot token from the Discord Developer Portal/);
      assert.equal(message.includes('\n'), false);
      assertNothingOf(value.replace(/^Bot /, '').replace(/^"|"$/g, ''), message);
    }
  });

  it('GIVEN any *_API_KEY or *_TOKEN a schema refuses THEN the message describes the value and never quotes it', () => {
    const key = 'sk-proj-a-real-looking-key-value';
    for (const name of ['OPENAI_API_KEY', 'GROQ_API_KEY', 'DISCORD_TOKEN', 'SOME_SECRET']) {
      const message = configErrorOf(() => readVariable({ [name]: ` ${key}` }, name, z.string().regex(/^\S+$/), 'an API key'));
      assert.equal(message, `${name}: expected an API key, got a secret of 33 characters with a space at character 1 (not shown)`);
    }
    // a pasted key with a line break is refused at start-up, described and not shown
    const pasted = configErrorOf(() => loadProviderConfig({ PROVIDERS: 'openai', OPENAI_API_KEY: `${key}\n` }));
    assert.match(pasted, /^OPENAI_API_KEY: expected an API key without spaces or line breaks, got a secret of 33 characters/);
    assert.equal(pasted.includes(key.slice(0, 10)), false);
    // an ordinary setting still shows what it got: that is what helps to fix it
    assert.equal(configErrorOf(() => readVariable({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', z.enum(['info']), 'info')), 'LOG_LEVEL: expected info, got "loud"');
  });
});
