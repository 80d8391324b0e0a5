/**
 * The settings log of server settings: every change to a server's prompt, model and thread mode
 * is logged with who, the value and when, and `lastChange` reads the newest entry of a setting
 * in a place, whatever the clock says.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachBackend } from '../support/store-backends.ts';

const guild = '1100000000000000100';
const other = '1100000000000000200';
const channel = '1100000000000000301';
const ada = { userId: '800000000000000001', name: 'Ada Admin' };
const bo = { userId: '800000000000000002', name: 'Bo' };

forEachBackend('the settings log of server settings', (open) => {
  test('WHEN a server’s prompt, model and thread mode are set and cleared THEN each change is logged with who, the value and when; the newest of each setting is read', async () => {
    let clock = 1000;
    const store = await open({ now: () => clock });
    await store.setGuildSystemPrompt(guild, 'You are a pirate.', ada);
    clock = 2000;
    await store.setGuildDefaultModel(guild, 'openai/gpt-4o', bo);
    clock = 3000;
    await store.setThreadReplies(guild, 'mentions', ada);
    clock = 4000;
    assert.equal(await store.clearGuildSystemPrompt(guild, bo), true);
    assert.deepEqual(await store.lastChange(guild, 'system-prompt'), { value: null, setByUserId: bo.userId, setByName: 'Bo', at: 4000 }, 'a reset is logged as null');
    assert.deepEqual(await store.lastChange(guild, 'default-model'), { value: 'openai/gpt-4o', setByUserId: bo.userId, setByName: 'Bo', at: 2000 });
    assert.deepEqual(await store.lastChange(guild, 'thread-replies'), { value: 'mentions', setByUserId: ada.userId, setByName: 'Ada Admin', at: 3000 });
    assert.equal(await store.lastChange(other, 'default-model'), undefined, 'another server');
    assert.equal(await store.lastChange(guild, 'default-model', channel), undefined, 'a channel’s entries are apart from its server’s');
    assert.deepEqual(
      (await store.settingChanges(guild)).map((entry) => [entry.setting, entry.value, entry.channelId, entry.at]),
      [
        ['system-prompt', null, null, 4000],
        ['thread-replies', 'mentions', null, 3000],
        ['default-model', 'openai/gpt-4o', null, 2000],
        ['system-prompt', 'You are a pirate.', null, 1000],
      ],
    );
    assert.equal((await store.settingChanges(guild, 1)).length, 1);
  });

  test('WHEN a caller passes only a user id (as before the log), or clears without saying who THEN the entry has no name, or no one', async () => {
    const store = await open({ now: () => 5 });
    await store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', ada.userId);
    assert.deepEqual(await store.lastChange(guild, 'default-model'), { value: 'openai/gpt-4o-mini', setByUserId: ada.userId, setByName: null, at: 5 });
    assert.equal(await store.clearGuildDefaultModel(guild), true);
    assert.deepEqual(await store.lastChange(guild, 'default-model'), { value: null, setByUserId: null, setByName: null, at: 5 });
  });

  test('WHEN a clear finds nothing to clear THEN nothing is logged', async () => {
    const store = await open();
    assert.equal(await store.clearGuildSystemPrompt(guild, ada), false);
    assert.equal(await store.clearGuildDefaultModel(guild, ada), false);
    assert.deepEqual(await store.settingChanges(guild), []);
  });

  test('WHEN the same setting changes twice at the same instant THEN the later change is the newest (the clock does not decide)', async () => {
    let clock = 7000;
    const store = await open({ now: () => clock });
    await store.setGuildSystemPrompt(guild, 'First.', ada);
    await store.setGuildSystemPrompt(guild, 'Second.', bo);
    assert.equal((await store.lastChange(guild, 'system-prompt'))?.value, 'Second.');
    clock = 10;
    await store.setGuildSystemPrompt(guild, 'After the clock was set back.', ada);
    assert.deepEqual(await store.lastChange(guild, 'system-prompt'), { value: 'After the clock was set back.', setByUserId: ada.userId, setByName: 'Ada Admin', at: 10 });
  });

  test('GIVEN a server’s prompt THEN its model and thread mode are untouched, and clearing the prompt leaves them', async () => {
    const store = await open();
    await store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', ada);
    await store.setThreadReplies(guild, 'mentions', ada);
    await store.setGuildSystemPrompt(guild, 'Be brief.', bo);
    assert.equal(await store.getGuildDefaultModel(guild), 'openai/gpt-4o-mini');
    assert.equal(await store.getThreadReplies(guild), 'mentions');
    await store.clearGuildSystemPrompt(guild, bo);
    assert.equal(await store.getGuildSystemPrompt(guild), undefined);
    assert.equal(await store.getGuildDefaultModel(guild), 'openai/gpt-4o-mini');
    assert.equal(await store.getThreadReplies(guild), 'mentions');
  });
});
