/**
 * Channel settings: a channel's system prompt and default model, each set, read and cleared
 * without touching the other, listed per server, logged per channel, and kept across a restart.
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { openStore, IN_MEMORY_PATH } from '../../src/store/index.ts';
import { withDatabasePath } from './support/old-database.ts';

const guild = '1100000000000000100';
const other = '1100000000000000200';
const general = '1100000000000000301';
const support = '1100000000000000302';
const elsewhere = '1100000000000000401';
const ada = { userId: '800000000000000001', name: 'Ada Admin' };
const bo = { userId: '800000000000000002', name: 'Bo' };

function channelRows(path: string): Record<string, unknown>[] {
  const raw = new DatabaseSync(path);
  try {
    return raw.prepare('SELECT channel_id, guild_id, system_prompt, default_model, updated_at FROM channel_settings ORDER BY channel_id').all().map((row) => ({ ...row }));
  } finally {
    raw.close();
  }
}

describe('channel settings', () => {
  test('WHEN a channel never set anything THEN it has neither a prompt nor a model, and clearing reports nothing was there', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    assert.equal(store.getChannelSystemPrompt(general), undefined);
    assert.equal(store.getChannelDefaultModel(general), undefined);
    assert.equal(store.clearChannelSystemPrompt(guild, general, ada), false);
    assert.equal(store.clearChannelDefaultModel(guild, general, ada), false);
    assert.deepEqual(store.settingChanges(guild), []);
    store.close();
  });

  test('WHEN a channel sets a prompt and a model THEN each reads back, other channels and the server are untouched', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    store.setChannelSystemPrompt(guild, general, 'You are the #general host.', ada);
    store.setChannelDefaultModel(guild, general, 'openai/gpt-4o', bo);
    assert.equal(store.getChannelSystemPrompt(general), 'You are the #general host.');
    assert.equal(store.getChannelDefaultModel(general), 'openai/gpt-4o');
    assert.equal(store.getChannelSystemPrompt(support), undefined);
    assert.equal(store.getGuildSystemPrompt(guild), undefined);
    assert.equal(store.getGuildDefaultModel(guild), undefined);
    store.close();
  });

  test('WHEN one of the two is cleared THEN the other stays; WHEN both are THEN the row is gone', () => {
    withDatabasePath((path) => {
      let clock = 10;
      const store = openStore({ path, now: () => clock });
      store.setChannelSystemPrompt(guild, general, 'Be kind.', ada);
      clock = 20;
      store.setChannelDefaultModel(guild, general, 'openai/gpt-4o-mini', ada);
      assert.deepEqual(channelRows(path), [{ channel_id: general, guild_id: guild, system_prompt: 'Be kind.', default_model: 'openai/gpt-4o-mini', updated_at: 20 }]);
      assert.equal(store.clearChannelSystemPrompt(guild, general, bo), true);
      assert.equal(store.getChannelSystemPrompt(general), undefined);
      assert.equal(store.getChannelDefaultModel(general), 'openai/gpt-4o-mini');
      assert.equal(store.clearChannelDefaultModel(guild, general, bo), true);
      assert.deepEqual(channelRows(path), []);
      assert.equal(store.clearChannelDefaultModel(guild, general, bo), false);
      store.close();
    });
  });

  test('WHEN channel settings change THEN each change is logged for its channel, apart from the server’s own, with who did it', () => {
    let clock = 100;
    const store = openStore({ path: IN_MEMORY_PATH, now: () => clock });
    store.setGuildSystemPrompt(guild, 'Server persona.', ada);
    clock = 200;
    store.setChannelSystemPrompt(guild, general, 'Channel persona.', bo);
    clock = 300;
    store.setChannelDefaultModel(guild, support, 'openai/gpt-4o', ada);
    clock = 400;
    store.clearChannelSystemPrompt(guild, general, ada);
    assert.deepEqual(store.lastChange(guild, 'system-prompt'), { value: 'Server persona.', setByUserId: ada.userId, setByName: 'Ada Admin', at: 100 });
    assert.deepEqual(store.lastChange(guild, 'system-prompt', general), { value: null, setByUserId: ada.userId, setByName: 'Ada Admin', at: 400 });
    assert.deepEqual(store.lastChange(guild, 'default-model', support), { value: 'openai/gpt-4o', setByUserId: ada.userId, setByName: 'Ada Admin', at: 300 });
    assert.equal(store.lastChange(guild, 'default-model', general), undefined);
    assert.deepEqual(
      store.settingChanges(guild).map((entry) => [entry.setting, entry.channelId, entry.value]),
      [
        ['system-prompt', general, null],
        ['default-model', support, 'openai/gpt-4o'],
        ['system-prompt', general, 'Channel persona.'],
        ['system-prompt', null, 'Server persona.'],
      ],
    );
    store.close();
  });

  test('GIVEN overrides in two servers THEN each server lists only its channels, by id, with what each overrides', () => {
    const store = openStore({ path: IN_MEMORY_PATH, now: () => 9 });
    store.setChannelDefaultModel(guild, support, 'openai/gpt-4o', ada);
    store.setChannelSystemPrompt(guild, general, 'Hi.', ada);
    store.setChannelSystemPrompt(other, elsewhere, 'Elsewhere.', bo);
    assert.deepEqual(store.channelOverrides(guild), [
      { channelId: general, systemPrompt: 'Hi.', updatedAt: 9 },
      { channelId: support, defaultModel: 'openai/gpt-4o', updatedAt: 9 },
    ]);
    assert.deepEqual(store.channelOverrides(other), [{ channelId: elsewhere, systemPrompt: 'Elsewhere.', updatedAt: 9 }]);
    store.close();
  });

  test('WHEN a prompt of Discord’s 4,000-character limit with lines and quotes is set THEN it reads back exactly', () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    const head = `Line one.\nIt's "quoted"; -- not SQL.\n`;
    const prompt = head + 'x'.repeat(4000 - head.length);
    assert.equal(prompt.length, 4000);
    store.setChannelSystemPrompt(guild, general, prompt, ada);
    assert.equal(store.getChannelSystemPrompt(general), prompt);
    assert.equal(store.lastChange(guild, 'system-prompt', general)?.value, prompt);
    store.close();
  });

  test('WHEN the store is reopened (a restart) THEN a channel’s prompt and model are there', () => {
    withDatabasePath((path) => {
      const first = openStore({ path });
      first.setChannelSystemPrompt(guild, general, 'Persisted.', ada);
      first.setChannelDefaultModel(guild, general, 'ollama/llama3.2:3b', ada);
      first.close();
      const second = openStore({ path });
      assert.equal(second.getChannelSystemPrompt(general), 'Persisted.');
      assert.equal(second.getChannelDefaultModel(general), 'ollama/llama3.2:3b');
      second.close();
    });
  });
});
