/**
 * Channel settings: a channel's system prompt and default model, each set, read and cleared
 * without touching the other, listed per server, and logged per channel.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachBackend } from '../support/store-backends.ts';

const guild = '1100000000000000100';
const other = '1100000000000000200';
const general = '1100000000000000301';
const support = '1100000000000000302';
const elsewhere = '1100000000000000401';
const ada = { userId: '800000000000000001', name: 'Ada Admin' };
const bo = { userId: '800000000000000002', name: 'Bo' };

forEachBackend('channel settings', (open) => {
  test('WHEN a channel never set anything THEN it has neither a prompt nor a model, and clearing reports nothing was there', async () => {
    const store = await open();
    assert.equal(await store.getChannelSystemPrompt(general), undefined);
    assert.equal(await store.getChannelDefaultModel(general), undefined);
    assert.equal(await store.clearChannelSystemPrompt(guild, general, ada), false);
    assert.equal(await store.clearChannelDefaultModel(guild, general, ada), false);
    assert.deepEqual(await store.settingChanges(guild), []);
  });

  test('WHEN a channel sets a prompt and a model THEN each reads back, other channels and the server are untouched', async () => {
    const store = await open();
    await store.setChannelSystemPrompt(guild, general, 'You are the #general host.', ada);
    await store.setChannelDefaultModel(guild, general, 'openai/gpt-4o', bo);
    assert.equal(await store.getChannelSystemPrompt(general), 'You are the #general host.');
    assert.equal(await store.getChannelDefaultModel(general), 'openai/gpt-4o');
    assert.equal(await store.getChannelSystemPrompt(support), undefined);
    assert.equal(await store.getGuildSystemPrompt(guild), undefined);
    assert.equal(await store.getGuildDefaultModel(guild), undefined);
  });

  test('WHEN one of the two is cleared THEN the other stays; WHEN both are THEN the channel overrides nothing', async () => {
    let clock = 10;
    const store = await open({ now: () => clock });
    await store.setChannelSystemPrompt(guild, general, 'Be kind.', ada);
    clock = 20;
    await store.setChannelDefaultModel(guild, general, 'openai/gpt-4o-mini', ada);
    assert.deepEqual(await store.channelOverrides(guild), [{ channelId: general, systemPrompt: 'Be kind.', defaultModel: 'openai/gpt-4o-mini', updatedAt: 20 }]);
    assert.equal(await store.clearChannelSystemPrompt(guild, general, bo), true);
    assert.equal(await store.getChannelSystemPrompt(general), undefined);
    assert.equal(await store.getChannelDefaultModel(general), 'openai/gpt-4o-mini');
    assert.deepEqual(await store.channelOverrides(guild), [{ channelId: general, defaultModel: 'openai/gpt-4o-mini', updatedAt: 20 }]);
    assert.equal(await store.clearChannelDefaultModel(guild, general, bo), true);
    assert.deepEqual(await store.channelOverrides(guild), []);
    assert.equal(await store.clearChannelDefaultModel(guild, general, bo), false);
  });

  test('WHEN channel settings change THEN each change is logged for its channel, apart from the server’s own, with who did it', async () => {
    let clock = 100;
    const store = await open({ now: () => clock });
    await store.setGuildSystemPrompt(guild, 'Server persona.', ada);
    clock = 200;
    await store.setChannelSystemPrompt(guild, general, 'Channel persona.', bo);
    clock = 300;
    await store.setChannelDefaultModel(guild, support, 'openai/gpt-4o', ada);
    clock = 400;
    await store.clearChannelSystemPrompt(guild, general, ada);
    assert.deepEqual(await store.lastChange(guild, 'system-prompt'), { value: 'Server persona.', setByUserId: ada.userId, setByName: 'Ada Admin', at: 100 });
    assert.deepEqual(await store.lastChange(guild, 'system-prompt', general), { value: null, setByUserId: ada.userId, setByName: 'Ada Admin', at: 400 });
    assert.deepEqual(await store.lastChange(guild, 'default-model', support), { value: 'openai/gpt-4o', setByUserId: ada.userId, setByName: 'Ada Admin', at: 300 });
    assert.equal(await store.lastChange(guild, 'default-model', general), undefined);
    assert.deepEqual(
      (await store.settingChanges(guild)).map((entry) => [entry.setting, entry.channelId, entry.value]),
      [
        ['system-prompt', general, null],
        ['default-model', support, 'openai/gpt-4o'],
        ['system-prompt', general, 'Channel persona.'],
        ['system-prompt', null, 'Server persona.'],
      ],
    );
  });

  test('GIVEN overrides in two servers THEN each server lists only its channels, by id, with what each overrides', async () => {
    const store = await open({ now: () => 9 });
    await store.setChannelDefaultModel(guild, support, 'openai/gpt-4o', ada);
    await store.setChannelSystemPrompt(guild, general, 'Hi.', ada);
    await store.setChannelSystemPrompt(other, elsewhere, 'Elsewhere.', bo);
    assert.deepEqual(await store.channelOverrides(guild), [
      { channelId: general, systemPrompt: 'Hi.', updatedAt: 9 },
      { channelId: support, defaultModel: 'openai/gpt-4o', updatedAt: 9 },
    ]);
    assert.deepEqual(await store.channelOverrides(other), [{ channelId: elsewhere, systemPrompt: 'Elsewhere.', updatedAt: 9 }]);
  });

  test('WHEN a prompt of Discord’s 4,000-character limit with lines and quotes is set THEN it reads back exactly', async () => {
    const store = await open();
    const head = `Line one.\nIt's "quoted"; -- not SQL.\n`;
    const prompt = head + 'x'.repeat(4000 - head.length);
    assert.equal(prompt.length, 4000);
    await store.setChannelSystemPrompt(guild, general, prompt, ada);
    assert.equal(await store.getChannelSystemPrompt(general), prompt);
    assert.equal((await store.lastChange(guild, 'system-prompt', general))?.value, prompt);
  });
});
