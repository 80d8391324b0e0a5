import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  CheckboxBuilder,
  DiscordAPIError,
  Events,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  Routes,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Client,
  type Interaction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { withWorld } from './client-harness.ts';
import { CallbackKind, InteractionKind } from './constants.ts';
import type { FakeInteraction } from './interaction.ts';
import { DEFAULT_IDS } from './seed.ts';
import { latestVersion } from './state.ts';

/** The modal the bot will ask with: a question, a "private" checkbox and a model select, in Labels. */
function askModal(): ModalBuilder {
  return new ModalBuilder()
    .setCustomId('ask-modal')
    .setTitle('Ask Cordial')
    .addLabelComponents(
      new LabelBuilder()
        .setLabel('Your question')
        .setDescription('About the message you picked')
        .setTextInputComponent(new TextInputBuilder().setCustomId('question').setStyle(TextInputStyle.Paragraph).setMaxLength(4000)),
      new LabelBuilder().setLabel('Only you see the answer').setCheckboxComponent(new CheckboxBuilder().setCustomId('private')),
      new LabelBuilder()
        .setLabel('Model')
        .setStringSelectMenuComponent(
          new StringSelectMenuBuilder()
            .setCustomId('model')
            .setRequired(false)
            .addOptions({ label: 'GPT-4o', value: 'openai/gpt-4o', default: true }, { label: 'Llama', value: 'ollama/llama3.2' }),
        ),
    );
}

/** Runs `handler` for every interaction; resolves with the modal submit it saw, or rejects with its failure. */
function onInteractions(client: Client, handler: (interaction: Interaction) => Promise<void>): Promise<ModalSubmitInteraction> {
  return new Promise((resolve, reject) => {
    client.on(Events.InteractionCreate, (interaction) => {
      handler(interaction).then(() => interaction.isModalSubmit() && resolve(interaction), reject);
    });
  });
}

