import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ActionRowBuilder,
  ApplicationIntegrationType,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  DiscordAPIError,
  Events,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
} from 'discord.js';
import { withWorld } from './client-harness.ts';
import { MEMBER_PERMISSIONS, Permission } from './constants.ts';
import { DEFAULT_IDS } from './seed.ts';
import { latestVersion } from './state.ts';

/** Resolves with the next interaction the client sees that passes `handler` (which may answer it). */
function nextInteraction<T extends Interaction>(client: Client, handler: (interaction: Interaction) => Promise<boolean>): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (interaction: Interaction): void => {
      handler(interaction).then((matched) => {
        if (!matched) return;
        client.off(Events.InteractionCreate, listener);
        resolve(interaction as T);
      }, reject);
    };
    client.on(Events.InteractionCreate, listener);
  });
}

/** The error a REST call of the bot fails with. */
async function refusal(call: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await call.then(() => assert.fail('expected a refusal'), (caught: unknown) => caught);
  assert.ok(error instanceof DiscordAPIError, `expected a DiscordAPIError, got ${String(error)}`);
  return error;
}

describe('fake Discord user installs, with a real discord.js client', () => {
  it('keeps a guild without the bot away from it, but lets a user install answer there through the interaction', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const dispatched: string[] = [];
      client.on(Events.Raw, (packet: { t?: string; d?: { id?: string; guild_id?: string } }) => dispatched.push(`${packet.t}:${packet.d?.guild_id ?? packet.d?.id ?? ''}`));
      const foreign = fake.seedForeignGuild({ name: 'Book Club', channels: ['books'], members: [{ username: 'reader' }] });
      const books = foreign.channels['books']!;
      const reader = foreign.members['reader']!;
      const post = fake.sendMessage({ channelId: books.id, author: reader.id, content: 'Chapter 3 was long.' });
      // a round trip through a guild the bot is in: anything about Book Club would have arrived first
      const joined = new Promise<void>((resolve) => client.once(Events.GuildCreate, () => resolve()));
      fake.seedGuild({ name: 'Later Server' });
      await joined;
      assert.equal(client.guilds.cache.has(foreign.guild.id), false);
      assert.equal(dispatched.some((entry) => entry.endsWith(foreign.guild.id) || entry.endsWith(post.id)), false, 'no GUILD_CREATE, no MESSAGE_CREATE');

      const answered = nextInteraction<ChatInputCommandInteraction>(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return false;
        await interaction.deferReply();
        await interaction.editReply({ content: 'Long, but good.', allowedMentions: { parse: [] } });
        return true;
      });
      const handle = fake.sendSlashCommand({ name: 'ask', options: { prompt: 'was it?' }, channelId: books.id, user: reader.id, install: 'user' });
      const interaction = await answered;
      assert.equal(interaction.guildId, foreign.guild.id);
      assert.equal(interaction.inCachedGuild(), false);
      assert.equal(interaction.context, InteractionContextType.Guild);
      assert.deepEqual([interaction.authorizingIntegrationOwners.userId, interaction.authorizingIntegrationOwners.guildId], [reader.id, null]);
      assert.deepEqual(handle.authorizingIntegrationOwners, { 1: reader.id }, 'no guild install where the bot is not');
      assert.equal(handle.payload['app_permissions'], (MEMBER_PERMISSIONS | Permission.AttachFiles | Permission.EmbedLinks).toString(), "@everyone's, plus files and embeds");
      assert.equal(interaction.appPermissions.has(PermissionFlagsBits.CreatePublicThreads), true);
      assert.equal((handle.payload['member'] as { user: { id: string } }).user.id, reader.id);
      assert.equal((handle.payload['guild'] as { id: string }).id, foreign.guild.id);
      assert.equal(latestVersion(handle.originalMessage()!).content, 'Long, but good.');
      assert.equal(handle.originalMessage()?.channelId, books.id);

      // the bot itself has no access there
      for (const call of [
        client.rest.get(Routes.channelMessages(books.id)),
        client.rest.post(Routes.channelMessages(books.id), { body: { content: 'hi' } }),
        client.rest.post(Routes.threads(books.id, handle.originalMessageId!), { body: { name: 'Chapter 3' } }),
        client.rest.get(Routes.channel(books.id)),
        client.rest.get(Routes.guild(foreign.guild.id)),
      ]) {
        const error = await refusal(call);
        assert.deepEqual([error.status, error.code], [403, 50001]);
      }
      assert.throws(() => fake.sendSlashCommand({ name: 'ask', channelId: books.id, user: reader.id }), /no install authorizes this interaction/);
      const both = fake.sendSlashCommand({ name: 'other', channelId: books.id, user: reader.id, install: 'both' });
      assert.deepEqual(both.authorizingIntegrationOwners, { 1: reader.id });
    });
  });

  it('allows 5 follow-ups where only a user install authorizes the interaction, and answers the 6th with 40094', async () => {
    // a roomier webhook bucket than Discord's 5 per 2 s, so the test does not wait it out
    const roomy = { buckets: [{ name: 'webhook', routes: ['POST /webhooks/:applicationId/:token'], limit: 50, windowMs: 2000 }] };
    await withWorld({ fake: { rateLimits: roomy } }, async ({ fake, client }) => {
      const foreign = fake.seedForeignGuild({ members: [{ username: 'reader' }] });
      const answered = nextInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return false;
        await interaction.reply('part 1');
        for (let part = 2; part <= 6; part += 1) await interaction.followUp(`part ${part}`);
        const sixth = await refusal(interaction.followUp('part 7'));
        assert.deepEqual([sixth.status, sixth.code], [400, 40094]);
        return true;
      });
      const handle = fake.sendSlashCommand({ name: 'ask', channelId: foreign.channels['general']!.id, user: foreign.members['reader']!.id, install: 'user' });
      await answered;
      assert.equal(handle.followUps().length, 5);
      // with the guild install there too, there is no such limit
      const unlimited = nextInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return false;
        await interaction.reply('part 1');
        for (let part = 2; part <= 7; part += 1) await interaction.followUp(`part ${part}`);
        return true;
      });
      const inGuild = fake.sendSlashCommand({ name: 'ask', install: 'both' });
      await unlimited;
      assert.deepEqual(inGuild.authorizingIntegrationOwners, { 0: DEFAULT_IDS.guild, 1: DEFAULT_IDS.member });
      assert.equal(inGuild.followUps().length, 6);
    });
  });

  it('reaches private channels (context 2) with a user install: the target message, a partial channel, no member', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const group = fake.createPrivateChannel({ recipients: [DEFAULT_IDS.member, DEFAULT_IDS.admin, DEFAULT_IDS.owner], name: 'Trip' });
      const pair = fake.createPrivateChannel({ recipients: [DEFAULT_IDS.member, DEFAULT_IDS.admin] });
      assert.deepEqual([group.type, pair.type], [ChannelType.GroupDM, ChannelType.DM]);
      const question = fake.sendMessage({ channelId: group.id, author: DEFAULT_IDS.admin, content: 'Train or plane?' });
      const answered = nextInteraction(client, async (interaction) => {
        if (!interaction.isMessageContextMenuCommand()) return false;
        assert.equal(interaction.targetMessage.content, 'Train or plane?');
        assert.equal(interaction.guildId, null);
        assert.equal(interaction.context, InteractionContextType.PrivateChannel);
        assert.equal(interaction.channel?.type, ChannelType.GroupDM);
        await interaction.reply({ content: 'Train.', flags: MessageFlags.Ephemeral });
        return true;
      });
      const handle = fake.sendMessageCommand({ name: 'Ask Cordial', targetMessageId: question.id, user: DEFAULT_IDS.member, install: 'user' });
      await answered;
      assert.equal(handle.context, 2);
      assert.deepEqual(handle.authorizingIntegrationOwners, { 1: DEFAULT_IDS.member });
      assert.equal((handle.payload['user'] as { id: string }).id, DEFAULT_IDS.member);
      assert.equal(handle.payload['member'], undefined);
      assert.equal(handle.payload['app_permissions'], '180224', 'attach files, embed links, mention everyone');
      const channel = handle.payload['channel'] as { id: string; type: number; recipients: Array<{ id: string }> };
      assert.deepEqual([channel.id, channel.type], [group.id, ChannelType.GroupDM]);
      assert.deepEqual(channel.recipients.map((user) => user.id), [DEFAULT_IDS.admin, DEFAULT_IDS.owner], 'the others');
      assert.equal(handle.ephemeral, true);
      assert.deepEqual([(await refusal(client.rest.get(Routes.channelMessages(group.id)))).code, (await refusal(client.rest.get(Routes.channel(pair.id)))).code], [50001, 50001]);
      assert.throws(() => fake.sendMessageCommand({ name: 'Ask Cordial', targetMessageId: question.id, install: 'guild' }), /private channel/);
      assert.throws(() => fake.sendMessage({ channelId: pair.id, author: DEFAULT_IDS.owner, content: 'let me in' }), /not in private channel/);
    });
  });

  it('says both installs in the bot’s DM and in its guilds, as Discord does', async () => {
    await withWorld({}, async ({ fake, client }) => {
      client.on(Events.InteractionCreate, () => {});
      const dm = fake.sendSlashCommand({ name: 'ask', channelId: fake.dmChannel(DEFAULT_IDS.member).id, install: 'both' });
      assert.deepEqual([dm.context, dm.authorizingIntegrationOwners], [1, { 0: '0', 1: DEFAULT_IDS.member }]);
      const dmOnlyUser = fake.sendSlashCommand({ name: 'ask', channelId: fake.dmChannel(DEFAULT_IDS.member).id, install: 'user' });
      assert.deepEqual(dmOnlyUser.authorizingIntegrationOwners, { 1: DEFAULT_IDS.member });
      const inGuild = fake.sendSlashCommand({ name: 'ask' });
      assert.deepEqual([inGuild.context, inGuild.authorizingIntegrationOwners], [0, { 0: DEFAULT_IDS.guild }]);
    });
  });

  it('authorizes a component as the command that made its message: the installer stays the one who ran it', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const foreign = fake.seedForeignGuild({ members: [{ username: 'asker' }, { username: 'clicker' }] });
      const channelId = foreign.channels['general']!.id;
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('regenerate').setLabel('Regenerate').setStyle(ButtonStyle.Secondary));
      const answered = nextInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return false;
        await interaction.reply({ content: 'An answer.', components: [row] });
        return true;
      });
      const command = fake.sendSlashCommand({ name: 'ask', channelId, user: foreign.members['asker']!.id, install: 'user' });
      await answered;
      const clicked = nextInteraction(client, async (interaction) => {
        if (!interaction.isButton()) return false;
        await interaction.deferUpdate();
        return true;
      });
      const click = fake.clickButton({ messageId: command.originalMessageId!, customId: 'regenerate', user: foreign.members['clicker']!.id });
      await clicked;
      assert.deepEqual(click.authorizingIntegrationOwners, { 1: foreign.members['asker']!.id });
      assert.equal((click.payload['member'] as { user: { id: string } }).user.id, foreign.members['clicker']!.id);
      const metadata = (click.payload['message'] as { interaction_metadata: { authorizing_integration_owners: unknown } }).interaction_metadata;
      assert.deepEqual(metadata.authorizing_integration_owners, { 1: foreign.members['asker']!.id });
    });
  });

  it('lets a command offer only the installs its integration_types name', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const guildOnly = new SlashCommandBuilder().setName('model').setDescription('Server model').setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
      await client.application.commands.set([guildOnly.toJSON()]);
      await client.application.commands.set([new SlashCommandBuilder().setName('local').setDescription('A guild command').toJSON()], DEFAULT_IDS.guild);
      assert.throws(() => fake.sendSlashCommand({ name: 'model', install: 'user' }), /no install authorizes/);
      assert.deepEqual(fake.sendSlashCommand({ name: 'model', install: 'both' }).authorizingIntegrationOwners, { 0: DEFAULT_IDS.guild });
      assert.throws(() => fake.sendSlashCommand({ name: 'local', install: 'user' }), /no install authorizes/, 'guild commands come with the guild install only');
    });
  });
});
