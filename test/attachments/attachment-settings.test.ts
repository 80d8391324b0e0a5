import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBotConfig } from '../../src/config/bot-config.ts';
import { ConfigError } from '../../src/config/config-error.ts';

const token = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gabcde.fake-token-for-tests';

test('GIVEN no attachment settings THEN Discord’s CDN origins and the documented caps', () => {
  const { attachments } = loadBotConfig({ DISCORD_TOKEN: token });
  assert.deepEqual(attachments, {
    allowedOrigins: ['https://cdn.discordapp.com', 'https://media.discordapp.net'],
    maxFileBytes: 10_485_760,
    maxMessageBytes: 26_214_400,
    maxTextFileBytes: 65_536,
    fetchTimeoutMs: 15_000,
    historyMaxImages: 4,
    historyMaxBytes: 26_214_400,
    cacheBytes: 67_108_864,
    imageTokens: 1000,
  });
});

test('GIVEN DISCORD_ATTACHMENT_ORIGINS THEN origins only: a path, another scheme or nothing stops start-up naming the variable', () => {
  assert.deepEqual(loadBotConfig({ DISCORD_TOKEN: token, DISCORD_ATTACHMENT_ORIGINS: 'http://127.0.0.1:9000/, https://proxy.example' }).attachments.allowedOrigins, ['http://127.0.0.1:9000', 'https://proxy.example']);
  for (const value of ['https://cdn.discordapp.com/attachments', 'ftp://cdn.example', ' , ', 'cdn.discordapp.com']) {
    assert.throws(() => loadBotConfig({ DISCORD_TOKEN: token, DISCORD_ATTACHMENT_ORIGINS: value }), (error: unknown) => error instanceof ConfigError && error.message.includes('DISCORD_ATTACHMENT_ORIGINS'), value);
  }
});
