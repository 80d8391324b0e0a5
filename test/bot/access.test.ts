/**
 * Who may use the bot, end to end: `/access` rules set by an admin keep a blocked role away from
 * /ask, Ask Cordial, mentions and Regenerate (told privately, no model asked), while the asker
 * can still Stop; an allow list admits only its channels (a thread its parent's, a channel its
 * category's); admins are never locked out; `/access` needs Manage Server; the rules and who
 * set them survive a restart.
 */
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { latestVersion, type FakeInteraction, type StoredMessage } from '../fake-discord/index.ts';
import { contentOf, startWorld, waitForReply, type World } from './bot-harness.ts';
import { buttonsOf, REGENERATE, STOP } from './controls.ts';

const blockedRoleText = 'You can’t use the bot on this server: its admins have blocked one of your roles.';
const notAllowedChannelText = 'The server’s admins have turned the bot on in certain channels only, and this is not one of them.';

describe('who may use the bot (/access and the access gate), end to end', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  const admin = () => world.discord.defaults.users.admin.id;
  const member = () => world.discord.defaults.users.member.id;
  const general = () => world.discord.defaults.channels.general.id;

  /** Runs `/access …` as `user` (the admin by default) and resolves with its private answer. */
  async function access(subcommand: string, options: Record<string, string> = {}, user = admin(), locale?: string): Promise<string> {
    const handle = world.discord.sendSlashCommand({ name: 'access', subcommand, options, user, ...(locale === undefined ? {} : { locale }) });
    const answered = await world.discord.waitForInteractionResponse(handle);
    assert.equal(answered.ephemeral, true, `/access ${subcommand} answers privately`);
    return contentOf(await world.discord.waitFor(() => answered.originalMessage()));
  }

  /** The private answer an interaction got. */
  async function privateAnswer(handle: FakeInteraction): Promise<string> {
    const answered = await world.discord.waitForInteractionResponse(handle);
    assert.equal(answered.ephemeral, true);
    return contentOf(await world.discord.waitFor(() => answered.originalMessage()));
  }

  /** An /ask answered in full, its reply with its Regenerate button. */
  async function answeredAsk(user: string, prompt: string, text: string): Promise<StoredMessage> {
    world.upstream.enqueue({ text });
    const ask = world.discord.sendSlashCommand({ name: 'ask', options: { prompt }, user });
    const reply = await waitForReply(world, ask.id, (content) => content === text);
    return world.discord.waitFor(() => buttonsOf(world.discord.message(reply.id)).some((button) => button.customId === REGENERATE) && world.discord.message(reply.id));
  }

  it('GIVEN a blocked role THEN /ask, Ask Cordial, a mention and a Regenerate press are refused privately (the mention in a -# note) and no model is asked; Stop still works for the asker', async () => {
    const muted = world.discord.createRole({ name: 'Muted', permissions: ['ViewChannel', 'SendMessages', 'UseApplicationCommands'] });
    const person = world.discord.createUser({ username: 'mia', globalName: 'Mia Muted', guildId: world.discord.defaults.guild.id, roleIds: [] });
    // before the rule: an answer of hers to regenerate later, and one still being written to stop
    const earlier = await answeredAsk(person.id, 'Name a colour', 'Teal.');
    world.upstream.enqueue({ text: 'word '.repeat(400), ratePerSecond: 20 });
    const streaming = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Count slowly', private: true }, user: person.id });
    const streamingReply = await world.discord.waitFor(() => {
      const reply = world.discord.interaction(streaming).originalMessage();
      return reply !== undefined && buttonsOf(reply).some((button) => button.customId === STOP) && reply;
    });
    world.discord.guild(world.discord.defaults.guild.id).members.get(person.id)!.roleIds.push(muted.id);

    assert.match(await access('block', { role: muted.id }), /Members with <@&\d+> may no longer use the bot on this server/);
    const asked = world.upstream.requests.length;

    assert.equal(await privateAnswer(world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Hello?' }, user: person.id })), blockedRoleText);
    const target = world.discord.sendMessage({ channelId: general(), content: 'A message to ask about', author: member() });
    const askAbout = world.discord.sendMessageCommand({ name: 'Ask Cordial', targetMessageId: target.id, user: person.id });
    assert.equal(await privateAnswer(askAbout), blockedRoleText);
    assert.equal(world.discord.interaction(askAbout).modal ?? undefined, undefined, 'no form to fill in vain');
    const regenerate = world.discord.clickButton({ messageId: earlier.id, customId: REGENERATE, user: person.id });
    assert.equal(await privateAnswer(regenerate), blockedRoleText);
    assert.equal(contentOf(world.discord.message(earlier.id)), 'Teal.', 'the answer stays as it was');

    const mention = world.discord.sendMessage({ channelId: general(), content: `<@${world.discord.bot.id}> are you there?`, author: person.id });
    const note = await world.discord.waitForMessage({ channelId: general(), authorId: world.discord.bot.id, where: (message) => message.reference?.messageId === mention.id });
    assert.equal(contentOf(note), `-# 🚫 ${blockedRoleText}`);
    assert.deepEqual(latestVersion(note).allowedMentions, { parse: [] }, 'the note pings nobody');
    assert.deepEqual(world.discord.threadsOf(general()).filter((thread) => thread.id === note.id), [], 'no thread on a refusal');

    // the same person's ordinary message in a channel gets nothing: only what addresses the bot is told
    const chatting = world.discord.sendMessage({ channelId: general(), content: 'just chatting', author: person.id });

    const stop = world.discord.clickButton({ messageId: streamingReply.id, customId: STOP, user: person.id });
    await world.discord.waitForInteractionResponse(stop);
    await world.discord.waitFor(() => /Stopped by Mia Muted/.test(contentOf(world.discord.message(streamingReply.id))) || undefined);
    assert.equal(world.upstream.requests.length, asked, 'no model was asked for any refused trigger');

    // admins with the role are never locked out
    world.discord.guild(world.discord.defaults.guild.id).members.get(admin())!.roleIds.push(muted.id);
    world.upstream.enqueue({ text: 'Admins pass.' });
    const adminAsk = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Still me?', private: true }, user: admin() });
    await waitForReply(world, adminAsk.id, (content) => content === 'Admins pass.');
    // the bot read 'just chatting' long before the admin's answer (one gateway, in order): it said nothing
    assert.deepEqual(world.discord.messagesIn(general()).filter((message) => message.reference?.messageId === chatting.id), []);
    assert.match(await access('remove', { role: muted.id }), /The rule on <@&\d+> is removed\./);
  });

  it('GIVEN an allow list THEN only its channels are answered: a channel of an allowed category, a thread of an allowed channel; elsewhere refused, admins excepted', async () => {
    const category = world.discord.createChannel({ name: 'Bots', category: true });
    const inCategory = world.discord.createChannel({ name: 'bot-chat', parentId: category.id });
    const random = world.discord.defaults.channels.random;
    assert.match(await access('allow', { channel: category.id }), /The bot answers in <#\d+>/);
    assert.match(await access('allow', { channel: random.id }), /The bot answers in <#\d+>/);

    world.upstream.enqueue({ text: 'In the category.' });
    const inside = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Inside?', private: true }, channelId: inCategory.id, user: member() });
    await waitForReply(world, inside.id, (content) => content === 'In the category.');

    const thread = world.discord.startThread({ channelId: random.id, name: 'side talk', owner: member() });
    world.upstream.enqueue({ text: 'In the thread.' });
    const mention = world.discord.sendMessage({ channelId: thread.id, content: `<@${world.discord.bot.id}> and here?`, author: member() });
    const answer = await world.discord.waitForMessage({ authorId: world.discord.bot.id, where: (message) => message.reference?.messageId === mention.id && contentOf(message) === 'In the thread.' });
    assert.equal(answer.channelId, thread.id);

    const asked = world.upstream.requests.length;
    assert.equal(await privateAnswer(world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Here?' }, channelId: general(), user: member() })), notAllowedChannelText);
    const russian = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Здесь?' }, channelId: general(), user: member(), locale: 'ru' });
    assert.equal(await privateAnswer(russian), 'Администраторы сервера включили бота только в некоторых каналах, и этот канал не из их числа.');
    assert.equal(world.upstream.requests.length, asked);

    world.upstream.enqueue({ text: 'Admins anywhere.' });
    const adminAsk = world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'Here too?', private: true }, channelId: general(), user: admin() });
    await waitForReply(world, adminAsk.id, (content) => content === 'Admins anywhere.');

    const list = await access('list');
    assert.match(list, /\*\*Allowed channels[^*]*\*\*\n• <#\d+> \(<@\d+>, <t:\d+:d>\)\n• <#\d+>/);
    assert.match(await access('remove', { channel: category.id }), /is removed/);
    assert.match(await access('remove', { channel: random.id }), /is removed/);
    assert.match(await access('list'), /^No rules: everyone may use the bot/);
  });

  it('GIVEN someone without Manage Server THEN /access refuses them and changes nothing', async () => {
    assert.equal(await access('block', { channel: general() }, member()), 'You need the **Manage Server** permission to change who may use the bot on this server.');
    assert.equal(await access('list', {}, member(), 'ru'), 'Чтобы менять, кто может пользоваться ботом на этом сервере, нужно право **Управлять сервером**.');
    assert.match(await access('list'), /^No rules/);
    assert.equal(await access('allow', {}), 'Name one role (`role:`) or one channel or category (`channel:`).');
  });

  it('GIVEN rules THEN they survive a restart, and the settings log names who set them', async () => {
    assert.match(await access('block', { channel: general() }), /The bot no longer answers in <#\d+>/);
    assert.match(await access('block', { channel: general() }), /^Nothing changed: that rule was already there\./);
    await world.bot.stop();
    await world.startBot();
    const asked = world.upstream.requests.length;
    assert.equal(await privateAnswer(world.discord.sendSlashCommand({ name: 'ask', options: { prompt: 'After a restart?' }, channelId: general(), user: member() })), 'The server’s admins have turned the bot off in this channel.');
    assert.equal(world.upstream.requests.length, asked);
    assert.match(await access('list'), /\*\*Blocked channels\*\*\n• <#\d+> \(<@\d+>/);

    const database = new DatabaseSync(world.databasePath, { readOnly: true });
    try {
      const rows = database.prepare("SELECT value, set_by_user_id, set_by_name FROM settings_log WHERE setting = 'access' ORDER BY id").all();
      // block and remove a role, allow and remove two channels, block a channel (once: the second add changed nothing)
      assert.deepEqual(rows.map((row) => String(row['value']).split(' ').slice(0, 2).join(' ')), ['add block-role', 'remove block-role', 'add allow-channel', 'add allow-channel', 'remove allow-channel', 'remove allow-channel', 'add block-channel']);
      for (const row of rows) assert.deepEqual([row['set_by_user_id'], row['set_by_name']], [admin(), 'Ada Admin'], String(row['value']));
      assert.equal(rows.at(-1)?.['value'], `add block-channel ${general()}`, 'a rule added again is not logged twice');
    } finally {
      database.close();
    }
  });
});
