import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBotConfig } from '../../src/config/bot-config.ts';
import { ConfigError } from '../../src/config/config-error.ts';

const token = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gabcde.fake-token-for-tests';

describe('the settings of many processes', () => {
  it('GIVEN none THEN SQLite, no Redis, no health port, the public schema', () => {
    const config = loadBotConfig({ DISCORD_TOKEN: token });
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.redisUrl, undefined);
    assert.equal(config.healthPort, undefined);
    assert.equal(config.databaseSchema, 'public');
    assert.ok(!('databaseUrl' in config), 'absent, not undefined');
  });

  it('GIVEN URLs and a port THEN they are read as given', () => {
    const config = loadBotConfig({ DISCORD_TOKEN: token, DATABASE_URL: 'postgresql://cordial:pw@db:5432/cordial', REDIS_URL: 'rediss://cache:6380', HEALTH_PORT: '8080', DATABASE_SCHEMA: 'bot_two' });
    assert.equal(config.databaseUrl, 'postgresql://cordial:pw@db:5432/cordial');
    assert.equal(config.redisUrl, 'rediss://cache:6380');
    assert.equal(config.healthPort, 8080);
    assert.equal(config.databaseSchema, 'bot_two');
  });

  it('GIVEN a malformed URL with a password THEN the error names the setting and never shows the value', () => {
    for (const [name, value] of [
      ['DATABASE_URL', 'mysql://cordial:hunter2-secret@db/cordial'],
      ['REDIS_URL', 'http://:hunter2-secret@cache:6379'],
    ] as const) {
      assert.throws(
        () => loadBotConfig({ DISCORD_TOKEN: token, [name]: value }),
        (error: unknown) => error instanceof ConfigError && error.message.includes(name) && !error.message.includes('hunter2') && /not shown/.test(error.message),
      );
    }
  });

  it('GIVEN a bad port or schema THEN configuration errors', () => {
    assert.throws(() => loadBotConfig({ DISCORD_TOKEN: token, HEALTH_PORT: '70000' }), ConfigError);
    assert.throws(() => loadBotConfig({ DISCORD_TOKEN: token, DATABASE_SCHEMA: 'Robert"; DROP' }), ConfigError);
  });
});
