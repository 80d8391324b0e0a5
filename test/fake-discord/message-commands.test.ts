import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ContextMenuCommandBuilder,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  InteractionContextType,
  MessageType,
  Partials,
  Routes,
  SlashCommandBuilder,
  type Client,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import { withWorld } from './client-harness.ts';
import { MessageKind } from './constants.ts';
import { DEFAULT_IDS } from './seed.ts';

const askCordial = new ContextMenuCommandBuilder()
  .setName('Ask Cordial')
  .setType(ApplicationCommandType.Message)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel);
const ask = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a model')
  .addStringOption((option) => option.setName('prompt').setDescription('What to ask').setRequired(true));

/** The 50035 field paths and codes of a refused registration. */
async function refusedRegistration(client: Client, commands: unknown[]): Promise<Array<[string, string]>> {
  const error = await client.rest.put(Routes.applicationCommands(DEFAULT_IDS.application), { body: commands }).then(
    () => assert.fail('expected 50035'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof DiscordAPIError && error.code === 50035, `expected 50035, got ${String(error)}`);
  const found: Array<[string, string]> = [];
  const walk = (node: Record<string, unknown>, path: string[]): void => {
    for (const [key, child] of Object.entries(node)) {
      if (key === '_errors') for (const entry of child as Array<{ code: string }>) found.push([path.join('.'), entry.code]);
      else walk(child as Record<string, unknown>, [...path, key]);
    }
  };
  walk((error.rawError as { errors: Record<string, unknown> }).errors, []);
  return found;
}

describe('fake Discord message commands, with a real discord.js client', () => {
  it('registers a message command beside a slash command, each with an id, its integration types and contexts', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const registered = await client.application.commands.set([ask.toJSON(), askCordial.toJSON()]);
      assert.equal(registered.size, 2);
      const listed = (await client.rest.get(Routes.applicationCommands(DEFAULT_IDS.application))) as Array<Record<string, unknown>>;
      assert.deepEqual(
        listed.map((command) => [command['name'], command['type'], command['description'], command['integration_types'], command['contexts']]),
        [
          ['ask', 1, 'Ask a model', [0, 1], null],
          ['Ask Cordial', 3, '', [0, 1], [0, 1, 2]],
        ],
      );
      const ids = listed.map((command) => String(command['id']));
      assert.ok(ids.every((id) => /^\d{17,19}$/.test(id)) && new Set(ids).size === 2, 'each has its own snowflake');
      // a second overwrite keeps the ids (same name and type), so `</ask:id>` mentions stay valid
      await client.application.commands.set([ask.toJSON(), askCordial.toJSON()]);
      assert.deepEqual(fake.commands().map((command) => command.id), ids);
      const one = (await client.rest.get(Routes.applicationCommand(DEFAULT_IDS.application, ids[1] ?? ''))) as { name: string };
      assert.equal(one.name, 'Ask Cordial');

      await client.application.commands.set([askCordial.toJSON()], DEFAULT_IDS.guild);
      const guildListed = (await client.rest.get(Routes.applicationGuildCommands(DEFAULT_IDS.application, DEFAULT_IDS.guild))) as Array<{ id: string; guild_id: string }>;
      assert.equal(guildListed[0]?.guild_id, DEFAULT_IDS.guild);
      assert.match(guildListed[0]?.id ?? '', /^\d{17,19}$/);

      const post = () =>
        fetch(`${fake.restUrl}/v10${Routes.applicationCommands(DEFAULT_IDS.application)}`, {
          method: 'POST',
          headers: { Authorization: `Bot ${fake.botToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Summarize', type: 3 }),
        });
      assert.deepEqual([(await post()).status, (await post()).status], [201, 200], '201 for a new command, 200 when it replaced one');
    });
  });

  it('refuses a context menu command with a description or options, a bad name, or unknown integration types (50035)', async () => {
    await withWorld({}, async ({ client }) => {
      assert.deepEqual(await refusedRegistration(client, [{ name: 'Ask Cordial', type: 3, description: 'Ask about it' }]), [
        ['0.description', 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION_INVALID'],
      ]);
      assert.deepEqual(await refusedRegistration(client, [{ name: 'Ask Cordial', type: 3, options: [{ type: 3, name: 'x', description: 'x' }] }]), [
        ['0.options', 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS_INVALID'],
      ]);
      assert.deepEqual(await refusedRegistration(client, [{ name: 'A'.repeat(33), type: 3 }]), [['0.name', 'BASE_TYPE_BAD_LENGTH']]);
      assert.deepEqual(await refusedRegistration(client, [{ name: 'Ask Cordial', type: 1, description: 'capitals and spaces are for context menus' }]), [
        ['0.name', 'APPLICATION_COMMAND_INVALID_NAME'],
      ]);
      assert.deepEqual(await refusedRegistration(client, [{ name: 'Ask Cordial', type: 3, integration_types: [0, 2], contexts: [3] }]), [
        ['0.integration_types.1', 'BASE_TYPE_CHOICES'],
        ['0.contexts.0', 'BASE_TYPE_CHOICES'],
      ]);
      // an empty description is let through, as Discord does
      await client.application.commands.set([{ name: 'Ask Cordial', type: ApplicationCommandType.Message, description: '' } as never]);
    });
  });

  it('sends the target message with its content even without the Message Content intent, and the reply is type 23', async () => {
    await withWorld(
      {
        fake: { messageContentIntent: false },
        client: { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages], partials: [Partials.Channel] },
      },
      async ({ fake, client }) => {
        const [command] = (await client.application.commands.set([askCordial.toJSON()])).values();
        const target = fake.sendMessage({ channelId: DEFAULT_IDS.general, content: 'Is a hot dog a sandwich?', author: DEFAULT_IDS.admin });
        const received = new Promise<MessageContextMenuCommandInteraction>((resolve) => {
          client.on(Events.InteractionCreate, async (interaction) => {
            if (!interaction.isMessageContextMenuCommand()) return;
            await interaction.reply({ content: 'Only on Tuesdays.' });
            resolve(interaction);
          });
        });
        const handle = fake.sendMessageCommand({ name: 'Ask Cordial', targetMessageId: target.id });
        const interaction = await received;
        assert.equal(interaction.commandName, 'Ask Cordial');
        assert.equal(interaction.commandId, command?.id);
        assert.equal(interaction.targetId, target.id);
        assert.equal(interaction.targetMessage.content, 'Is a hot dog a sandwich?');
        assert.equal(interaction.targetMessage.author.id, DEFAULT_IDS.admin);
        const data = handle.payload['data'] as { type: number; target_id: string; resolved: { messages: Record<string, { content: string }> } };
        assert.equal(data.type, 3);
        assert.equal(data.resolved.messages[target.id]?.content, 'Is a hot dog a sandwich?');
        await fake.waitForInteractionResponse(handle);
        const reply = handle.originalMessage();
        assert.equal(reply?.type, MessageKind.ContextMenuCommand);
        const fetched = await interaction.fetchReply();
        assert.equal(fetched.type, MessageType.ContextMenuCommand);
        // the ordinary history is still blanked
        const history = await interaction.channel?.messages.fetch({ limit: 5 });
        assert.equal(history?.get(target.id)?.content, '');
      },
    );
  });

  it('offers a command only where its contexts allow', async () => {
    await withWorld({}, async ({ fake, client }) => {
      await client.application.commands.set([new ContextMenuCommandBuilder().setName('Ask Cordial').setType(ApplicationCommandType.Message).setContexts(InteractionContextType.Guild).toJSON()]);
      const dm = fake.dmChannel(DEFAULT_IDS.member);
      const target = fake.sendMessage({ channelId: dm.id, content: 'hello' });
      assert.throws(() => fake.sendMessageCommand({ name: 'Ask Cordial', targetMessageId: target.id }), /not available in context 1/);
    });
  });
});
