import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { latestVersion } from '../fake-discord/index.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { buttonsOf, REGENERATE, REGENERATE_WITH, regenerateChoicesOf, STOP } from './controls.ts';

type Body = { model: string; messages: Array<{ role: string; content: unknown }> };

describe('Regenerate, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  const bodyAt = (at: number) => world.upstream.requestsTo('POST', '/v1/chat/completions').at(at)?.parsedBody as Body;
  const completions = () => world.upstream.requestsTo('POST', '/v1/chat/completions').length;
  const member = () => world.discord.defaults.users.member.id;
  const botMessagesIn = (channelId: string) => world.discord.messagesIn(channelId).filter((message) => message.authorId === world.discord.bot.id);
  const finalIn = (channelId: string, text: string) =>
    world.discord.waitForMessage({ channelId, authorId: world.discord.bot.id, where: (message) => contentOf(message) === text && buttonsOf(message).some((button) => button.customId === REGENERATE) });

  let askReplyId = '';

  it('reruns an /ask with the same prompt into the same message, and the thread opened on it continues from the new answer', async () => {
    world.upstream.enqueue({ text: 'A first answer.' });
    const ask = world.discord.sendSlashCommand({ name: 'ask', user: member(), options: { prompt: 'Tell me a fact' } });
    const reply = await waitForReply(world, ask.id, (content) => content === 'A first answer.');
    askReplyId = reply.id;
    const thread = await world.discord.waitForThread({ name: 'Tell me a fact' });
    const asked = bodyAt(-1);
    const final = await world.discord.waitFor(() => buttonsOf(world.discord.message(reply.id)).length > 0 && world.discord.message(reply.id));
    assert.deepEqual(buttonsOf(final), [{ customId: REGENERATE, label: 'Regenerate' }]);
    assert.deepEqual(regenerateChoicesOf(final), ['openai/gpt-4o'], 'the select offers the other models');

    world.upstream.enqueue({ text: 'A second answer.' });
    const before = completions();
    const click = world.discord.clickButton({ messageId: reply.id, customId: REGENERATE, user: member() });
    await world.discord.waitForInteractionResponse(click);
    assert.equal(click.responses[0]?.type, 6, 'acknowledged in place');
    await world.discord.waitForMessage({ where: (message) => message.id === reply.id && contentOf(message) === 'A second answer.' && buttonsOf(message).length > 0 });
    assert.equal(completions(), before + 1, 'asked once');
    assert.deepEqual(bodyAt(-1), asked, 'the same request: model and messages');

    world.upstream.enqueue({ text: 'More about it.' });
    world.discord.sendMessage({ channelId: thread.id, author: member(), content: 'Tell me more' });
    await finalIn(thread.id, 'More about it.');
    assert.deepEqual(bodyAt(-1).messages.slice(1), [
      { role: 'user', content: 'Tell me a fact' },
      { role: 'assistant', content: 'A second answer.' },
      { role: 'user', content: 'Tell me more' },
    ]);
  });

  it('refuses an answer that is no longer the last turn, and anyone who did not ask and cannot manage messages, privately', async () => {
    const notLast = world.discord.clickButton({ messageId: askReplyId, customId: REGENERATE, user: member() });
    await world.discord.waitFor(() => notLast.followUps().length > 0 || undefined);
    assert.equal(latestVersion(notLast.followUps()[0]!).flags & 64, 64, 'privately');
    assert.match(contentOf(notLast.followUps()[0]!), /conversation has gone on/);

    const thread = await world.discord.waitForThread({ name: 'Tell me a fact' });
    const [last] = botMessagesIn(thread.id).slice(-1);
    const before = completions();
    const stranger = world.discord.clickButton({ messageId: last!.id, customId: REGENERATE, user: world.discord.defaults.users.admin.id });
    await world.discord.waitForInteractionResponse(stranger);
    assert.equal(stranger.ephemeral, true);
    assert.match(contentOf(stranger.originalMessage()!), /Only the person who asked/);
    assert.equal(completions(), before, 'no model asked');
    assert.equal(contentOf(world.discord.message(last!.id)), 'More about it.');
  });

  it('reruns a thread turn with another model from the select: same history, its messages replaced, extra ones deleted, and it survives a restart', async () => {
    const thread = await world.discord.waitForThread({ name: 'Tell me a fact' });
    world.upstream.enqueue({ text: 'word '.repeat(700).trim() });
    world.discord.sendMessage({ channelId: thread.id, author: member(), content: 'Say a lot' });
    const long = await world.discord.waitForMessage({
      channelId: thread.id,
      authorId: world.discord.bot.id,
      where: (message) => contentOf(message).startsWith('word') && buttonsOf(message).some((button) => button.customId === REGENERATE),
    });
    const answerMessages = botMessagesIn(thread.id).filter((message) => contentOf(message).startsWith('word'));
    assert.equal(answerMessages.length, 2, 'a two-message answer');
    assert.equal(answerMessages.at(-1)!.id, long.id, 'the controls are on its last message');
    const asked = bodyAt(-1);

    await world.bot.stop();
    await world.startBot();
    world.upstream.enqueue({ text: 'Short now.' });
    const pick = world.discord.selectOption({ messageId: long.id, customId: REGENERATE_WITH, values: ['openai/gpt-4o'], user: member() });
    await world.discord.waitForInteractionResponse(pick);
    const first = answerMessages[0]!;
    await world.discord.waitForMessage({ where: (message) => message.id === first.id && contentOf(message) === 'Short now.' && buttonsOf(message).length > 0 });
    await world.discord.waitFor(() => world.discord.message(long.id).deletion !== null || undefined);
    assert.equal(world.discord.message(long.id).deletion?.byBot, true, 'the old extra message is deleted by the bot');
    assert.equal(bodyAt(-1).model, 'gpt-4o');
    assert.deepEqual(bodyAt(-1).messages, asked.messages, 'the same history, read again from Discord after the restart');
    assert.deepEqual(
      // (the thread's starter notice and the private refusal aside)
      botMessagesIn(thread.id)
        .filter((message) => (latestVersion(message).flags & 64) === 0)
        .map(contentOf)
        .filter((content) => content !== ''),
      ['More about it.', 'Short now.'],
      'nothing else of the thread was touched',
    );
  });

  it('streams a regenerated answer with its Stop button, which stops it like any answer', async () => {
    world.upstream.enqueue({ text: 'Short.' });
    const ask = world.discord.sendSlashCommand({ name: 'ask', user: member(), options: { prompt: 'Count slowly', private: false } });
    const reply = await waitForReply(world, ask.id, (content) => content === 'Short.');
    await world.discord.waitFor(() => buttonsOf(world.discord.message(reply.id)).length > 0 || undefined);
    world.upstream.enqueue({ text: 'one two three four five six seven eight nine ten ', repeat: 100, ratePerSecond: 20 });
    world.discord.clickButton({ messageId: reply.id, customId: REGENERATE, user: member() });
    const streaming = await world.discord.waitForMessage({ where: (message) => message.id === reply.id && contentOf(message).startsWith('one two') && buttonsOf(message)[0]?.customId === STOP });
    world.discord.clickButton({ messageId: streaming.id, customId: STOP, user: member() });
    const stopped = await world.discord.waitForMessage({ where: (message) => message.id === reply.id && contentOf(message).includes('Stopped by') && buttonsOf(message).length > 0 });
    assert.match(contentOf(stopped), /^one two[a-z ]*\n\n-# ⏹️ Stopped by Max Member\.$/);
    assert.deepEqual(buttonsOf(stopped).map((button) => button.customId), [REGENERATE], 'and it can be regenerated again');
  });
});
