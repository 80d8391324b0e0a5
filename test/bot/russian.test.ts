import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';

describe('in Russian, end to end (a bot named Сова, without the Message Content intent)', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ discord: { messageContentIntent: false, botUsername: 'Сова' } });
  });
  after(async () => {
    await world?.close();
  });

  const ephemeralAnswer = async (options: Record<string, string>) => {
    const before = world.upstream.requests.length;
    const interaction = world.discord.sendSlashCommand({ name: 'ask', locale: 'ru', options });
    const answered = await world.discord.waitForInteractionResponse(interaction);
    assert.equal(answered.ephemeral, true);
    assert.equal(world.upstream.requests.length, before, 'no model was asked');
    return contentOf(answered.originalMessage()!);
  };

  it('counts characters with the right word form', async () => {
    assert.equal(await ephemeralAnswer({ prompt: 'а'.repeat(4001) }), 'Длина запроса — 4001 символ, а предел — 4000.');
    assert.equal(await ephemeralAnswer({ prompt: 'а'.repeat(4002) }), 'Длина запроса — 4002 символа, а предел — 4000.');
  });

  it('names commands as Russian clients show them, and points members to what they can use', async () => {
    assert.equal(await ephemeralAnswer({ prompt: '\u200b\u2060\ufeff' }), 'Запрос пуст: напишите вопрос после `/спросить`.');
    assert.equal(
      await ephemeralAnswer({ prompt: 'привет', model: 'gpt4' }),
      '`gpt4` — не идентификатор модели: напишите провайдер/модель, например `openai/gpt-4o-mini`. Начните вводить `/спросить модель:`, и Discord покажет модели, доступные вам.',
    );
    const unknown = await ephemeralAnswer({ prompt: 'привет', model: 'openai/gpt-9' });
    assert.match(unknown, /^Неизвестная модель `openai\/gpt-9`: у провайдера `openai` нет модели `gpt-9`\. Начните вводить `\/спросить модель:`/);
    assert.doesNotMatch(unknown, /\/model|\.\./);
  });

  it('says when to try again after a rate limit with a long retry-after', async () => {
    world.upstream.enqueue({ error: { status: 429, body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, headers: { 'retry-after': '999999' } } });
    const interaction = world.discord.sendSlashCommand({ name: 'ask', locale: 'ru', options: { prompt: 'Сколько ждать?', private: true } });
    const reply = await waitForReply(world, interaction.id, (content) => content.includes('Нет ответа'));
    assert.equal(contentOf(reply), '-# ⚠️ Нет ответа от **openai/gpt-4o-mini**: провайдер ограничивает частоту запросов; попробуйте примерно через 12 дней.');
  });

  it('tells a new thread to mention the bot by its own name', async () => {
    world.upstream.enqueue({ text: 'Ответ.' });
    world.discord.sendSlashCommand({ name: 'ask', locale: 'ru', options: { prompt: 'Как тебя зовут?' } });
    const thread = await world.discord.waitForThread({ name: 'Как тебя зовут?' });
    const note = await world.discord.waitForMessage({ channelId: thread.id, authorId: world.discord.bot.id, where: (message) => contentOf(message).includes('Message Content') });
    assert.equal(contentOf(note), '-# ℹ️ Бот не может читать сообщения здесь (выключен Message Content intent), поэтому упоминайте его (@Сова), чтобы продолжить разговор.');
  });
});
