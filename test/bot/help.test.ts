import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { latestVersion, type FakeInteraction } from '../fake-discord/index.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';

const systemPrompt = 'You are Cordial. Answer in plain words and say when you are unsure.';

describe('/help, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ env: { SYSTEM_PROMPT: systemPrompt, MAX_ANSWERS_PER_USER: '3', MAX_PROMPT_LENGTH: '1500' } });
  });
  after(async () => {
    await world?.close();
  });

  /** The id of a registered command (deploy-commands registers to DEV_GUILD_ID, the test server). */
  const commandId = (name: string) => world.discord.commands(world.discord.defaults.guild.id).find((command) => command.name === name)!.id;
  /** Runs /help and waits for its text. */
  async function help(place: Omit<Parameters<World['discord']['sendSlashCommand']>[0], 'name'> = {}): Promise<{ handle: FakeInteraction; text: string }> {
    const handle = world.discord.sendSlashCommand({ name: 'help', ...place });
    const reply = await waitForReply(world, handle.id, (content) => content !== '');
    return { handle, text: contentOf(reply) };
  }

  it('answers privately, deferred first, with the model, system prompt, limits and clickable command mentions', async () => {
    const { handle, text } = await help();
    assert.equal(handle.responses[0]?.type, 5, 'deferred: the first mention lookup is a REST call');
    assert.equal(handle.ephemeral, true);
    assert.ok(text.length <= 2000);
    assert.ok(text.includes(`</ask:${commandId('ask')}>`), text);
    assert.match(text, /The model here is `openai\/gpt-4o-mini` \(the bot’s global default\)\./);
    assert.ok(text.includes(`> ${systemPrompt}`), text);
    assert.match(text, /Limits: 3 answers at a time per person; questions up to 1500 characters\./);
    assert.match(text, /Mention <@1100000000000000001> in a message: I answer with a reply and open a thread/);
    assert.match(text, /\*\*Apps → Ask Cordial\*\*/);
    const final = latestVersion(handle.originalMessage()!);
    assert.deepEqual(final.allowedMentions, { parse: [] });
    assert.deepEqual(final.mentions, { userIds: [], roleIds: [], everyone: false }, 'naming the bot pings nobody');
  });

  it('speaks Russian to a Russian client; the mentions keep the commands’ default names, as Discord requires', async () => {
    const { handle, text } = await help({ locale: 'ru' });
    assert.equal(handle.ephemeral, true);
    assert.match(text, /\*\*Как начать разговор\*\*/);
    assert.match(text, /Здесь используется `openai\/gpt-4o-mini` \(общая модель бота по умолчанию\)\./);
    assert.match(text, /Ограничения: не больше 3 ответов одновременно на человека; вопрос — до 1500 символов\./);
    assert.match(text, /\*\*Приложения → Спросить Cordial\*\*/);
    assert.ok(text.includes(`</ask:${commandId('ask')}>`), text);
  });

  it('in a bot thread, names the thread’s model and says the talk goes on there', async () => {
    world.upstream.enqueue({ text: 'Hello there.' });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Say hello', model: 'openai/gpt-4o' } });
    await waitForReply(world, ask.id, (content) => content === 'Hello there.');
    const thread = await world.discord.waitForThread({ name: 'Say hello' });
    const { text } = await help({ channelId: thread.id });
    assert.match(text, /The model here is `openai\/gpt-4o` \(this thread’s model, kept from when it started\)\./);
    assert.match(text, /Here it continues this thread\./);
  });

  it('where only the person’s install reaches, says it is no member there and makes no bot-token call to that server', async () => {
    const club = world.discord.seedForeignGuild({ name: 'Book Club', members: [{ username: 'reader' }] });
    const since = world.discord.requests.length;
    const { handle, text } = await help({ channelId: club.channels['general']!.id, user: club.members['reader']!.id, install: 'user' });
    assert.equal(handle.ephemeral, true);
    assert.match(text, /I am not a member here/);
    assert.match(text, /The answer stays in my reply, with no thread\./);
    // the commands are registered to the test server only: elsewhere they are named as typed
    assert.match(text, /`\/ask`/);
    assert.deepEqual(world.discord.requests.slice(since).filter((request) => request.path.includes(club.guild.id) || request.path.includes(club.channels['general']!.id)), []);
  });
});
