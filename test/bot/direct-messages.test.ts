import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buttonsOf, REGENERATE } from './controls.ts';
import { latestVersion } from '../fake-discord/index.ts';
import { contentOf, startWorld, type World } from './bot-harness.ts';
import { assertNoRateLimitsDuringBurst } from './rate-limit-burst.ts';

type SentMessages = Array<{ role: string; content: string; name?: string }>;

describe('direct messages, end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('holds a conversation in a DM: each message is a turn with the DM’s history and the global default model', async () => {
    const dm = world.discord.dmChannel(world.discord.defaults.users.member.id);
    world.upstream.enqueue({ text: 'Hello! I am Cordial. How can I help?', ratePerSecond: 20 });
    world.discord.sendMessage({ channelId: dm.id, content: 'Hi there' });
    const first = await world.discord.waitForMessage({ channelId: dm.id, authorId: world.discord.bot.id, where: (message) => contentOf(message) === 'Hello! I am Cordial. How can I help?' });
    assert.ok(first.versions.some((version) => version.components.length === 1), 'a Stop button while it was written');
    assert.deepEqual(buttonsOf(first).map((button) => button.customId), [REGENERATE], 'Regenerate, once final');
    assert.deepEqual(latestVersion(first).allowedMentions, { parse: [] });

    world.upstream.enqueue({ text: 'Paris.' });
    world.discord.sendMessage({ channelId: dm.id, content: 'What is the capital of France?' });
    await world.discord.waitForMessage({ channelId: dm.id, authorId: world.discord.bot.id, where: (message) => contentOf(message) === 'Paris.' });
    const request = world.upstream.requests.at(-1)?.parsedBody as { model: string; messages: SentMessages };
    assert.equal(request.model, 'gpt-4o-mini');
    assert.deepEqual(
      request.messages.map((message) => [message.role, message.content]),
      [
        ['system', request.messages[0]!.content],
        ['user', 'Hi there'],
        ['assistant', 'Hello! I am Cordial. How can I help?'],
        ['user', 'What is the capital of France?'],
      ],
    );
  });

  /** Restarts the bot with `env`, sends `userId`'s DM, and returns the bot's answer and how many model requests it made. */
  async function dmAfterRestart(env: Record<string, string>, userId: string, content: string): Promise<{ answer: string; modelRequests: number }> {
    await world.bot.stop('SIGTERM');
    await world.startBot(env);
    const dm = world.discord.dmChannel(userId);
    const before = world.upstream.requests.length;
    world.discord.sendMessage({ channelId: dm.id, content });
    const answer = await world.discord.waitForMessage({ channelId: dm.id, authorId: world.discord.bot.id });
    return { answer: contentOf(answer), modelRequests: world.upstream.requests.length - before };
  }

  it('with DIRECT_MESSAGES=off, points people to /ask and asks no model', async () => {
    const { answer, modelRequests } = await dmAfterRestart({ DIRECT_MESSAGES: 'off' }, world.discord.defaults.users.admin.id, 'Are you there?');
    assert.match(answer, /don’t hold conversations in direct messages/);
    assert.equal(modelRequests, 0);
  });

  it('without DEFAULT_MODEL, says a DM has no model and how to get an answer anyway', async () => {
    const { answer, modelRequests } = await dmAfterRestart({ DEFAULT_MODEL: '' }, world.discord.defaults.users.owner.id, 'Hello?');
    assert.match(answer, /no model for direct messages: .*`DEFAULT_MODEL`.*`\/ask model:` works here/);
    assert.equal(modelRequests, 0);
  });

  it('causes no 429 from Discord while streaming answers fast', async () => {
    await assertNoRateLimitsDuringBurst(world);
  });
});
