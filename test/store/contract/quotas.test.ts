/** Servers' token quotas: unset until a server sets one, changed one scope at a time, back to the default, and forgotten. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachBackend } from '../support/store-backends.ts';

const guild = '1100000000000000100';
const ada = '800000000000000001';
const bo = '800000000000000002';

forEachBackend('server token quotas', (open) => {
  test('GIVEN a server that set nothing THEN it has no quota record (the defaults apply)', async () => {
    const store = await open();
    assert.equal(await store.getGuildQuota(guild), undefined);
    assert.equal(await store.clearGuildQuota(guild), false);
  });

  test('GIVEN a person quota set WHEN the server quota is set later THEN each keeps to itself, and the last setter and time are kept', async () => {
    const clock = { now: 1_700_000_000_000 };
    const store = await open({ now: () => clock.now });
    await store.setGuildQuota(guild, { personTokensPerDay: 20_000 }, ada);
    assert.deepEqual(await store.getGuildQuota(guild), { personTokensPerDay: 20_000, serverTokensPerDay: null, setByUserId: ada, updatedAt: 1_700_000_000_000 });
    clock.now += 5;
    await store.setGuildQuota(guild, { serverTokensPerDay: 0 }, bo);
    assert.deepEqual(await store.getGuildQuota(guild), { personTokensPerDay: 20_000, serverTokensPerDay: 0, setByUserId: bo, updatedAt: 1_700_000_000_005 });
    await store.setGuildQuota(guild, { personTokensPerDay: null }, bo);
    assert.equal((await store.getGuildQuota(guild))?.personTokensPerDay, null, 'null goes back to the default');
    assert.equal((await store.getGuildQuota(guild))?.serverTokensPerDay, 0, '0 (no quota) is a choice, kept apart from the default');
    assert.equal(await store.getGuildQuota('1100000000000000200'), undefined, 'another server is untouched');
    assert.equal(await store.clearGuildQuota(guild), true);
    assert.equal(await store.getGuildQuota(guild), undefined);
  });

  test('GIVEN a quota that is not a whole number of tokens from 0 THEN it is refused and nothing changes', async () => {
    const store = await open();
    await store.setGuildQuota(guild, { personTokensPerDay: 100 }, ada);
    for (const tokens of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await assert.rejects(() => store.setGuildQuota(guild, { personTokensPerDay: tokens }, bo), RangeError, String(tokens));
    }
    assert.deepEqual((await store.getGuildQuota(guild))?.personTokensPerDay, 100);
    assert.equal((await store.getGuildQuota(guild))?.setByUserId, ada);
  });
});
