/**
 * The system prompt that applies and where it comes from: thread → channel → server →
 * SYSTEM_PROMPT → built-in, blank values skipped, and only a server's places read from the store.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSystemPrompt, systemPromptLookup } from '../../src/answers/system-prompt-lookup.ts';
import { defaultSystemPrompt, loadBotConfig } from '../../src/config/bot-config.ts';
import { openStore, IN_MEMORY_PATH } from '../../src/store/index.ts';
import { FAKE_DISCORD_TOKEN } from './support/test-services.ts';

const guild = '1100000000000000100';
const channel = '1100000000000000301';
const quiet = '1100000000000000302';
const ada = { userId: '800000000000000001', name: 'Ada Admin' };

describe('resolveSystemPrompt', () => {
  it('GIVEN every candidate THEN the thread’s wins, then the channel’s, then the server’s, then SYSTEM_PROMPT', async () => {
    const all = { thread: 'Thread.', channel: 'Channel.', server: 'Server.', configured: 'Configured.' };
    assert.deepEqual(resolveSystemPrompt(all), { prompt: 'Thread.', source: 'thread' });
    assert.deepEqual(resolveSystemPrompt({ ...all, thread: undefined }), { prompt: 'Channel.', source: 'channel' });
    assert.deepEqual(resolveSystemPrompt({ ...all, thread: null, channel: null }), { prompt: 'Server.', source: 'server' });
    assert.deepEqual(resolveSystemPrompt({ configured: 'Configured.' }), { prompt: 'Configured.', source: 'global' });
  });

  it('GIVEN SYSTEM_PROMPT unset THEN the built-in text applies and says so; set, it is global', async () => {
    const unset = loadBotConfig({ DISCORD_TOKEN: FAKE_DISCORD_TOKEN, PROVIDERS: 'openai', OPENAI_MODELS: 'gpt-4o' });
    assert.deepEqual(resolveSystemPrompt({ configured: unset.systemPrompt }), { prompt: defaultSystemPrompt, source: 'built-in' });
    const set = loadBotConfig({ DISCORD_TOKEN: FAKE_DISCORD_TOKEN, PROVIDERS: 'openai', OPENAI_MODELS: 'gpt-4o', SYSTEM_PROMPT: 'You are Cordial of the Tea Club.' });
    assert.deepEqual(resolveSystemPrompt({ configured: set.systemPrompt }), { prompt: 'You are Cordial of the Tea Club.', source: 'global' });
  });

  it('GIVEN blank candidates THEN they are skipped; a prompt is given as it was set, untrimmed', async () => {
    assert.deepEqual(resolveSystemPrompt({ thread: '  ', channel: '', server: '\n Server.\n', configured: 'Configured.' }), { prompt: '\n Server.\n', source: 'server' });
  });
});

describe('systemPromptLookup over the store', () => {
  it('GIVEN a server prompt and a channel prompt THEN a thread keeps its own, the channel’s applies in it, the server’s elsewhere', async () => {
    const store = openStore({ path: IN_MEMORY_PATH });
    await store.setGuildSystemPrompt(guild, 'Server persona.', ada);
    await store.setChannelSystemPrompt(guild, channel, 'Channel persona.', ada);
    const prompts = systemPromptLookup({ serverPrompt: store.getGuildSystemPrompt, channelPrompt: store.getChannelSystemPrompt, configured: 'Configured.' });
    assert.deepEqual(await prompts({ threadPrompt: 'What the thread started with.', channelId: channel, guildId: guild }), { prompt: 'What the thread started with.', source: 'thread' });
    assert.deepEqual(await prompts({ channelId: channel, guildId: guild }), { prompt: 'Channel persona.', source: 'channel' });
    assert.deepEqual(await prompts({ channelId: quiet, guildId: guild }), { prompt: 'Server persona.', source: 'server' });
    await store.clearGuildSystemPrompt(guild, ada);
    assert.deepEqual(await prompts({ channelId: quiet, guildId: guild }), { prompt: 'Configured.', source: 'global' }, 'a reset falls back at once');
    store.close();
  });

  it('GIVEN a DM THEN no channel or server prompt is read, and the configured one applies', async () => {
    const asked: string[] = [];
    const prompts = systemPromptLookup({
      serverPrompt: async (guildId) => void asked.push(`server ${guildId}`) as undefined,
      channelPrompt: async (channelId) => void asked.push(`channel ${channelId}`) as undefined,
      configured: defaultSystemPrompt,
    });
    assert.deepEqual(await prompts({ channelId: '1400000000000000001', guildId: null }), { prompt: defaultSystemPrompt, source: 'built-in' });
    assert.deepEqual(await prompts({}), { prompt: defaultSystemPrompt, source: 'built-in' });
    assert.deepEqual(asked, []);
  });
});
