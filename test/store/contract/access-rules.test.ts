/**
 * Access rules: each server's allowed and blocked roles and channels, added once, removed,
 * listed by kind, and logged as the server's `access` setting.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCESS_RULE_KINDS } from '../../../src/store/index.ts';
import { forEachBackend } from '../support/store-backends.ts';

const guild = '1100000000000000100';
const other = '1100000000000000200';
const members = '1300000000000000001';
const muted = '1300000000000000002';
const botChannel = '1100000000000000301';
const offTopic = '1100000000000000302';
const ada = { userId: '800000000000000001', name: 'Ada Admin' };
const bo = { userId: '800000000000000002', name: 'Bo' };

forEachBackend('access rules', (open) => {
  test('WHEN a server has no rules THEN it lists none', async () => {
    const store = await open();
    assert.deepEqual(await store.listAccessRules(guild), []);
  });

  test('WHEN rules of every kind are added THEN they list by kind, each kind oldest first, with who and when; other servers have none', async () => {
    let clock = 1;
    const store = await open({ now: () => clock });
    assert.equal(await store.addAccessRule(guild, 'block-channel', offTopic, ada), true);
    clock = 2;
    assert.equal(await store.addAccessRule(guild, 'allow-role', members, ada), true);
    clock = 3;
    assert.equal(await store.addAccessRule(guild, 'block-role', muted, bo), true);
    clock = 4;
    assert.equal(await store.addAccessRule(guild, 'allow-channel', botChannel, bo), true);
    clock = 5;
    assert.equal(await store.addAccessRule(guild, 'allow-role', guild, ada), true, '@everyone, whose id is the server’s');
    assert.deepEqual(await store.listAccessRules(guild), [
      { kind: 'allow-role', targetId: members, setByUserId: ada.userId, at: 2 },
      { kind: 'allow-role', targetId: guild, setByUserId: ada.userId, at: 5 },
      { kind: 'block-role', targetId: muted, setByUserId: bo.userId, at: 3 },
      { kind: 'allow-channel', targetId: botChannel, setByUserId: bo.userId, at: 4 },
      { kind: 'block-channel', targetId: offTopic, setByUserId: ada.userId, at: 1 },
    ]);
    assert.deepEqual(ACCESS_RULE_KINDS, ['allow-role', 'block-role', 'allow-channel', 'block-channel']);
    assert.deepEqual(await store.listAccessRules(other), []);
  });

  test('WHEN a rule is added twice THEN the second changes nothing: it keeps its author and time, and is logged once', async () => {
    let clock = 10;
    const store = await open({ now: () => clock });
    await store.addAccessRule(guild, 'block-role', muted, ada);
    clock = 20;
    assert.equal(await store.addAccessRule(guild, 'block-role', muted, bo), false);
    assert.deepEqual(await store.listAccessRules(guild), [{ kind: 'block-role', targetId: muted, setByUserId: ada.userId, at: 10 }]);
    assert.equal((await store.settingChanges(guild)).length, 1);
  });

  test('WHEN a target is both allowed and blocked THEN both rules are kept (the check lets the block win)', async () => {
    const store = await open({ now: () => 5 });
    await store.addAccessRule(guild, 'allow-channel', botChannel, ada);
    await store.addAccessRule(guild, 'block-channel', botChannel, ada);
    assert.deepEqual(
      (await store.listAccessRules(guild)).map((rule) => rule.kind),
      ['allow-channel', 'block-channel'],
    );
  });

  test('WHEN a rule is removed THEN it is gone, the others stay, and removing it again reports nothing was there', async () => {
    const store = await open({ now: () => 5 });
    await store.addAccessRule(guild, 'allow-role', members, ada);
    await store.addAccessRule(guild, 'block-role', members, ada);
    assert.equal(await store.removeAccessRule(guild, 'allow-role', members, bo), true);
    assert.deepEqual(await store.listAccessRules(guild), [{ kind: 'block-role', targetId: members, setByUserId: ada.userId, at: 5 }]);
    assert.equal(await store.removeAccessRule(guild, 'allow-role', members, bo), false);
    assert.equal(await store.removeAccessRule(other, 'block-role', members, bo), false, 'another server’s rule of the same target');
  });

  test('WHEN rules change THEN the log keeps each addition and removal as the server’s access setting', async () => {
    let clock = 100;
    const store = await open({ now: () => clock });
    await store.addAccessRule(guild, 'block-channel', offTopic, ada);
    clock = 200;
    await store.removeAccessRule(guild, 'block-channel', offTopic, bo);
    assert.deepEqual(await store.lastChange(guild, 'access'), { value: `remove block-channel ${offTopic}`, setByUserId: bo.userId, setByName: 'Bo', at: 200 });
    assert.deepEqual(
      (await store.settingChanges(guild)).map((entry) => [entry.setting, entry.channelId, entry.value]),
      [
        ['access', null, `remove block-channel ${offTopic}`],
        ['access', null, `add block-channel ${offTopic}`],
      ],
    );
  });
});
