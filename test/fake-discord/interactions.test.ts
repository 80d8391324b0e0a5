import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  Events,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  type Client,
  type Interaction,
} from 'discord.js';
import { withWorld } from './client-harness.ts';
import { CallbackKind, MessageFlag } from './constants.ts';
import { DEFAULT_IDS } from './seed.ts';
import { latestVersion } from './state.ts';

/** Runs `handler` for every interaction and reports its failure instead of losing it. */
function onInteraction(client: Client, handler: (interaction: Interaction) => Promise<void>): Promise<unknown> {
  return new Promise((resolve) => {
    client.on(Events.InteractionCreate, (interaction) => {
      handler(interaction).then(() => resolve(undefined), resolve);
    });
  });
}

const askCommand = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a model')
  .addStringOption((option) => option.setName('prompt').setDescription('What to ask').setRequired(true))
  .addStringOption((option) => option.setName('model').setDescription('Model').setAutocomplete(true))
  .addBooleanOption((option) => option.setName('private').setDescription('Only you see it'));
const modelCommand = new SlashCommandBuilder()
  .setName('model')
  .setDescription('Server default model')
  .addSubcommand((sub) => sub.setName('set').setDescription('Set it').addStringOption((option) => option.setName('model').setDescription('Model').setRequired(true)))
  .addSubcommand((sub) => sub.setName('show').setDescription('Show it'));

