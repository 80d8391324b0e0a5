/**
 * Regenerate under races, end to end with the real bot against the fake Discord:
 * 1. a second press while the first Regenerate is still preparing (reading history, waiting for
 *    the model's first token) is refused as busy, not queued to rerun the turn again;
 * 2. a Regenerate whose model fails before writing any text keeps the answer it was meant to
 *    replace (and tells the presser privately).
 * Each runs in its own world: a queued second rerun would take the next test's scripted answer.
 */import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { latestVersion } from '../fake-discord/index.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { buttonsOf, REGENERATE } from './controls.ts';

function regenerateWorld(): { world: () => World } {
  let world: World | undefined;
  before(async () => {
    world = await startWorld({ env: { PROVIDER_FIRST_TOKEN_TIMEOUT_MS: '1500' } });
  });
  after(async () => {
    await world?.close();
  });
  return { world: () => world! };
}

const completions = (world: World) => world.upstream.requestsTo('POST', '/v1/chat/completions').length;

/** An /ask answered with `text`, once its final controls show. */
async function answeredAsk(world: World, prompt: string, text: string) {
  world.upstream.enqueue({ text });
  const ask = world.discord.sendSlashCommand({ name: 'ask', user: world.discord.defaults.users.member.id, options: { prompt, private: false } });
  const reply = await waitForReply(world, ask.id, (content) => content === text);
  await world.discord.waitFor(() => buttonsOf(world.discord.message(reply.id)).some((button) => button.customId === REGENERATE) || undefined);
  // logged once the runner no longer counts it as being written (a press before that is refused as busy)
  await world.bot.waitForLog((line) => line.includes('"msg":"answered"') && line.includes(`"firstMessage":"${reply.id}"`));
  return reply;
}

describe('a second Regenerate press while the first is preparing', () => {
  const { world } = regenerateWorld();

  it('GIVEN a Regenerate waiting for its model WHEN the asker presses again THEN the second press is refused as busy, not queued as another rerun', async () => {
    const reply = await answeredAsk(world(), 'Double press', 'First.');
    const member = world().discord.defaults.users.member.id;
    const before = completions(world());
    // the first rerun's model says nothing until its first-token timeout: the rerun is under way but writes nothing yet
    world().upstream.enqueue({ stallBeforeHeaders: true });
    world().upstream.enqueue({ text: 'Third.' });
    const first = world().discord.clickButton({ messageId: reply.id, customId: REGENERATE, user: member });
    await world().discord.waitForInteractionResponse(first);
    await world().upstream.waitFor(() => completions(world()) > before || undefined);
    const second = world().discord.clickButton({ messageId: reply.id, customId: REGENERATE, user: member });
    await world().discord.waitForInteractionResponse(second);
    assert.equal(second.responses[0]?.type, 4, 'answered at once with a private refusal (type 4), not acknowledged in place (6) to rerun again');
  });
});

describe('a Regenerate whose model fails before any text', () => {
  const { world } = regenerateWorld();

  it('GIVEN a Regenerate whose model fails before any text THEN the answer it was to replace is kept', async () => {
    const reply = await answeredAsk(world(), 'Keep me', 'A good answer.');
    world().upstream.enqueue({ error: { status: 500, body: '{"error":{"message":"down"}}', headers: { 'content-type': 'application/json' } } });
    const click = world().discord.clickButton({ messageId: reply.id, customId: REGENERATE, user: world().discord.defaults.users.member.id });
    await world().discord.waitForInteractionResponse(click);
    await world().bot.waitForLog((line) => line.includes(`"regenerate":"${reply.id}"`) && line.includes('answer did not complete'));
    await world().discord.waitFor(() => buttonsOf(world().discord.message(reply.id)).length > 0 || undefined);
    assert.equal(contentOf(world().discord.message(reply.id)), 'A good answer.', 'a failed rerun must not wipe the answer');
    assert.ok(world().discord.message(reply.id).versions.every((version) => !version.content.includes('⚠️')), 'the error note was never shown in its place');
    const told = await world().discord.waitFor(() => click.followUps()[0]);
    assert.equal(latestVersion(told).flags & 64, 64);
    assert.match(contentOf(told), /^The new answer could not be written \(.+\), so the old one is left as it was\.$/);
  });
});
