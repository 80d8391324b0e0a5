import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  DiscordAPIError,
  Events,
  StringSelectMenuBuilder,
  type Client,
  type StringSelectMenuInteraction,
  type TextChannel,
} from 'discord.js';
import { withWorld } from './client-harness.ts';
import { DEFAULT_IDS } from './seed.ts';
import { latestVersion } from './state.ts';

function general(client: Client): TextChannel {
  const channel = client.channels.cache.get(DEFAULT_IDS.general);
  assert.ok(channel?.type === ChannelType.GuildText);
  return channel;
}

const models = ['openai/gpt-4o', 'openai/gpt-4o-mini', 'ollama/llama3.2'];

function modelRow(fields: Partial<{ min: number; max: number }> = {}): ActionRowBuilder<StringSelectMenuBuilder> {
  const select = new StringSelectMenuBuilder()
    .setCustomId('model')
    .setPlaceholder('Another model')
    .addOptions(models.map((id) => ({ label: id, value: id })));
  if (fields.min !== undefined) select.setMinValues(fields.min);
  if (fields.max !== undefined) select.setMaxValues(fields.max);
  return new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(select);
}

/** The dotted paths of the fields a 50035 names. */
async function refusedFields(channel: TextChannel, components: unknown[]): Promise<string[]> {
  const error = await channel.send({ content: 'x', components: components as never }).then(
    () => assert.fail('expected 50035'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof DiscordAPIError && error.code === 50035, `expected 50035, got ${String(error)}`);
  const paths: string[] = [];
  const walk = (node: object, path: string[]): void => {
    for (const [key, child] of Object.entries(node)) {
      if (key === '_errors') paths.push(path.join('.'));
      else walk(child as object, [...path, key]);
    }
  };
  walk((error.rawError as { errors: object }).errors, []);
  return paths.sort();
}

describe('fake Discord string selects, with a real discord.js client', () => {
  it('lets a person pick from a select beside a Regenerate button, and dispatches component_type 3 with the values', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('regenerate').setLabel('Regenerate').setStyle(ButtonStyle.Secondary));
      const answer = await general(client).send({ content: 'An answer.', components: [buttons, modelRow()] });
      const picked = new Promise<StringSelectMenuInteraction>((resolve) => {
        client.on(Events.InteractionCreate, async (interaction) => {
          if (!interaction.isStringSelectMenu()) return;
          await interaction.deferUpdate();
          resolve(interaction);
        });
      });
      const handle = fake.selectOption({ messageId: answer.id, customId: 'model', values: ['ollama/llama3.2'] });
      const interaction = await picked;
      assert.equal(interaction.customId, 'model');
      assert.deepEqual(interaction.values, ['ollama/llama3.2']);
      assert.equal(interaction.message.id, answer.id);
      assert.deepEqual(handle.payload['data'], { custom_id: 'model', component_type: 3, values: ['ollama/llama3.2'] });
      await fake.waitForInteractionResponse(handle);
      assert.equal(handle.responses[0]?.type, 6);
    });
  });

  it('checks a choice against what the message shows now: known options, min and max values, a select and not a button', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('regenerate').setLabel('Regenerate').setStyle(ButtonStyle.Secondary));
      const answer = await general(client).send({ content: 'An answer.', components: [buttons, modelRow({ min: 1, max: 2 })] });
      assert.throws(() => fake.selectOption({ messageId: answer.id, customId: 'model', values: ['anthropic/claude'] }), /has no option "anthropic\/claude"/);
      assert.throws(() => fake.selectOption({ messageId: answer.id, customId: 'model', values: models }), /takes 1–2 values, not 3/);
      assert.throws(() => fake.selectOption({ messageId: answer.id, customId: 'model', values: [] }), /takes 1–2 values, not 0/);
      assert.throws(() => fake.selectOption({ messageId: answer.id, customId: 'regenerate', values: [] }), /not a string select/);
      assert.throws(() => fake.clickButton({ messageId: answer.id, customId: 'model' }), /not a button/);
      await answer.edit({ components: [buttons] });
      assert.throws(() => fake.selectOption({ messageId: answer.id, customId: 'model', values: ['openai/gpt-4o'] }), /shows no enabled component "model"/);
      assert.equal(fake.interactions().length, 0, 'nothing was dispatched');
    });
  });

  it('validates selects in messages as Discord does, naming each bad field', async () => {
    // many refused posts in a row: a roomier bucket keeps the test from waiting out Discord's 5 per 5 s
    const roomy = { buckets: [{ name: 'channel-message-create', routes: ['POST /channels/:channelId/messages'], limit: 50, windowMs: 5000 }] };
    await withWorld({ fake: { rateLimits: roomy } }, async ({ fake, client }) => {
      const channel = general(client);
      const select = (fields: Record<string, unknown>) => ({
        type: 1,
        components: [{ type: 3, custom_id: 'model', options: [{ label: 'GPT', value: 'gpt' }], ...fields }],
      });
      assert.deepEqual(await refusedFields(channel, [select({ custom_id: 'x'.repeat(101) })]), ['components.0.components.0.custom_id']);
      assert.deepEqual(await refusedFields(channel, [select({ options: [] })]), ['components.0.components.0.options']);
      const many = Array.from({ length: 26 }, (_, index) => ({ label: `m${index}`, value: `m${index}` }));
      assert.deepEqual(await refusedFields(channel, [select({ options: many })]), ['components.0.components.0.options']);
      assert.deepEqual(
        await refusedFields(channel, [select({ options: [{ label: 'L'.repeat(101), value: 'v'.repeat(101) }] })]),
        ['components.0.components.0.options.0.label', 'components.0.components.0.options.0.value'],
      );
      assert.deepEqual(await refusedFields(channel, [select({ placeholder: 'p'.repeat(151) })]), ['components.0.components.0.placeholder']);
      assert.deepEqual(await refusedFields(channel, [select({ max_values: 26 })]), ['components.0.components.0.max_values']);
      const withButton = { type: 1, components: [select({}).components[0], { type: 2, style: 1, label: 'Go', custom_id: 'go' }] };
      assert.deepEqual(await refusedFields(channel, [withButton]), ['components.0.components'], 'a select takes its row alone');
      const sameId = [select({}), { type: 1, components: [{ type: 2, style: 1, label: 'Go', custom_id: 'model' }] }];
      assert.deepEqual(await refusedFields(channel, sameId), ['components.1.components.0.custom_id']);
      const fine = await channel.send({ content: 'ok', components: [select({ placeholder: 'Pick a model', min_values: 1, max_values: 1 }) as never] });
      assert.equal(latestVersion(fake.message(fine.id)).components.length, 1);
    });
  });
});
