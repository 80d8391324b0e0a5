import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBotConfig } from '../../src/config/bot-config.ts';
import { loadProviderConfig } from '../../src/config/provider-config.ts';

const token = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gabcde.fake-token-for-tests';

describe('configuration', () => {
  it('GIVEN only a token THEN every default applies', () => {
    const config = loadBotConfig({ DISCORD_TOKEN: token });
    assert.equal(config.discordApiUrl, 'https://discord.com/api');
    assert.equal(config.databasePath, 'data/cordial.sqlite');
    assert.deepEqual(config.providers.enabled, ['h2o', 'aivvm', 'openai']);
    assert.equal(config.providers.openaiCompatible[0]?.baseUrl, 'https://api.openai.com/v1');
    assert.equal(config.providers.http.idleTimeoutMs, 30_000);
    assert.equal(config.minEditIntervalMs, 1000);
    assert.equal(config.defaultModel, undefined);
    assert.equal(config.directMessages, true);
    assert.equal(loadBotConfig({ DISCORD_TOKEN: token, DIRECT_MESSAGES: 'off' }).directMessages, false);
  });

  it('GIVEN extra OpenAI-compatible endpoints THEN each reads its own prefixed variables', () => {
    const config = loadProviderConfig({
      PROVIDERS: 'openai, my-llm,groq',
      OPENAI_MODELS: 'gpt-4o-mini',
      MY_LLM_BASE_URL: 'http://127.0.0.1:8080/v1/',
      MY_LLM_CONTEXT_TOKENS: '4096',
      GROQ_BASE_URL: 'https://api.groq.com/openai/v1',
      GROQ_API_KEY: 'gsk_x',
      GROQ_MODELS: 'llama-3.1-8b-instant , mixtral',
    });
    assert.deepEqual(
      config.openaiCompatible.map((endpoint) => [endpoint.id, endpoint.baseUrl, endpoint.apiKey, endpoint.models, endpoint.contextTokens]),
      [
        ['openai', 'https://api.openai.com/v1', '', ['gpt-4o-mini'], 8192],
        ['my-llm', 'http://127.0.0.1:8080/v1', '', [], 4096],
        ['groq', 'https://api.groq.com/openai/v1', 'gsk_x', ['llama-3.1-8b-instant', 'mixtral'], 8192],
      ],
    );
    assert.equal(config.h2o, undefined);
  });

  it('GIVEN a wrong or missing value THEN one line names the variable and what is expected', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{}, /^DISCORD_TOKEN: missing; expected the bot token/],
      [{ DISCORD_TOKEN: token, DEFAULT_MODEL: 'gpt-4' }, /^DEFAULT_MODEL: expected a model id provider\/model/],
      [{ DISCORD_TOKEN: token, DEFAULT_MODEL: 'ollama/llama3' }, /^DEFAULT_MODEL: a model of an enabled provider \(h2o, aivvm, openai\)/],
      [{ DISCORD_TOKEN: token, PROVIDERS: 'openai,Bad Id' }, /^PROVIDERS: provider ids are lowercase/],
      [{ DISCORD_TOKEN: token, PROVIDERS: 'ollama' }, /^OLLAMA_BASE_URL: missing; expected an http\(s\) URL including \/v1/],
      [{ DISCORD_TOKEN: token, H2O_BASE_URL: 'ftp://x' }, /^H2O_BASE_URL: expected an http\(s\) URL, got "ftp:\/\/x"/],
      [{ DISCORD_TOKEN: token, THREAD_AUTO_ARCHIVE_MINUTES: '30' }, /^THREAD_AUTO_ARCHIVE_MINUTES: expected one of 60, 1440, 4320, 10080/],
      [{ DISCORD_TOKEN: token, LOG_LEVEL: 'loud' }, /^LOG_LEVEL: expected one of fatal/],
      [{ DISCORD_TOKEN: token, DIRECT_MESSAGES: 'maybe' }, /^DIRECT_MESSAGES: expected on or off, got "maybe"/],
    ];
    for (const [env, expected] of cases) {
      assert.throws(() => loadBotConfig(env), (error: Error) => {
        assert.match(error.message, expected);
        assert.equal(error.message.includes('\n'), false);
        return true;
      });
    }
  });
});
