/**
 * Usage reports and daily token quotas, end to end with the real bot: the upstream's reported
 * usage shows in `/usage server` (Manage Server) and `/usage me` (anyone), privately and pinging
 * nobody; `/quota set|show|reset` need Manage Server for changes and say who set them; at a
 * person's quota an `/ask` is refused privately and a mention gets a `-# ⏳` reply, with no
 * upstream request either way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FakeInteraction } from '../fake-discord/index.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';

describe('usage reports and token quotas, end to end', () => {
  let world: World;
  before(async () => {
    // the defaults are large: each test sets the server's own quotas with /quota
    world = await startWorld({ env: { QUOTA_PERSON_TOKENS_PER_DAY: '100000', QUOTA_SERVER_TOKENS_PER_DAY: '0' } });
  });
  after(async () => {
    await world?.close();
  });

  const admin = () => world.discord.defaults.users.admin.id;
  const member = () => world.discord.defaults.users.member.id;
  const general = () => world.discord.defaults.channels.general.id;

  /** The private answer an interaction got (deferred or not), once it has content. */
  async function privateAnswer(handle: FakeInteraction): Promise<string> {
    const answered = await world.discord.waitForInteractionResponse(handle);
    assert.equal(answered.ephemeral, true, 'answered privately');
    const message = await world.discord.waitFor(() => {
      const original = answered.originalMessage();
      return original !== undefined && contentOf(original) !== '' && original;
    });
    return contentOf(message);
  }

  async function command(name: string, subcommand: string, options: Record<string, string | number> = {}, user = admin(), locale?: string): Promise<string> {
    return privateAnswer(world.discord.sendSlashCommand({ name, subcommand, options, user, ...(locale === undefined ? {} : { locale }) }));
  }

  /** An /ask answered in full, the upstream reporting `prompt` + `completion` tokens. */
  async function answeredAsk(user: string, text: string, prompt: number, completion: number): Promise<void> {
    world.upstream.enqueue({ text, usage: { prompt_tokens: prompt, completion_tokens: completion } });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Say something', private: true }, user });
    const reply = await waitForReply(world, ask.id, (content) => content === text);
    // the usage row is written at once after the runner logs the answer as done
    await world.bot.waitForLog((line) => line.includes('"msg":"answered"') && line.includes(`"firstMessage":"${reply.id}"`));
  }

  it('GIVEN answers with reported usage THEN /usage server shows the totals, the model and the top people as mentions that ping nobody', async () => {
    await answeredAsk(member(), 'Teal.', 30, 12);
    await answeredAsk(admin(), 'Olive.', 1200, 34);
    const handle = world.discord.sendSlashCommand({ name: 'usage', subcommand: 'server', options: { period: 'today' }, user: admin() });
    const text = await privateAnswer(handle);
    assert.match(text, /^\*\*Usage on this server today\*\*/);
    assert.match(text, /^1,276 tokens in 2 answers \(prompt 1,230, completion 46\)\.$/m);
    assert.match(text, /• `openai\/gpt-4o-mini`: 1,276 tokens · 2 answers/);
    assert.match(text, new RegExp(`1\\. <@${admin()}>: 1,234 tokens · 1 answer\\n2\\. <@${member()}>: 42 tokens · 1 answer`));
    assert.doesNotMatch(text, /≈/, 'reported counts are not marked as estimates');
    const edit = world.discord.requests.find((request) => request.method === 'PATCH' && request.path.includes(handle.token));
    assert.deepEqual((edit?.body as { allowed_mentions?: unknown } | undefined)?.allowed_mentions, { parse: [] }, 'the mentions ping nobody');
  });

  it('GIVEN anyone THEN /usage me shows their own usage here, in Russian for a Russian client', async () => {
    const text = await command('usage', 'me', {}, member(), 'ru');
    assert.match(text, /^\*\*Ваш расход на этом сервере за последние 7 дней\*\*/);
    assert.match(text, /^42 токена, 1 ответ \(в запросах 30, в ответах 12\)\.$/m);
    assert.doesNotMatch(text, new RegExp(admin()), 'only their own');
  });

  it('GIVEN someone without Manage Server THEN /usage server and /quota set|reset refuse them and change nothing', async () => {
    assert.equal(await command('usage', 'server', {}, member()), 'You need the **Manage Server** permission to see this server’s usage. `/usage me` shows your own.');
    assert.equal(await command('quota', 'set', { person: 1 }, member()), 'You need the **Manage Server** permission to change this server’s quotas.');
    assert.equal(await command('quota', 'reset', {}, member()), 'You need the **Manage Server** permission to change this server’s quotas.');
    assert.match(await command('quota', 'show'), /• Each person: 100,000 tokens a day \(the bot’s default\)\n• The whole server: no quota \(the bot’s default\)/);
  });

  it('GIVEN /quota set by an admin THEN /quota show says the quotas, today’s use and who set them when', async () => {
    assert.equal(await command('quota', 'set'), 'Give `person:`, `server:` or both: tokens a day (0 for no quota).');
    const saved = await command('quota', 'set', { person: 1000, server: 0 });
    assert.match(saved, /^Quotas saved\.\n\n\*\*Daily token quotas\*\*/);
    const shown = await command('quota', 'show');
    assert.match(shown, /• Each person: 1,000 tokens a day \(this server’s setting\)/);
    assert.match(shown, /• The whole server: no quota \(this server’s setting\)/);
    assert.match(shown, /Today you have used 1,234 tokens here, and the server 1,276 tokens; the day resets <t:\d+:R>\./);
    const day = new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.now());
    assert.match(shown, new RegExp(`-# Set by Ada Admin on ${day}\\.$`));
  });

  it('GIVEN the admin is past their quota THEN /ask is refused privately and a mention gets a -# reply saying when it resets, with no upstream request; the member is still answered', async () => {
    const asked = world.upstream.requests.length;
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'One more?' }, user: admin() });
    assert.match(await privateAnswer(ask), /^You have used today’s 1,000 tokens of your quota here; it resets in (about )?\d+ (minutes?|hours?|seconds?), at <t:\d+:t>\.$/);

    const mention = world.discord.sendMessage({ channelId: general(), content: `<@${world.discord.bot.id}> and now?`, author: admin() });
    const note = await world.discord.waitForMessage({ channelId: general(), authorId: world.discord.bot.id, where: (message) => message.reference?.messageId === mention.id });
    assert.match(contentOf(note), /^-# ⏳ You have used today’s 1,000 tokens of your quota here; it resets /);
    assert.equal(world.upstream.requests.length, asked, 'no model was asked');

    await answeredAsk(member(), 'Still here.', 5, 5);
    assert.equal(world.upstream.requests.length, asked + 1);
  });

  it('GIVEN /quota reset THEN the defaults apply again and the admin is answered', async () => {
    assert.match(await command('quota', 'reset'), /^This server’s own quotas are cleared: the bot’s defaults apply\.\n\n.*\n• Each person: 100,000 tokens a day \(the bot’s default\)/);
    assert.match(await command('quota', 'reset'), /^This server had no quotas of its own/);
    await answeredAsk(admin(), 'Back again.', 5, 5);
  });
});
