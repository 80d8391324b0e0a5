/**
 * A reasoning model's thinking as people meet it in Discord, with the real bot: the live thinking
 * status, then exactly the answer; the Reasoning button showing exactly the reasoning privately
 * to whoever presses it (split when long, told when no longer kept, purged at start-up); the next
 * turn's history without reasoning; REASONING_DISPLAY=hidden and inline; a usage row per answer.
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { joinSplitMessages } from '../../src/conversation/split-reply.ts';
import { catalogFor } from '../../src/i18n/locale.ts';
import { latestVersion, type StoredMessage } from '../fake-discord/index.ts';
import type { Scenario } from '../fake-upstreams/scenario.ts';
import { buttonsOf, hasReasoningButton, REGENERATE } from './controls.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { assertNoRateLimitsDuringBurst } from './rate-limit-burst.ts';

const english = catalogFor(undefined);
const russian = catalogFor('ru');
const EPHEMERAL = 64;


/** A model that thinks for about 2 s (8 pieces at 4 per second), then answers. */
function thinking(reasoning: string, text: string, extra: Scenario = {}): Scenario {
  const size = Math.ceil(reasoning.length / 8);
  const chunks = Array.from({ length: Math.ceil(reasoning.length / size) }, (_, index) => reasoning.slice(index * size, (index + 1) * size));
  return { reasoning: chunks, text, ratePerSecond: 4, ...extra };
}

/** Rows of a table in the bot's database, read beside the running bot (WAL lets both in). */
function rowsOf(world: World, sql: string, ...parameters: string[]): Array<Record<string, unknown>> {
  const database = new DatabaseSync(world.databasePath);
  try {
    return database.prepare(sql).all(...parameters).map((row) => ({ ...row }));
  } finally {
    database.close();
  }
}

/**
 * Presses a button; resolves with the private messages it got, in order, once `complete` says
 * they are all there (follow-ups come after the interaction's response).
 */
async function press(world: World, messageId: string, customId: string, options: { user?: string; locale?: string; complete?: (shown: string[]) => boolean } = {}): Promise<StoredMessage[]> {
  const click = world.discord.clickButton({ messageId, customId, ...(options.user === undefined ? {} : { user: options.user }), ...(options.locale === undefined ? {} : { locale: options.locale }) });
  await world.discord.waitForInteractionResponse(click);
  assert.equal(click.ephemeral, true, 'only the presser sees the answer');
  const shown = () => [click.originalMessage()!, ...click.followUps()];
  const complete = options.complete ?? (() => true);
  await world.discord.waitFor(() => complete(shown().map(contentOf)));
  return shown();
}

