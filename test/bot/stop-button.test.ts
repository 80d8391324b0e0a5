import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { assertNoRateLimitsDuringBurst } from './rate-limit-burst.ts';
import { buttonsOf, REGENERATE, STOP } from './controls.ts';

// long enough (50 s at 20 tokens/s) that nothing but the Stop button ends it within a test
const longAnswer = { text: 'one two three four five six seven eight nine ten ', repeat: 100, ratePerSecond: 20 };


describe('the Stop button, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('lets the asker stop an /ask: the text stays with a note naming them, the button goes, the upstream is closed, the thread still opens', async () => {
    world.upstream.enqueue(longAnswer);
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Count for me' } });
    const reply = await waitForReply(world, ask.id, (content) => content.startsWith('one two'));
    assert.deepEqual(buttonsOf(reply), [{ customId: STOP, label: 'Stop' }], 'a streaming answer shows a Stop button');
    const upstreamRequest = world.upstream.requests.at(-1)!;

    const click = world.discord.clickButton({ messageId: reply.id, customId: STOP });
    await world.discord.waitForInteractionResponse(click);
    assert.equal(click.responses[0]?.type, 6, 'acknowledged without a message of its own');
    const stopped = await world.discord.waitForMessage({ where: (message) => message.id === reply.id && contentOf(message).includes('Stopped by') });
    assert.match(contentOf(stopped), /^one two[a-z ]*\n\n-# ⏹️ Stopped by Max Member\.$/);
    assert.deepEqual(buttonsOf(stopped), [{ customId: REGENERATE, label: 'Regenerate' }], 'the final version has no Stop button; it offers Regenerate');
    await world.upstream.waitForOutcome(upstreamRequest.index, ['client-closed']);
    const thread = await world.discord.waitForThread({ name: 'Count for me' });
    assert.equal(thread.id, reply.id);
  });

  it('tells anyone else privately that they cannot stop it, and lets someone who manages messages stop it', async () => {
    world.upstream.enqueue(longAnswer);
    const ask = world.discord.sendSlashCommand({ name: 'ask', locale: 'ru', options: { prompt: 'Считай' } });
    const reply = await waitForReply(world, ask.id, (content) => content.startsWith('one two'));
    assert.deepEqual(buttonsOf(reply), [{ customId: STOP, label: 'Остановить' }], 'labelled in the asker’s language');

    // the admin has Manage Server, not Manage Messages
    const denied = world.discord.clickButton({ messageId: reply.id, customId: STOP, user: world.discord.defaults.users.admin.id });
    await world.discord.waitForInteractionResponse(denied);
    assert.equal(denied.ephemeral, true);
    assert.match(contentOf(denied.originalMessage()!), /^Only the person who asked, or someone who can manage messages here/);
    const shownAtRefusal = contentOf(world.discord.message(reply.id)).length;
    await world.discord.waitForMessage({ where: (message) => message.id === reply.id && contentOf(message).length > shownAtRefusal + 20 });
    assert.deepEqual(buttonsOf(world.discord.message(reply.id)).map((button) => button.customId), [STOP], 'the answer goes on');

    // the owner has every permission, Manage Messages included
    const moderator = world.discord.clickButton({ messageId: reply.id, customId: STOP, user: world.discord.defaults.users.owner.id });
    await world.discord.waitForInteractionResponse(moderator);
    const stopped = await world.discord.waitForMessage({ where: (message) => message.id === reply.id && contentOf(message).includes('Остановлено') });
    assert.match(contentOf(stopped), /\n\n-# ⏹️ Остановлено: Server Owner\.$/);
    assert.deepEqual(buttonsOf(stopped), [{ customId: REGENERATE, label: 'Ответить заново' }]);
  });

  it('stops an answer in a thread for the person whose message it answers', async () => {
    const thread = await world.discord.waitForThread({ name: 'Count for me' });
    world.upstream.enqueue(longAnswer);
    world.discord.sendMessage({ channelId: thread.id, content: 'Count again, please' });
    const reply = await world.discord.waitForMessage({
      channelId: thread.id,
      authorId: world.discord.bot.id,
      where: (message) => contentOf(message).startsWith('one two') && buttonsOf(message)[0]?.customId === STOP,
    });
    const click = world.discord.clickButton({ messageId: reply.id, customId: STOP });
    await world.discord.waitForInteractionResponse(click);
    const stopped = await world.discord.waitForMessage({ where: (message) => message.id === reply.id && contentOf(message).includes('Stopped by') });
    assert.match(contentOf(stopped), /^one two[a-z ]*\n\n-# ⏹️ Stopped by Max Member\.$/);
    assert.deepEqual(buttonsOf(stopped).map((button) => button.customId), [REGENERATE]);
  });

  it('takes away a button that a crash left behind, when someone presses it after the restart', async () => {
    world.upstream.enqueue(longAnswer);
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Crash during this', private: true } });
    const reply = await waitForReply(world, ask.id, (content) => content.startsWith('one two'));
    await world.bot.stop('SIGKILL');
    await world.startBot();
    const shown = contentOf(world.discord.message(reply.id));
    assert.equal(buttonsOf(world.discord.message(reply.id)).length, 1, 'nothing could take it away in a crash');

    const click = world.discord.clickButton({ messageId: reply.id, customId: STOP });
    await world.discord.waitForInteractionResponse(click);
    assert.equal(click.responses[0]?.type, 7, 'the message is updated in place');
    assert.deepEqual(buttonsOf(world.discord.message(reply.id)), []);
    assert.equal(contentOf(world.discord.message(reply.id)), shown, 'the text is left as it was');
  });

  it('causes no 429 from Discord while streaming answers fast', async () => {
    await assertNoRateLimitsDuringBurst(world);
  });
});
