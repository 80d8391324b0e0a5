import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';

describe('what a prompt shows: thread names and invisible text, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('names the thread with mentions shown as names, markdown taken away, cut at a word within 100 characters', async () => {
    const { admin } = world.discord.defaults.users;
    const general = world.discord.defaults.channels.general.id;
    const role = world.discord.defaults.roles.manager.id;
    const prompt = `<@${admin.id}> what do you think of @everyone **really**, <@&${role}> in <#${general}>? <:blobthink:1100000000000000777>\nAnd then a second line that goes on and on until it is far too long for any thread name`;
    world.upstream.enqueue({ text: 'I think well of everyone.' });
    world.discord.sendSlashCommand({ name: 'ask', options: { prompt } });
    const expected = '@Ada Admin what do you think of @everyone really, @Server Manager in #general? :blobthink: And…';
    const thread = await world.discord.waitForThread({ where: (candidate) => candidate.name?.startsWith('@Ada Admin') === true });
    assert.equal(thread.name, expected);
    assert.ok((thread.name ?? '').length <= 100);
    // the model still gets the prompt as written
    const body = world.upstream.requests.at(-1)?.parsedBody as { messages: Array<{ role: string; content: string }> };
    assert.equal(body.messages.at(-1)?.content, prompt);
  });

  it('answers an /ask whose prompt is only zero-width characters as an empty prompt, asking no model', async () => {
    const before = world.upstream.requests.length;
    const interaction = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: '\u200b\u2060\ufeff' } });
    const answered = await world.discord.waitForInteractionResponse(interaction);
    assert.equal(answered.ephemeral, true);
    assert.match(contentOf(answered.originalMessage()!), /Your prompt is empty/);
    assert.equal(world.upstream.requests.length, before);
    assert.deepEqual(
      world.discord.threadsOf(world.discord.defaults.channels.general.id).filter((thread) => (thread.name ?? '').trim() === ''),
      [],
    );
  });

  it('takes a thread message of only invisible characters as no turn', async () => {
    world.upstream.enqueue({ text: 'Thread open.' });
    world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Invisible test' } });
    const thread = await world.discord.waitForThread({ name: 'Invisible test' });
    const before = world.upstream.requests.length;
    const invisible = world.discord.sendMessage({ channelId: thread.id, content: '\u200b\u2060\ufeff \u3164' });
    // a whole round trip after it (the gateway delivers in order): had it been a turn, it would show by now
    world.upstream.enqueue({ text: 'Round trip.' });
    const roundTrip = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Round trip', private: true } });
    await waitForReply(world, roundTrip.id, (content) => content === 'Round trip.');
    assert.equal(world.upstream.requests.length - before, 1, 'only the /ask asked a model');
    const messages = world.discord.messagesIn(thread.id);
    assert.deepEqual(messages.slice(messages.findIndex((message) => message.id === invisible.id) + 1), [], 'no answer in the thread');
  });
});
