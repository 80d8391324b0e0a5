/**
 * Daily token quotas on an injected clock and a real (in-memory) store: reached at the quota,
 * reset at the next UTC midnight, a server's own setting over the default, a person's quota
 * counted per server, and DMs under the person quota only.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkQuota, type QuotaSettings } from '../../src/answers/token-quota.ts';
import { ManualClock } from '../../src/model/manual-clock.ts';
import { openStore, IN_MEMORY_PATH } from '../../src/store/index.ts';
import { loadBotConfig } from '../../src/config/bot-config.ts';
import { ConfigError } from '../../src/config/config-error.ts';

const guild = '1100000000000000100';
const other = '1100000000000000200';
const ada = '800000000000000001';
const bo = '800000000000000002';
const admin = '800000000000000009';
const MINUTE = 60_000;
const midnight = Date.UTC(2026, 0, 6);

function setup(settings: QuotaSettings, startMs = midnight - 10 * MINUTE) {
  const clock = new ManualClock(startMs);
  const store = openStore({ path: IN_MEMORY_PATH, now: () => clock.now() });
  const check = (asker: { guildId: string | null; userId: string }) => checkQuota({ reader: store, settings, now: () => clock.now() }, asker);
  const spend = (asker: { guildId: string | null; userId: string }, tokens: number) =>
    store.recordUsage({ ...asker, channelId: '1100000000000000201', modelId: 'openai/gpt-4o', messageId: null, outcome: 'complete', promptTokens: tokens - 1, completionTokens: 1 });
  return { clock, store, check, spend };
}

describe('daily token quotas', () => {
  it('GIVEN no quota anywhere THEN everyone is answered whatever they used', async () => {
    const { store, check, spend } = setup({ personTokensPerDay: 0, serverTokensPerDay: 0 });
    await spend({ guildId: guild, userId: ada }, 10_000_000);
    assert.deepEqual((await check({ guildId: guild, userId: ada })), { ok: true });
    assert.deepEqual((await check({ guildId: null, userId: ada })), { ok: true });
    store.close();
  });

  it('GIVEN a person quota of 1,000 WHEN they reach it THEN they are refused until the next UTC midnight, and answered again from then', async () => {
    const { clock, store, check, spend } = setup({ personTokensPerDay: 1_000, serverTokensPerDay: 0 });
    await spend({ guildId: guild, userId: ada }, 999);
    assert.deepEqual((await check({ guildId: guild, userId: ada })), { ok: true }, 'one token left');
    await spend({ guildId: guild, userId: ada }, 1);
    assert.deepEqual((await check({ guildId: guild, userId: ada })), { ok: false, scope: 'person', limit: 1_000, used: 1_000, resetsAt: midnight });
    assert.deepEqual((await check({ guildId: guild, userId: bo })), { ok: true }, 'someone else has a quota of their own');
    await clock.advance(10 * MINUTE - 1);
    assert.equal((await check({ guildId: guild, userId: ada })).ok, false, 'the last millisecond of the day');
    await clock.advance(1);
    assert.deepEqual((await check({ guildId: guild, userId: ada })), { ok: true }, 'a new UTC day');
    store.close();
  });

  it('GIVEN an answer in flight that takes a person past their quota THEN it was allowed, and only the next one is refused', async () => {
    const { store, check, spend } = setup({ personTokensPerDay: 1_000, serverTokensPerDay: 0 });
    await spend({ guildId: guild, userId: ada }, 900);
    assert.equal((await check({ guildId: guild, userId: ada })).ok, true);
    // the answer checked above ends with more than was left: it is recorded whole
    await spend({ guildId: guild, userId: ada }, 4_000);
    assert.deepEqual((await check({ guildId: guild, userId: ada })), { ok: false, scope: 'person', limit: 1_000, used: 4_900, resetsAt: midnight });
    store.close();
  });

  it('GIVEN a server quota THEN everyone’s tokens there add up to it, and everyone there is refused once it is reached', async () => {
    const { store, check, spend } = setup({ personTokensPerDay: 0, serverTokensPerDay: 5_000 });
    await spend({ guildId: guild, userId: ada }, 3_000);
    await spend({ guildId: guild, userId: bo }, 1_999);
    await spend({ guildId: other, userId: bo }, 50_000);
    assert.equal((await check({ guildId: guild, userId: ada })).ok, true);
    await spend({ guildId: guild, userId: bo }, 1);
    const refused = { ok: false, scope: 'server', limit: 5_000, used: 5_000, resetsAt: midnight };
    assert.deepEqual((await check({ guildId: guild, userId: ada })), refused);
    assert.deepEqual((await check({ guildId: guild, userId: '800000000000000003' })), refused, 'even someone who used nothing');
    store.close();
  });

  it('GIVEN a person quota THEN it counts their tokens in that server only, and their DMs apart', async () => {
    const { store, check, spend } = setup({ personTokensPerDay: 1_000, serverTokensPerDay: 0 });
    await spend({ guildId: other, userId: ada }, 5_000);
    assert.equal((await check({ guildId: guild, userId: ada })).ok, true);
    assert.equal((await check({ guildId: null, userId: ada })).ok, true);
    await spend({ guildId: null, userId: ada }, 1_000);
    assert.deepEqual((await check({ guildId: null, userId: ada })), { ok: false, scope: 'person', limit: 1_000, used: 1_000, resetsAt: midnight });
    assert.equal((await check({ guildId: guild, userId: ada })).ok, true, 'DMs do not count in a server');
    store.close();
  });

  it('GIVEN a server quota by default THEN DMs are never refused by it', async () => {
    const { store, check, spend } = setup({ personTokensPerDay: 0, serverTokensPerDay: 10 });
    await spend({ guildId: null, userId: ada }, 1_000);
    assert.deepEqual((await check({ guildId: null, userId: ada })), { ok: true });
    store.close();
  });

  it('GIVEN a server’s own quotas THEN they win over the defaults: a number replaces them, 0 lifts them, null keeps them', async () => {
    const { store, check, spend } = setup({ personTokensPerDay: 1_000, serverTokensPerDay: 2_000 });
    await spend({ guildId: guild, userId: ada }, 1_500);
    assert.equal((await check({ guildId: guild, userId: ada })).ok, false);
    await store.setGuildQuota(guild, { personTokensPerDay: 0 }, admin);
    assert.deepEqual((await check({ guildId: guild, userId: ada })), { ok: true }, 'no person quota here, and the default server quota is not reached');
    await store.setGuildQuota(guild, { personTokensPerDay: 1_500, serverTokensPerDay: 0 }, admin);
    assert.deepEqual((await check({ guildId: guild, userId: ada })), { ok: false, scope: 'person', limit: 1_500, used: 1_500, resetsAt: midnight });
    await store.setGuildQuota(guild, { personTokensPerDay: null, serverTokensPerDay: null }, admin);
    assert.equal(((await check({ guildId: guild, userId: bo })) as { ok: boolean }).ok, true, 'back to the defaults: bo used nothing, the server 1,500 of 2,000');
    await spend({ guildId: guild, userId: bo }, 500);
    assert.deepEqual((await check({ guildId: guild, userId: bo })), { ok: false, scope: 'server', limit: 2_000, used: 2_000, resetsAt: midnight });
    store.close();
  });

  it('GIVEN both quotas reached THEN the person’s own is named', async () => {
    const { store, check, spend } = setup({ personTokensPerDay: 100, serverTokensPerDay: 100 });
    await spend({ guildId: guild, userId: ada }, 100);
    assert.equal(((await check({ guildId: guild, userId: ada })) as { scope?: string }).scope, 'person');
    assert.equal(((await check({ guildId: guild, userId: bo })) as { scope?: string }).scope, 'server');
    store.close();
  });

  it('GIVEN the settings THEN the defaults are no quota, a whole number sets one, and anything else names the variable', async () => {
    const token = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gabcde.fake-token-for-tests';
    assert.deepEqual(loadBotConfig({ DISCORD_TOKEN: token }).tokenQuotas, { personTokensPerDay: 0, serverTokensPerDay: 0 });
    const set = loadBotConfig({ DISCORD_TOKEN: token, QUOTA_PERSON_TOKENS_PER_DAY: '50000', QUOTA_SERVER_TOKENS_PER_DAY: '2000000' });
    assert.deepEqual(set.tokenQuotas, { personTokensPerDay: 50_000, serverTokensPerDay: 2_000_000 });
    for (const value of ['-1', '1.5', 'lots']) {
      assert.throws(() => loadBotConfig({ DISCORD_TOKEN: token, QUOTA_PERSON_TOKENS_PER_DAY: value }), (error: unknown) => error instanceof ConfigError && error.message.includes('QUOTA_PERSON_TOKENS_PER_DAY'));
    }
  });
});
