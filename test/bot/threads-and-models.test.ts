import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { assertNoRateLimitsDuringBurst } from './rate-limit-burst.ts';

const marker = '▌';

describe('thread conversations and the server default model, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  const lastUpstreamBody = () => world.upstream.requests.at(-1)?.parsedBody as { model: string; messages: Array<{ role: string; content: string }> };
  const finalBotMessageIn = (channelId: string, after: number) =>
    world.discord.waitForMessage({ channelId, authorId: world.discord.bot.id, where: (message) => message.createdAt >= after && contentOf(message) !== '' && !contentOf(message).endsWith(marker) });

  let threadId = '';

  it('a message in the thread is a new turn that carries the full history to the upstream', async () => {
    world.upstream.enqueue({ text: 'Paris is the capital of France.' });
    world.discord.sendSlashCommand({ name: 'ask', user: world.discord.defaults.users.member.id, options: { prompt: 'What is the capital of France?' } });
    const thread = await world.discord.waitForThread({ name: 'What is the capital of France?' });
    threadId = thread.id;
    world.upstream.enqueue({ text: 'About 2.1 million people live in Paris.' });
    const sentAt = world.discord.clock();
    world.discord.sendMessage({ channelId: thread.id, author: world.discord.defaults.users.member.id, content: 'How many people live there?' });
    const answer = await finalBotMessageIn(thread.id, sentAt);
    assert.equal(contentOf(answer), 'About 2.1 million people live in Paris.');
    const body = lastUpstreamBody();
    assert.equal(body.model, 'gpt-4o-mini');
    assert.deepEqual(body.messages.slice(1), [
      { role: 'user', content: 'What is the capital of France?' },
      { role: 'assistant', content: 'Paris is the capital of France.' },
      { role: 'user', content: 'How many people live there?' },
    ]);
    assert.equal(body.messages[0]?.role, 'system');
  });

  it('/model set needs Manage Server, and an ordinary member is told so', async () => {
    const interaction = world.discord.sendSlashCommand({ name: 'model', subcommand: 'set', user: world.discord.defaults.users.member.id, options: { model: 'openai/gpt-4o' } });
    const answered = await world.discord.waitForInteractionResponse(interaction);
    assert.equal(answered.ephemeral, true);
    assert.match(contentOf(answered.originalMessage()!), /Manage Server/);
    // refused means nothing changed: the global default still applies here
    const show = world.discord.sendSlashCommand({ name: 'model', subcommand: 'show', user: world.discord.defaults.users.admin.id });
    assert.match(contentOf((await world.discord.waitForInteractionResponse(show)).originalMessage()!), /`openai\/gpt-4o-mini` \(the bot’s global default\)/);
  });

  it('an admin sets the server default; the old thread keeps its model, a new /ask uses the new one', async () => {
    const set = world.discord.sendSlashCommand({ name: 'model', subcommand: 'set', user: world.discord.defaults.users.admin.id, options: { model: 'openai/gpt-4o' } });
    assert.match(contentOf((await world.discord.waitForInteractionResponse(set)).originalMessage()!), /default model is now `openai\/gpt-4o`/);

    world.upstream.enqueue({ text: 'Still the same model here.' });
    const sentAt = world.discord.clock();
    world.discord.sendMessage({ channelId: threadId, author: world.discord.defaults.users.member.id, content: 'Which model are you?' });
    await finalBotMessageIn(threadId, sentAt);
    assert.equal(lastUpstreamBody().model, 'gpt-4o-mini');

    world.upstream.enqueue({ text: 'New default model.' });
    world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Fresh question', private: true } });
    await world.discord.waitFor(() => world.upstream.requests.at(-1)?.parsedBody !== undefined && lastUpstreamBody().model === 'gpt-4o');
  });

  it('/model show explains where the model comes from, in the user’s language', async () => {
    const inThread = world.discord.sendSlashCommand({ name: 'model', subcommand: 'show', channelId: threadId, user: world.discord.defaults.users.admin.id });
    assert.match(contentOf((await world.discord.waitForInteractionResponse(inThread)).originalMessage()!), /`openai\/gpt-4o-mini` \(this thread’s model/);
    const russian = world.discord.sendSlashCommand({ name: 'model', subcommand: 'show', locale: 'ru', user: world.discord.defaults.users.admin.id });
    assert.match(contentOf((await world.discord.waitForInteractionResponse(russian)).originalMessage()!), /Здесь используется `openai\/gpt-4o` \(модель сервера/);
  });

  it('the server default survives a restart of the bot process, and SIGTERM exits 0', async () => {
    assert.equal(await world.bot.stop('SIGTERM'), 0);
    await world.startBot();
    const show = world.discord.sendSlashCommand({ name: 'model', subcommand: 'show', user: world.discord.defaults.users.admin.id });
    assert.match(contentOf((await world.discord.waitForInteractionResponse(show)).originalMessage()!), /`openai\/gpt-4o` \(this server’s default\)/);
    // and the thread still knows its model and history after the restart
    world.upstream.enqueue({ text: 'Back after a restart.' });
    const sentAt = world.discord.clock();
    world.discord.sendMessage({ channelId: threadId, author: world.discord.defaults.users.member.id, content: 'Still there?' });
    await finalBotMessageIn(threadId, sentAt);
    const body = lastUpstreamBody();
    assert.equal(body.model, 'gpt-4o-mini');
    assert.equal(body.messages.at(-1)?.content, 'Still there?');
    assert.equal(body.messages.filter((message) => message.role === 'assistant').length, 3);
  });

  it('a thread whose model is no longer configured says so in the thread, worded whole, and asks no model', async () => {
    world.upstream.enqueue({ text: 'Answered by gpt-4o.' });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Which model are you?', model: 'openai/gpt-4o' } });
    await waitForReply(world, ask.id, (content) => content === 'Answered by gpt-4o.');
    const thread = await world.discord.waitForThread({ name: 'Which model are you?' });
    // an admin drops gpt-4o from the configuration and restarts the bot
    await world.bot.stop('SIGTERM');
    await world.startBot({ OPENAI_MODELS: 'gpt-4o-mini' });
    const requestsBefore = world.upstream.requests.length;
    const sentAt = world.discord.clock();
    world.discord.sendMessage({ channelId: thread.id, content: 'Still you?' });
    const note = await finalBotMessageIn(thread.id, sentAt);
    assert.equal(
      contentOf(note),
      'Unknown model `openai/gpt-4o`: `openai` has no model `gpt-4o`. Start typing after `/ask model:` to see the models you can use.',
    );
    assert.equal(world.upstream.requests.length, requestsBefore);
    await world.bot.stop('SIGTERM');
    await world.startBot();
  });

  it('autocomplete suggests configured models that match what was typed', async () => {
    const choicesFor = async (typed: string) => {
      const interaction = world.discord.sendAutocomplete({ name: 'ask', focused: 'model', options: { prompt: 'x', model: typed } });
      const answered = await world.discord.waitFor(() => world.discord.interaction(interaction).autocompleteChoices ?? undefined);
      return answered.map((choice) => choice.value);
    };
    assert.deepEqual(await choicesFor('4o'), ['openai/gpt-4o-mini', 'openai/gpt-4o']);
    assert.deepEqual(await choicesFor('mini'), ['openai/gpt-4o-mini']);
    assert.deepEqual(await choicesFor('zzz'), []);
  });

  it('causes no 429 from Discord while streaming answers fast', async () => {
    await assertNoRateLimitsDuringBurst(world);
  });
});