describe('reasoning models, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  const reasoning = 'The user asks for 6 × 7.\nSix sevens: 7, 14, 21, 28, 35, 42.\nSo the answer is 42.';
  const answer = 'It is **42**.';
  let askReply: StoredMessage;

  it('GIVEN REASONING_DISPLAY=button (the default) THEN the reply shows the thinking status, then exactly the answer with a Reasoning button only', async () => {
    world.upstream.enqueue(thinking(reasoning, answer, { usage: { prompt_tokens: 37, completion_tokens: 19 } }));
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'What is 6 times 7?' } });
    askReply = await waitForReply(world, ask.id, (content) => content === answer);
    const reply = await world.discord.waitFor(() => {
      const message = world.discord.message(askReply.id);
      return hasReasoningButton(message) && message;
    });
    const contents = reply.versions.map((version) => version.content);
    assert.ok(contents.some((content) => content.startsWith('-# 💭 Thinking…')), `the thinking status shows: ${JSON.stringify(contents)}`);
    assert.ok(contents.every((content) => !content.includes('Six sevens')), 'the reasoning never shows in the answer');
    assert.equal(contentOf(reply), answer);
    assert.deepEqual(buttonsOf(reply), [{ customId: REGENERATE, label: 'Regenerate' }, { customId: `cordial:reasoning:${reply.id}`, label: 'Reasoning' }]);
    // the first version is the deferral's loading message, which the bot does not write
    assert.ok(reply.versions.slice(1).every((version) => version.allowedMentions !== null), 'every write says who may be pinged');
  });

  it('GIVEN someone else presses Reasoning THEN they alone see exactly the reasoning, in one private message', async () => {
    const admin = world.discord.defaults.users.admin.id;
    const shown = await press(world, askReply.id, `cordial:reasoning:${askReply.id}`, { user: admin });
    assert.deepEqual(shown.map(contentOf), [reasoning]);
    assert.ok(shown.every((message) => (latestVersion(message).flags & EPHEMERAL) !== 0));
    assert.deepEqual(latestVersion(shown[0]!).allowedMentions, { parse: [] });
  });

  it('GIVEN a usage-reporting provider THEN the answer has one usage row with its counts, server, channel, asker and model', () => {
    const rows = rowsOf(world, 'SELECT guild_id, channel_id, user_id, model_id, message_id, outcome, prompt_tokens, completion_tokens FROM answer_usage WHERE message_id = ?', askReply.id);
    assert.deepEqual(rows, [
      {
        guild_id: world.discord.defaults.guild.id,
        channel_id: askReply.channelId,
        user_id: world.discord.defaults.users.member.id,
        model_id: 'openai/gpt-4o-mini',
        message_id: askReply.id,
        outcome: 'complete',
        prompt_tokens: 37,
        completion_tokens: 19,
      },
    ]);
    const body = world.upstream.requestsTo('POST', '/v1/chat/completions').at(-1)?.parsedBody as { stream_options?: { include_usage?: boolean } };
    assert.equal(body.stream_options?.include_usage, true, 'usage was asked for');
  });

  it('GIVEN the next turn in the thread THEN its history holds the answer and no reasoning, and a thread answer that reasons gets its button too', async () => {
    const thread = await world.discord.waitForThread({ name: 'What is 6 times 7?' });
    world.upstream.enqueue(thinking('Being polite costs nothing.', 'You are welcome.'));
    world.discord.sendMessage({ channelId: thread.id, content: 'Thanks!' });
    const threadReply = await world.discord.waitForMessage({
      channelId: thread.id,
      authorId: world.discord.bot.id,
      where: (message) => contentOf(message) === 'You are welcome.' && hasReasoningButton(message),
    });
    assert.deepEqual(buttonsOf(threadReply), [{ customId: REGENERATE, label: 'Regenerate' }, { customId: `cordial:reasoning:${threadReply.id}`, label: 'Reasoning' }]);
    const sent = JSON.stringify(world.upstream.chatMessages(-1));
    assert.ok(sent.includes('It is **42**.'), sent);
    assert.ok(!sent.includes('Six sevens') && !sent.includes('6 × 7'), `no reasoning goes back to the model: ${sent}`);
    const shown = await press(world, threadReply.id, `cordial:reasoning:${threadReply.id}`);
    assert.deepEqual(shown.map(contentOf), ['Being polite costs nothing.']);
  });

  it('GIVEN a reasoning longer than a message THEN the press shows all of it over several private messages, fences balanced (a private answer has the button too, in the asker’s language)', async () => {
    const long = `Let me check with code.\n\`\`\`py\n${'total = 6 * 7  # still 42\n'.repeat(120)}\`\`\`\nDone: 42.`;
    world.upstream.enqueue(thinking(long, 'Still 42.'));
    const ask = world.discord.sendSlashCommand({ name: 'ask', locale: 'ru', options: { prompt: 'Check it with code', private: true } });
    const reply = await waitForReply(world, ask.id, (content) => content === 'Still 42.');
    const withButton = await world.discord.waitFor(() => hasReasoningButton(world.discord.message(reply.id)) && world.discord.message(reply.id));
    assert.deepEqual(buttonsOf(withButton), [{ customId: `cordial:reasoning:${reply.id}`, label: russian.reasoningButton }], 'a private answer gets it too');
    assert.ok(withButton.versions.some((version) => version.content.startsWith('-# 💭 Думаю…')), 'the status in the asker’s language');
    const shown = await press(world, reply.id, `cordial:reasoning:${reply.id}`, { complete: (contents) => joinSplitMessages(contents) === long });
    assert.ok(shown.length >= 2, `split: ${shown.length}`);
    for (const message of shown) {
      const content = contentOf(message);
      assert.ok(content.length <= 2000);
      assert.equal((content.match(/^```/gm) ?? []).length % 2, 0, 'each message closes the code block it opens');
      assert.ok((latestVersion(message).flags & EPHEMERAL) !== 0);
    }
    assert.equal(joinSplitMessages(shown.map(contentOf)), long, 'exactly the reasoning');
  });

  it('GIVEN reasoning past its retention THEN a press says it is no longer kept, and the next start deletes it', async () => {
    const database = new DatabaseSync(world.databasePath);
    database.prepare('UPDATE answer_reasoning SET expires_at = 1 WHERE message_id = ?').run(askReply.id);
    database.close();
    const shown = await press(world, askReply.id, `cordial:reasoning:${askReply.id}`, { locale: 'ru' });
    assert.deepEqual(shown.map(contentOf), [russian.reasoningNotKept(7)], 'in the presser’s language');
    assert.match(russian.reasoningNotKept(7), /хранит их 7 дней\.$/);
    await world.bot.stop();
    await world.startBot();
    await world.bot.waitForLog((line) => line.includes('deleted reasoning past its retention'));
    assert.deepEqual(rowsOf(world, 'SELECT message_id FROM answer_reasoning WHERE message_id = ?', askReply.id), []);
    assert.equal(rowsOf(world, 'SELECT message_id FROM answer_usage WHERE message_id = ?', askReply.id).length, 1, 'usage stays');
  });

  it('GIVEN an answer without reasoning THEN it gets no button, and a usage row all the same', async () => {
    world.upstream.enqueue({ text: 'Plain answer.' });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'No thinking needed' } });
    const reply = await waitForReply(world, ask.id, (content) => content === 'Plain answer.');
    await world.discord.waitForThread({ name: 'No thinking needed' });
    assert.deepEqual(buttonsOf(world.discord.message(reply.id)), [{ customId: REGENERATE, label: 'Regenerate' }]);
    assert.equal(rowsOf(world, 'SELECT 1 FROM answer_usage WHERE message_id = ?', reply.id).length, 1);
    assert.deepEqual(rowsOf(world, 'SELECT 1 FROM answer_reasoning WHERE message_id = ?', reply.id), []);
  });

  it('GIVEN REASONING_DISPLAY=hidden THEN the status, then exactly the answer, no button, nothing kept', async () => {
    await world.bot.stop();
    await world.startBot({ REASONING_DISPLAY: 'hidden' });
    world.upstream.enqueue(thinking(reasoning, answer));
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Hidden thinking' } });
    const reply = await waitForReply(world, ask.id, (content) => content === answer);
    await world.discord.waitForThread({ name: 'Hidden thinking' });
    const message = world.discord.message(reply.id);
    assert.ok(message.versions.some((version) => version.content.startsWith('-# 💭 Thinking…')));
    assert.ok(message.versions.every((version) => !version.content.includes('Six sevens')));
    assert.deepEqual(buttonsOf(message), [{ customId: REGENERATE, label: 'Regenerate' }]);
    assert.deepEqual(rowsOf(world, 'SELECT 1 FROM answer_reasoning WHERE message_id = ?', reply.id), []);
    assert.equal(rowsOf(world, 'SELECT 1 FROM answer_usage WHERE message_id = ?', reply.id).length, 1);
  });

  it('GIVEN REASONING_DISPLAY=inline THEN the reasoning shows quoted above the answer, nothing is kept, and the next turn’s history has the answer only', async () => {
    await world.bot.stop();
    await world.startBot({ REASONING_DISPLAY: 'inline' });
    world.upstream.enqueue({ text: 'Ask me anything.' });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Inline thinking' } });
    await waitForReply(world, ask.id, (content) => content === 'Ask me anything.');
    const thread = await world.discord.waitForThread({ name: 'Inline thinking' });

    world.upstream.enqueue(thinking(reasoning, answer));
    world.discord.sendMessage({ channelId: thread.id, content: 'What is 6 times 7?' });
    const inline = `${english.reasoningHeading}\n> The user asks for 6 × 7.\n> Six sevens: 7, 14, 21, 28, 35, 42.\n> So the answer is 42.\n\n${answer}`;
    const shown = await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (message) => contentOf(message) === inline });
    assert.deepEqual(buttonsOf(shown), [{ customId: REGENERATE, label: 'Regenerate' }]);
    assert.deepEqual(rowsOf(world, 'SELECT 1 FROM answer_reasoning WHERE message_id = ?', shown.id), []);

    world.upstream.enqueue({ text: 'Glad to help.' });
    world.discord.sendMessage({ channelId: thread.id, content: 'Thanks!' });
    await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (message) => contentOf(message) === 'Glad to help.' });
    const history = world.upstream.chatMessages(-1);
    const assistant = history.filter((message) => message.role === 'assistant').map((message) => message.content);
    assert.deepEqual(assistant, ['Ask me anything.', answer], 'the answer without its reasoning block');
    assert.ok(!JSON.stringify(history).includes('Six sevens'));
  });

  it('causes no 429 from Discord while streaming answers fast', async () => {
    await assertNoRateLimitsDuringBurst(world);
  });
});
