/**
 * End to end: a Discord reply to an answer that is still streaming waits for that answer to be
 * final before it reads the chain, so the model is never shown the bot's own answer mid-stream,
 * with its still-writing marker.
 */import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contentOf, startWorld, type World } from './bot-harness.ts';
import { STOP, buttonsOf } from './controls.ts';

const marker = '▌';

describe('a reply to an answer that is still streaming', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  const bot = () => world.discord.bot.id;
  const general = () => world.discord.defaults.channels.general.id;
  const chatRequests = () => world.upstream.requestsTo('POST', '/v1/chat/completions');

  it('GIVEN a mention answer streaming WHEN someone replies to it THEN the model answering the reply never sees the marker', async () => {
    // 50 s at 20 tokens per second: only the Stop button ends it within the test
    world.upstream.enqueue({ text: 'one two three four five six seven eight nine ten ', repeat: 100, ratePerSecond: 20 });
    world.upstream.enqueue({ text: 'Fine, stopping.' });
    const before = chatRequests().length;
    const mention = world.discord.sendMessage({ channelId: general(), content: `<@${bot()}> Count for me` });
    const streaming = await world.discord.waitForMessage({
      channelId: general(),
      authorId: bot(),
      // an edit after the first write: the bot has seen its message created (and recorded the answer)
      where: (message) => message.reference?.messageId === mention.id && message.versions.length >= 2 && contentOf(message).endsWith(marker) && buttonsOf(message).some((button) => button.customId === STOP),
    });
    world.discord.sendMessage({ channelId: general(), content: `<@${bot()}> that is enough`, replyTo: streaming.id, mentions: [bot()] });
    // give the reply its chance either way: end the first answer with its Stop button
    const stop = world.discord.clickButton({ messageId: streaming.id, customId: STOP, user: mention.authorId });
    await world.discord.waitForInteractionResponse(stop);
    const second = await world.upstream.waitFor(() => chatRequests()[before + 1]);
    const sent = (second.parsedBody as { messages: Array<{ role: string; content: unknown }> }).messages;
    const assistantTexts = sent.filter((message) => message.role === 'assistant').map((message) => JSON.stringify(message.content));
    assert.ok(assistantTexts.length > 0, 'the reply continues the answer it replies to');
    assert.ok(!assistantTexts.some((text) => text.includes(marker)), `the model was shown the answer mid-stream: ${assistantTexts.join(' | ')}`);
  });
});