/** The 50035 field paths of a refused modal callback, sent around discord.js's own checks. */
async function refusedModal(client: Client, handle: FakeInteraction, data: unknown): Promise<string[]> {
  const error = await client.rest.post(Routes.interactionCallback(handle.id, handle.token), { body: { type: CallbackKind.Modal, data }, auth: false }).then(
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

describe('fake Discord modals, with a real discord.js client', () => {
  it('opens a Label modal from a message command and submits it in Discord’s shape, which discord.js reads', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const target = fake.sendMessage({ channelId: DEFAULT_IDS.general, content: 'Pluto is a planet.' });
      const submitted = onInteractions(client, async (interaction) => {
        if (interaction.isMessageContextMenuCommand()) await interaction.showModal(askModal());
        if (interaction.isModalSubmit()) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      });
      const opener = fake.sendMessageCommand({ name: 'Ask Cordial', targetMessageId: target.id });
      await fake.waitForInteractionResponse(opener);
      assert.equal(opener.responses[0]?.type, CallbackKind.Modal);
      assert.equal(opener.modal?.customId, 'ask-modal');
      assert.equal(opener.modal?.title, 'Ask Cordial');
      assert.deepEqual(opener.modal?.fields.map((field) => [field.customId, field.type, field.containerId, field.id]), [
        ['question', 4, 1, 2],
        ['private', 23, 3, 4],
        ['model', 3, 5, 6],
      ]);

      const submission = fake.submitModal({ from: opener, values: { question: 'Is it, though?', private: true } });
      const interaction = await submitted;
      assert.equal(interaction.customId, 'ask-modal');
      assert.equal(interaction.fields.getTextInputValue('question'), 'Is it, though?');
      assert.equal(interaction.fields.getCheckbox('private'), true);
      assert.deepEqual(interaction.fields.getStringSelectValues('model'), ['openai/gpt-4o'], 'the default option, left as it was');
      assert.equal(submission.type, InteractionKind.ModalSubmit);
      assert.deepEqual(submission.payload['data'], {
        custom_id: 'ask-modal',
        components: [
          { type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'question', value: 'Is it, though?' } },
          { type: 18, id: 3, component: { type: 23, id: 4, custom_id: 'private', value: true } },
          { type: 18, id: 5, component: { type: 3, id: 6, custom_id: 'model', values: ['openai/gpt-4o'] } },
        ],
      });
      assert.notEqual(submission.token, opener.token);
      assert.equal(submission.channelId, DEFAULT_IDS.general);
      assert.equal(submission.respondBy, submission.dispatchedAt + 3000);
      assert.equal(fake.interaction(opener).modalSubmissionId, submission.id);
      await fake.waitForInteractionResponse(submission);
      assert.equal(submission.ephemeral, true);
      assert.throws(() => fake.submitModal({ from: opener, values: { question: 'again' } }), /already submitted/);
    });
  });

  it('submits the classic form, an action row holding one text input, as { type: 1, components: [{ type: 4, … }] }', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const submitted = onInteractions(client, async (interaction) => {
        if (interaction.isChatInputCommand()) {
          const input = new TextInputBuilder().setCustomId('prompt').setLabel('Prompt').setStyle(TextInputStyle.Short).setValue('pre-filled');
          await interaction.showModal(new ModalBuilder().setCustomId('classic').setTitle('Classic').addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input)));
        }
        if (interaction.isModalSubmit()) await interaction.reply('thanks');
      });
      const opener = fake.sendSlashCommand({ name: 'ask' });
      await fake.waitForInteractionResponse(opener);
      const submission = fake.submitModal({ from: opener });
      const interaction = await submitted;
      assert.equal(interaction.fields.getTextInputValue('prompt'), 'pre-filled', 'left as pre-filled');
      assert.deepEqual((submission.payload['data'] as { components: unknown }).components, [
        { type: 1, id: 1, components: [{ type: 4, id: 2, custom_id: 'prompt', value: 'pre-filled' }] },
      ]);
      await fake.waitForInteractionResponse(submission);
      assert.equal(latestVersion(submission.originalMessage()!).content, 'thanks');
    });
  });

  it('validates a modal as Discord does, naming each bad field', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const opened = new Promise<void>((resolve) => {
        client.on(Events.InteractionCreate, (interaction) => interaction.isChatInputCommand() && resolve());
      });
      const handle = fake.sendSlashCommand({ name: 'ask' });
      await opened;
      const input = { type: 4, custom_id: 'q', style: 1 };
      const label = (component: unknown, fields: Record<string, unknown> = {}) => ({ type: 18, label: 'Question', component, ...fields });
      const modal = (fields: Record<string, unknown>) => ({ custom_id: 'm', title: 'Ask', components: [label(input)], ...fields });
      assert.deepEqual(await refusedModal(client, handle, modal({ title: 'T'.repeat(46), custom_id: 'c'.repeat(101) })), ['data.custom_id', 'data.title']);
      assert.deepEqual(await refusedModal(client, handle, modal({ components: [] })), ['data.components']);
      const six = Array.from({ length: 6 }, (_, index) => label({ ...input, custom_id: `q${index}` }));
      assert.deepEqual(await refusedModal(client, handle, modal({ components: six })), ['data.components']);
      assert.deepEqual(await refusedModal(client, handle, modal({ components: [label(input, { label: 'L'.repeat(46), description: 'd'.repeat(101) })] })), [
        'data.components.0.description',
        'data.components.0.label',
      ]);
      assert.deepEqual(await refusedModal(client, handle, modal({ components: [label({ ...input, style: 3, max_length: 4001, placeholder: 'p'.repeat(101) })] })), [
        'data.components.0.component.max_length',
        'data.components.0.component.placeholder',
        'data.components.0.component.style',
      ]);
      const select = { type: 3, custom_id: 's', options: [{ label: 'A', value: 'a' }], disabled: false };
      assert.deepEqual(await refusedModal(client, handle, modal({ components: [label(select)] })), ['data.components.0.component.disabled']);
      assert.deepEqual(await refusedModal(client, handle, modal({ components: [label(input), label(input)] })), ['data.components.1.component.custom_id']);
      const twoInARow = { type: 1, components: [{ ...input, label: 'A' }, { ...input, custom_id: 'r', label: 'B' }] };
      assert.deepEqual(await refusedModal(client, handle, modal({ components: [twoInARow] })), ['data.components.0.components']);
      assert.equal(fake.interaction(handle).acknowledged, false, 'a refused modal is no response');
      await client.rest.post(Routes.interactionCallback(handle.id, handle.token), { body: { type: CallbackKind.Modal, data: modal({}) }, auth: false });
      assert.equal(fake.interaction(handle).modal?.customId, 'm');
    });
  });

  it('lets a modal answer only a command or a component, first; a modal from a button may update its message', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const modal = new ModalBuilder()
        .setCustomId('again')
        .setTitle('Again')
        .addLabelComponents(new LabelBuilder().setLabel('Why').setTextInputComponent(new TextInputBuilder().setCustomId('why').setStyle(TextInputStyle.Short).setRequired(false)));
      // discord.js guards against these itself, so go around it to hit the API
      const rawModal = (interaction: Interaction): Promise<unknown> =>
        client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 9, data: modal.toJSON() }, auth: false }).then(
          () => null,
          (error: unknown) => error,
        );
      let afterDeferral: (error: unknown) => void = () => {};
      const modalAfterDeferral = new Promise<unknown>((resolve) => (afterDeferral = resolve));
      let onSubmit: (error: unknown) => void = () => {};
      const modalOnSubmit = new Promise<unknown>((resolve) => (onSubmit = resolve));
      const updated = onInteractions(client, async (interaction) => {
        if (interaction.isChatInputCommand()) {
          await interaction.deferReply();
          afterDeferral(await rawModal(interaction));
        }
        if (interaction.isButton()) await interaction.showModal(modal);
        if (interaction.isModalSubmit()) {
          onSubmit(await rawModal(interaction));
          if (interaction.isFromMessage()) await interaction.update({ content: 'Regenerated.', components: [] });
        }
      });
      const deferred = fake.sendSlashCommand({ name: 'ask' });
      assert.equal(((await modalAfterDeferral) as DiscordAPIError).code, 40060, 'a modal only as the first response');
      assert.equal(deferred.modal, null);

      const channel = client.channels.cache.get(DEFAULT_IDS.general);
      assert.ok(channel?.isSendable());
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('regenerate').setLabel('Regenerate').setStyle(ButtonStyle.Secondary));
      const answer = await channel.send({ content: 'An answer.', components: [row] });
      const click = fake.clickButton({ messageId: answer.id, customId: 'regenerate' });
      await fake.waitForInteractionResponse(click);
      const submission = fake.submitModal({ from: click, values: { why: 'too short' } });
      assert.equal((submission.payload['message'] as { id: string }).id, answer.id, 'a modal from a component carries its message');
      const refused = (await modalOnSubmit) as DiscordAPIError;
      assert.equal(refused.code, 50035, 'a modal cannot answer a modal submit');
      await updated;
      assert.equal(latestVersion(fake.message(answer.id)).content, 'Regenerated.');
      assert.equal(submission.responses[0]?.type, CallbackKind.UpdateMessage);
    });
  });

  it('refuses updating a message from a modal a command opened (there is no message)', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const refused = new Promise<unknown>((resolve) => {
        client.on(Events.InteractionCreate, async (interaction) => {
          if (interaction.isChatInputCommand()) await interaction.showModal(askModal());
          if (interaction.isModalSubmit()) {
            resolve(await client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 7, data: { content: 'x' } }, auth: false }).catch((error: unknown) => error));
          }
        });
      });
      const opener = fake.sendSlashCommand({ name: 'ask' });
      await fake.waitForInteractionResponse(opener);
      fake.submitModal({ from: opener, values: { question: 'q' } });
      assert.equal(((await refused) as DiscordAPIError).code, 50035);
    });
  });

  it('refuses a submission the client would not send', async () => {
    await withWorld({}, async ({ fake, client }) => {
      client.on(Events.InteractionCreate, async (interaction) => {
        if (interaction.isChatInputCommand()) await interaction.showModal(askModal());
        if (interaction.isModalSubmit()) await interaction.reply('ok');
      });
      const opener = fake.sendSlashCommand({ name: 'ask' });
      await fake.waitForInteractionResponse(opener);
      assert.throws(() => fake.submitModal({ from: opener, values: {} }), /"question" is required/);
      assert.throws(() => fake.submitModal({ from: opener, values: { question: 'q', colour: 'red' } }), /no field "colour"/);
      assert.throws(() => fake.submitModal({ from: opener, values: { question: 'q', model: ['anthropic/claude'] } }), /no option "anthropic\/claude"/);
      assert.throws(() => fake.submitModal({ from: opener, values: { question: 'q', private: 'yes' } }), /takes true or false/);
      assert.throws(() => fake.submitModal({ from: opener, values: { question: 'q'.repeat(4001) } }), /takes 0–4000 characters/);
      const plain = fake.sendSlashCommand({ name: 'other' });
      assert.throws(() => fake.submitModal({ from: plain }), /did not answer that interaction with a modal/);
      const emptied = fake.submitModal({ from: opener, values: { question: 'q', model: [] } });
      assert.deepEqual(
        (emptied.payload['data'] as { components: Array<{ component: { values?: string[] } }> }).components[2]?.component.values,
        [],
        'a select that is not required may be emptied',
      );
      await fake.waitForInteractionResponse(emptied);
    });
  });
});
