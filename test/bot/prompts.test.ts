import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FakeInteraction } from '../fake-discord/index.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';

const marker = '▌';
const builtInOrConfigured = 'You are Cordial, configured for this test.';

describe('system prompts per server and channel, channel default models, and who set them, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ env: { SYSTEM_PROMPT: builtInOrConfigured } });
  });
  after(async () => {
    await world?.close();
  });

  const users = () => world.discord.defaults.users;
  const channels = () => world.discord.defaults.channels;
  const replyOf = async (interaction: FakeInteraction) => {
    const answered = await world.discord.waitForInteractionResponse(interaction);
    assert.equal(answered.ephemeral, true, 'every /prompt answer is private');
    return contentOf(answered.originalMessage()!);
  };
  const openPromptModal = async (options: { user: string; scope: 'server' | 'channel'; channelId?: string }) => {
    const command = world.discord.sendSlashCommand({ name: 'prompt', subcommand: 'set', user: options.user, channelId: options.channelId ?? channels().general.id, options: { scope: options.scope } });
    await world.discord.waitFor(() => command.modal);
    return command;
  };
  const setPrompt = async (options: { user: string; scope: 'server' | 'channel'; channelId?: string; prompt: string }) => {
    const command = await openPromptModal(options);
    return replyOf(world.discord.submitModal({ from: command, values: { prompt: options.prompt } }));
  };
  /** The system message and model of the upstream request an /ask in `channelId` makes. */
  const askIn = async (channelId: string, prompt: string) => {
    const text = `Answer to ${prompt}`;
    world.upstream.enqueue({ text });
    const ask = world.discord.sendSlashCommand({ name: 'ask', channelId, options: { prompt, private: true } });
    await waitForReply(world, ask.id, (content) => content === text);
    return upstreamTurn();
  };
  const upstreamTurn = () => {
    const body = world.upstream.requests.at(-1)?.parsedBody as { model: string; messages: Array<{ role: string; content: unknown }> };
    assert.equal(body.messages[0]?.role, 'system');
    return { system: body.messages[0]?.content, model: body.model };
  };
  const today = (locale: string) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.now());

  it('before anything is set, SYSTEM_PROMPT applies and /prompt show says so', async () => {
    assert.equal((await askIn(channels().general.id, 'first')).system, builtInOrConfigured);
    const show = await replyOf(world.discord.sendSlashCommand({ name: 'prompt', subcommand: 'show', user: users().admin.id }));
    assert.equal(show, `The system prompt here is the bot’s global one (\`SYSTEM_PROMPT\`):\n> ${builtInOrConfigured}`);
  });

  it('/prompt set scope:server is refused without Manage Server, with no modal', async () => {
    const command = world.discord.sendSlashCommand({ name: 'prompt', subcommand: 'set', user: users().member.id, options: { scope: 'server' } });
    assert.match(await replyOf(command), /Manage Server/);
    assert.equal(command.modal ?? undefined, undefined);
    assert.deepEqual(command.responses.map((response) => response.type), [4]);
  });

  it('the modal is checked on submission too: a member submitting an admin’s form changes nothing', async () => {
    const command = await openPromptModal({ user: users().admin.id, scope: 'server' });
    const refused = await replyOf(world.discord.submitModal({ from: command, user: users().member.id, values: { prompt: 'Sneaky persona.' } }));
    assert.match(refused, /Manage Server/);
    assert.equal((await askIn(channels().general.id, 'still configured?')).system, builtInOrConfigured);
  });

  let threadId = '';
  it('an admin sets the server prompt through the modal; /ask sends it as the system message, and a new thread starts with it', async () => {
    const command = await openPromptModal({ user: users().admin.id, scope: 'server' });
    const modal = command.modal!;
    assert.equal(modal.customId, 'cordial:prompt:server');
    const field = modal.fields[0]!;
    assert.equal(field.type, 4);
    assert.equal((field.definition as { max_length?: number }).max_length, 4000);
    assert.equal((field.definition as { style?: number }).style, 2, 'a multi-line paragraph');
    const saved = await replyOf(world.discord.submitModal({ from: command, values: { prompt: 'You are a pirate.\nSay arr.' } }));
    assert.match(saved, /server’s system prompt is saved/);

    assert.equal((await askIn(channels().general.id, 'who are you?')).system, 'You are a pirate.\nSay arr.');
    // an /ask that opens a thread: the thread records the prompt it started with
    world.upstream.enqueue({ text: 'Arr, a pirate.' });
    world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Introduce yourself' } });
    threadId = (await world.discord.waitForThread({ name: 'Introduce yourself' })).id;
  });

  it('the modal opens pre-filled with the scope’s current prompt', async () => {
    const command = await openPromptModal({ user: users().admin.id, scope: 'server' });
    assert.equal((command.modal!.fields[0]!.definition as { value?: string }).value, 'You are a pirate.\nSay arr.');
    // left as it is, it saves the same text
    assert.match(await replyOf(world.discord.submitModal({ from: command })), /saved/);
  });

  it('a channel’s prompt needs Manage Channels and wins over the server’s there only', async () => {
    const refused = world.discord.sendSlashCommand({ name: 'prompt', subcommand: 'set', user: users().admin.id, channelId: channels().random.id, options: { scope: 'channel' } });
    assert.match(await replyOf(refused), /Manage Channels/);
    const saved = await setPrompt({ user: users().owner.id, scope: 'channel', channelId: channels().random.id, prompt: 'You are a librarian.' });
    assert.match(saved, /channel’s system prompt is saved/);
    assert.equal((await askIn(channels().random.id, 'in random')).system, 'You are a librarian.');
    assert.equal((await askIn(channels().general.id, 'in general')).system, 'You are a pirate.\nSay arr.');
  });

  it('/prompt show says where the prompt comes from and who set it when', async () => {
    const inRandom = await replyOf(world.discord.sendSlashCommand({ name: 'prompt', subcommand: 'show', channelId: channels().random.id, user: users().member.id }));
    assert.equal(inRandom, `The system prompt here is this channel’s:\n> You are a librarian.\n-# Set by Server Owner on ${today('en-US')}.`);
    const inGeneral = await replyOf(world.discord.sendSlashCommand({ name: 'prompt', subcommand: 'show', user: users().member.id, locale: 'ru' }));
    assert.equal(inGeneral, `Системная инструкция здесь — инструкция сервера:\n> You are a pirate.\n> Say arr.\n-# Изменено: Ada Admin, ${today('ru').replace(/\.$/, '')}.`);
  });

  it('a thread keeps the prompt it started with after the server’s changes', async () => {
    await setPrompt({ user: users().admin.id, scope: 'server', prompt: 'You are a robot.' });
    world.upstream.enqueue({ text: 'Still a pirate.' });
    const sentAt = world.discord.clock();
    world.discord.sendMessage({ channelId: threadId, author: users().member.id, content: 'Who are you now?' });
    await world.discord.waitForMessage({ channelId: threadId, authorId: world.discord.bot.id, where: (message) => message.createdAt >= sentAt && contentOf(message) === 'Still a pirate.' });
    assert.equal(upstreamTurn().system, 'You are a pirate.\nSay arr.');
    const show = await replyOf(world.discord.sendSlashCommand({ name: 'prompt', subcommand: 'show', channelId: threadId, user: users().member.id }));
    assert.match(show, /^The system prompt here is this thread’s, kept from when it started:\n> You are a pirate\./);
    assert.equal((await askIn(channels().general.id, 'and now?')).system, 'You are a robot.');
  });

  it('/model set scope:channel needs Manage Channels; then that channel answers with its model, others with the server’s', async () => {
    const refused = world.discord.sendSlashCommand({ name: 'model', subcommand: 'set', user: users().admin.id, channelId: channels().random.id, options: { model: 'openai/gpt-4o', scope: 'channel' } });
    assert.match(await replyOf(refused), /Manage Channels/);
    const set = world.discord.sendSlashCommand({ name: 'model', subcommand: 'set', user: users().owner.id, channelId: channels().random.id, options: { model: 'openai/gpt-4o', scope: 'channel' } });
    assert.match(await replyOf(set), /channel’s default model is now `openai\/gpt-4o`/);
    assert.equal((await askIn(channels().random.id, 'model in random')).model, 'gpt-4o');
    assert.equal((await askIn(channels().general.id, 'model in general')).model, 'gpt-4o-mini');
    const show = await replyOf(world.discord.sendSlashCommand({ name: 'model', subcommand: 'show', channelId: channels().random.id, user: users().admin.id }));
    assert.equal(show, `The model here is \`openai/gpt-4o\` (this channel’s default).\n-# Set by Server Owner on ${today('en-US')}.\n-# The system prompt here is this channel’s; \`/prompt show\` shows it.`);
  });

  it('everything survives a restart: the prompts, the channel model, the thread’s own prompt and who set them', async () => {
    assert.equal(await world.bot.stop('SIGTERM'), 0);
    await world.startBot();
    assert.deepEqual(await askIn(channels().random.id, 'after restart, random'), { system: 'You are a librarian.', model: 'gpt-4o' });
    assert.deepEqual(await askIn(channels().general.id, 'after restart, general'), { system: 'You are a robot.', model: 'gpt-4o-mini' });
    const show = await replyOf(world.discord.sendSlashCommand({ name: 'prompt', subcommand: 'show', user: users().member.id }));
    assert.equal(show, `The system prompt here is this server’s:\n> You are a robot.\n-# Set by Ada Admin on ${today('en-US')}.`);
    world.upstream.enqueue({ text: 'Arr again.' });
    const sentAt = world.discord.clock();
    world.discord.sendMessage({ channelId: threadId, author: users().member.id, content: 'Still there?' });
    await world.discord.waitForMessage({ channelId: threadId, authorId: world.discord.bot.id, where: (message) => message.createdAt >= sentAt && contentOf(message) !== '' && !contentOf(message).endsWith(marker) });
    assert.equal(upstreamTurn().system, 'You are a pirate.\nSay arr.');
  });

  it('/prompt reset clears a scope (logged), and the next one down applies', async () => {
    const member = world.discord.sendSlashCommand({ name: 'prompt', subcommand: 'reset', user: users().member.id, channelId: channels().random.id, options: { scope: 'channel' } });
    assert.match(await replyOf(member), /Manage Channels/);
    const reset = world.discord.sendSlashCommand({ name: 'prompt', subcommand: 'reset', user: users().owner.id, channelId: channels().random.id, options: { scope: 'channel' } });
    assert.match(await replyOf(reset), /channel’s system prompt was cleared/);
    assert.equal((await askIn(channels().random.id, 'after reset')).system, 'You are a robot.');
    const again = world.discord.sendSlashCommand({ name: 'prompt', subcommand: 'reset', user: users().owner.id, channelId: channels().random.id, options: { scope: 'channel' } });
    assert.match(await replyOf(again), /no system prompt of its own/);
    const server = world.discord.sendSlashCommand({ name: 'prompt', subcommand: 'reset', user: users().admin.id, options: { scope: 'server' } });
    assert.match(await replyOf(server), /server’s system prompt was cleared/);
    assert.equal((await askIn(channels().general.id, 'all cleared')).system, builtInOrConfigured);
  });

  it('/help names the prompt and the model that apply here and where each comes from', async () => {
    const help = world.discord.sendSlashCommand({ name: 'help', channelId: channels().random.id, user: users().member.id });
    // deferred first, then edited with the text
    const content = contentOf(await waitForReply(world, help.id, (text) => text.includes('What applies here')));
    assert.match(content, /The model here is `openai\/gpt-4o` \(this channel’s default\)\./);
    assert.match(content, /The system prompt here is the bot’s global one \(`SYSTEM_PROMPT`\); the model is told it before every conversation:\n> You are Cordial, configured for this test\./);
  });
});