describe('fake Discord interactions, with a real discord.js client', () => {
  it('records every version of a deferred, edited reply and a follow-up', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const handled = onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        assert.equal(interaction.options.getString('prompt'), 'Why is the sky blue?');
        assert.equal(interaction.locale, 'ru');
        await interaction.deferReply();
        for (const text of ['Rayleigh', 'Rayleigh scattering', 'Rayleigh scattering of sunlight.']) {
          await interaction.editReply({ content: text, allowedMentions: { parse: [] } });
        }
        await interaction.followUp({ content: 'Sources: physics.', allowedMentions: { parse: [] } });
      });
      const handle = fake.sendSlashCommand({ name: 'ask', options: { prompt: 'Why is the sky blue?' }, locale: 'ru' });
      assert.equal(await handled, undefined);

      const reply = fake.interaction(handle).originalMessage();
      assert.ok(reply);
      assert.equal(reply.channelId, DEFAULT_IDS.general);
      assert.equal(reply.authorId, DEFAULT_IDS.bot);
      assert.deepEqual(
        reply.versions.map((version) => [version.content, version.flags]),
        [
          ['', MessageFlag.Loading],
          ['Rayleigh', 0],
          ['Rayleigh scattering', 0],
          ['Rayleigh scattering of sunlight.', 0],
        ],
      );
      assert.equal(latestVersion(reply).content, 'Rayleigh scattering of sunlight.');
      // every edit sent allowed_mentions with parse: [] (the client default and the call agree)
      for (const version of reply.versions.slice(1)) assert.deepEqual(version.allowedMentions, { parse: [] });
      assert.equal(reply.versions[1]?.route, 'PATCH /webhooks/:applicationId/:token/messages/:messageId');
      const [followUp] = handle.followUps();
      assert.equal(followUp && latestVersion(followUp).content, 'Sources: physics.');
      assert.deepEqual(
        fake.messagesIn(DEFAULT_IDS.general).map((message) => message.id),
        [reply.id, followUp?.id],
      );
      assert.equal(handle.responses[0]?.type, CallbackKind.DeferredChannelMessageWithSource);
    });
  });

  it('answers 40060 to a second response and 10062 after the 3-second deadline', async () => {
    let now = Date.now();
    await withWorld({ fake: { clock: () => now } }, async ({ fake, client }) => {
      let release: () => void = () => {};
      const late = new Promise<void>((resolve) => (release = resolve));
      const errors = new Map<string, unknown>();
      const done = new Promise<void>((resolve) => {
        let seen = 0;
        client.on(Events.InteractionCreate, async (interaction) => {
          if (!interaction.isChatInputCommand()) return;
          try {
            if (interaction.commandName === 'twice') {
              await interaction.deferReply();
              // discord.js guards against this itself, so go around it to hit the API
              await client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
                body: { type: 4, data: { content: 'again' } },
                auth: false,
              });
            } else {
              await late;
              await interaction.deferReply();
            }
          } catch (error) {
            errors.set(interaction.commandName, error);
          }
          if (++seen === 2) resolve();
        });
      });
      const twice = fake.sendSlashCommand({ name: 'twice' });
      const slow = fake.sendSlashCommand({ name: 'slow' });
      await fake.waitForInteractionResponse(twice);
      now += 3001;
      release();
      await done;
      const second = errors.get('twice');
      const tooLate = errors.get('slow');
      assert.ok(second instanceof DiscordAPIError && tooLate instanceof DiscordAPIError);
      assert.equal(second.code, 40060);
      assert.equal(second.status, 400);
      assert.equal(tooLate.code, 10062);
      assert.equal(tooLate.status, 404);
      assert.equal(fake.interaction(slow).acknowledged, false);
    });
  });

  it('fails edits with 50027 once the token expired, while the channel route still edits the reply', async () => {
    let now = Date.now();
    await withWorld({ fake: { clock: () => now } }, async ({ fake, client }) => {
      const outcome = onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.deferReply();
        const reply = await interaction.editReply('first part');
        now += 15 * 60_000;
        const error = await interaction.editReply('second part').then(() => null, (caught: unknown) => caught);
        assert.ok(error instanceof DiscordAPIError);
        assert.equal(error.code, 50027);
        assert.equal(error.status, 401);
        // the reply is an ordinary message of the bot: the bot token can still edit it
        await reply.edit('second part, through the channel');
      });
      const handle = fake.sendSlashCommand({ name: 'ask', options: { prompt: 'long one' } });
      assert.equal(await outcome, undefined);
      assert.deepEqual(
        handle.originalMessage()?.versions.map((version) => version.route),
        [
          'POST /interactions/:interactionId/:token/callback',
          'PATCH /webhooks/:applicationId/:token/messages/:messageId',
          'PATCH /channels/:channelId/messages/:messageId',
        ],
      );
    });
  });

  it('keeps an ephemeral deferral ephemeral, out of channel history and off the gateway', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const seenByGateway: string[] = [];
      client.on(Events.MessageCreate, (message) => seenByGateway.push(message.id));
      const outcome = onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await interaction.editReply('only you see this');
        const history = await interaction.channel?.messages.fetch({ limit: 10 });
        assert.equal(history?.size, 0);
      });
      const handle = fake.sendSlashCommand({ name: 'ask', options: { prompt: 'secret' } });
      assert.equal(await outcome, undefined);
      const reply = handle.originalMessage();
      assert.equal(handle.ephemeral, true);
      assert.equal(reply && latestVersion(reply).flags, MessageFlag.Ephemeral);
      assert.deepEqual(seenByGateway, []);
    });
  });

  it('registers commands, resolves subcommands and types from them, and carries member permissions', async () => {
    await withWorld({}, async ({ fake, client }) => {
      await client.application.commands.set([askCommand.toJSON(), modelCommand.toJSON()]);
      assert.deepEqual(fake.commands().map((command) => command.name), ['ask', 'model']);
      assert.ok(fake.commands().every((command) => /^\d{17,19}$/.test(command.id)));
      const seen: Array<[string, string, boolean]> = [];
      const done = new Promise<void>((resolve) => {
        client.on(Events.InteractionCreate, async (interaction) => {
          if (!interaction.isChatInputCommand()) return;
          const canManage = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
          seen.push([interaction.options.getSubcommand(), interaction.options.getString('model', true), canManage]);
          await interaction.reply({ content: canManage ? 'saved' : 'You need Manage Server.', flags: canManage ? undefined : MessageFlags.Ephemeral });
          if (seen.length === 2) resolve();
        });
      });
      fake.sendSlashCommand({ name: 'model', subcommand: 'set', options: { model: 'openai/gpt-4o' }, user: DEFAULT_IDS.admin });
      fake.sendSlashCommand({ name: 'model', subcommand: 'set', options: { model: 'openai/gpt-4o' }, user: DEFAULT_IDS.member });
      await done;
      assert.deepEqual(seen.sort(), [
        ['set', 'openai/gpt-4o', false],
        ['set', 'openai/gpt-4o', true],
      ]);
      const commandId = fake.commands().find((command) => command.name === 'model')?.id;
      assert.equal((fake.interactions()[0]?.payload['data'] as { id: string }).id, commandId);
    });
  });

  it('serves autocomplete and records the choices', async () => {
    await withWorld({}, async ({ fake, client }) => {
      await client.application.commands.set([askCommand.toJSON()], DEFAULT_IDS.guild);
      assert.equal(fake.commands(DEFAULT_IDS.guild).length, 1);
      client.on(Events.InteractionCreate, async (interaction) => {
        if (!interaction.isAutocomplete()) return;
        const typed = interaction.options.getFocused();
        const models = ['openai/gpt-4o', 'openai/gpt-4o-mini', 'ollama/llama3.2'].filter((id) => id.includes(typed));
        await interaction.respond(models.map((id) => ({ name: id, value: id })));
      });
      const handle = fake.sendAutocomplete({ name: 'ask', options: { prompt: 'hi', model: 'gpt' }, focused: 'model' });
      await fake.waitForInteractionResponse(handle);
      assert.deepEqual(handle.autocompleteChoices, [
        { name: 'openai/gpt-4o', value: 'openai/gpt-4o' },
        { name: 'openai/gpt-4o-mini', value: 'openai/gpt-4o-mini' },
      ]);
    });
  });

  it('dispatches button clicks and records the updated message', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const channel = client.channels.cache.get(DEFAULT_IDS.general);
      assert.ok(channel?.isSendable());
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('retry').setLabel('Retry').setStyle(ButtonStyle.Primary));
      const sent = await channel.send({ content: 'It failed.', components: [row] });
      client.on(Events.InteractionCreate, async (interaction) => {
        if (interaction.isButton() && interaction.customId === 'retry') await interaction.update({ content: 'Retrying…', components: [] });
      });
      const handle = fake.clickButton({ messageId: sent.id, customId: 'retry' });
      await fake.waitForInteractionResponse(handle);
      const message = fake.message(sent.id);
      assert.deepEqual(message.versions.map((version) => [version.content, version.components.length]), [
        ['It failed.', 1],
        ['Retrying…', 0],
      ]);
      // the button is gone: nobody can click it any more
      assert.throws(() => fake.clickButton({ messageId: sent.id, customId: 'retry' }), /shows no enabled component "retry"/);
    });
  });

  it('refuses malformed buttons with 50035 naming the field, as Discord does', async () => {
    await withWorld({}, async ({ client }) => {
      const channel = client.channels.cache.get(DEFAULT_IDS.general);
      assert.ok(channel?.isSendable());
      const button = (fields: Record<string, unknown>) => ({ type: 1, components: [{ type: 2, style: 1, label: 'Go', custom_id: 'go', ...fields }] });
      /** The dotted paths of the fields Discord's 50035 error names. */
      const refusedFields = async (components: unknown[]): Promise<string[]> => {
        const error = await channel.send({ content: 'x', components: components as never }).then(
          () => assert.fail('expected 50035'),
          (caught: unknown) => caught as { code: number; rawError: { errors: object } },
        );
        assert.equal(error.code, 50035);
        const paths: string[] = [];
        const walk = (node: object, path: string[]): void => {
          for (const [key, child] of Object.entries(node)) {
            if (key === '_errors') paths.push(path.join('.'));
            else walk(child as object, [...path, key]);
          }
        };
        walk(error.rawError.errors, []);
        return paths;
      };
      assert.deepEqual(await refusedFields([button({ custom_id: undefined })]), ['components.0.components.0.custom_id']);
      assert.deepEqual(await refusedFields([button({ label: 'L'.repeat(81) })]), ['components.0.components.0.label']);
      assert.deepEqual(await refusedFields([button({ custom_id: 'x'.repeat(101) })]), ['components.0.components.0.custom_id']);
      assert.deepEqual(await refusedFields(Array.from({ length: 6 }, (_, row) => button({ custom_id: `go-${row}` }))), ['components']);
      const twice = { type: 1, components: [button({}).components[0], button({}).components[0]] };
      assert.deepEqual(await refusedFields([twice]), ['components.0.components.1.custom_id']);
      const fine = await channel.send({ content: 'ok', components: [button({}) as never] });
      assert.equal(fine.components.length, 1);
    });
  });

  it('lets the first follow-up after a deferral replace the loading message, as Discord does', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const outcome = onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.deferReply();
        const first = await interaction.followUp('first follow-up');
        const second = await interaction.followUp('second follow-up');
        assert.notEqual(first.id, second.id);
      });
      const handle = fake.sendSlashCommand({ name: 'ask', options: { prompt: 'x' } });
      assert.equal(await outcome, undefined);
      assert.equal(handle.originalMessage() && latestVersion(handle.originalMessage()!).content, 'first follow-up');
      assert.deepEqual(handle.followUps().map((message) => latestVersion(message).content), ['second follow-up']);
    });
  });
});
