import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, ComponentType, ModalSubmitInteraction, type APIModalInteractionResponseCallbackData } from 'discord.js';
import { parsePromptModalId, parsePromptSubmission, promptModal, promptModalId } from '../../src/discord/prompt-modal.ts';
import { english } from '../../src/i18n/english.ts';
import { russian } from '../../src/i18n/russian.ts';

const channelId = '123456789012345678';
// never logged in: it only gives the interaction structure its client
const client = new Client({ intents: [] });
after(() => client.destroy());

/** What Discord sends when the person submits `modal` with `values` (by custom id). */
function submission(modal: APIModalInteractionResponseCallbackData, values: Record<string, string>): ModalSubmitInteraction {
  const components = modal.components.flatMap((component, index) => {
    if (component.type !== ComponentType.Label) return [];
    const inner = component.component;
    if (!('custom_id' in inner) || values[inner.custom_id] === undefined) return [];
    return [{ type: ComponentType.Label, id: index * 2 + 1, component: { type: inner.type, id: index * 2 + 2, custom_id: inner.custom_id, value: values[inner.custom_id] } }];
  });
  const raw = {
    id: '500000000000000001',
    application_id: '500000000000000002',
    type: 5,
    token: 'interaction-token',
    version: 1,
    locale: 'en-US',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: { 0: '500000000000000005' },
    context: 0,
    guild_id: '500000000000000005',
    channel_id: channelId,
    channel: { id: channelId, type: 0 },
    member: { user: { id: '500000000000000003', username: 'ada', discriminator: '0', avatar: null, global_name: 'Ada' }, roles: [], permissions: '0', joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
    data: { custom_id: modal.custom_id, components },
  };
  // @ts-expect-error discord.js builds interactions from gateway payloads through a private constructor
  return new ModalSubmitInteraction(client, raw);
}

test('GIVEN a channel scope and its current prompt THEN the modal names the channel and is one required paragraph of 4000, pre-filled', () => {
  assert.deepEqual(promptModal({ scope: 'channel', channelId }, 'Be brief.', english).toJSON(), {
    custom_id: `cordial:prompt:channel:${channelId}`,
    title: 'System prompt of this channel',
    components: [
      {
        type: 18,
        label: 'What the model is told first',
        component: { type: 4, custom_id: 'prompt', style: 2, placeholder: english.prompt.fieldPlaceholder, required: true, max_length: 4000, value: 'Be brief.' },
      },
    ],
  });
});

test('GIVEN no current prompt THEN nothing is pre-filled; GIVEN one over 4000 THEN the value is cut to the field’s cap', () => {
  const value = (current: string | undefined) => {
    const field = promptModal({ scope: 'server' }, current, english).toJSON().components[0];
    return field?.type === ComponentType.Label && field.component.type === ComponentType.TextInput ? field.component.value : 'none';
  };
  assert.equal(value(undefined), undefined);
  assert.equal(value(''), undefined);
  assert.equal(value('x'.repeat(5000))?.length, 4000);
});

test('GIVEN either language THEN titles, labels and placeholders stay within Discord’s lengths', () => {
  for (const catalog of [english, russian]) {
    for (const scope of ['server', 'channel'] as const) assert.ok(catalog.prompt.modalTitle(scope).length <= 45, catalog.prompt.modalTitle(scope));
    assert.ok(catalog.prompt.fieldLabel.length <= 45);
    assert.ok(catalog.prompt.fieldPlaceholder.length <= 100);
  }
});

test('GIVEN a submission THEN the scope, the channel and the text as typed are read back', () => {
  const server = promptModal({ scope: 'server' }, undefined, russian).toJSON();
  assert.deepEqual(parsePromptSubmission(submission(server, { prompt: '  Ты пират.\n' })), { scope: 'server', prompt: '  Ты пират.\n' });
  const channel = promptModal({ scope: 'channel', channelId }, undefined, english).toJSON();
  assert.deepEqual(parsePromptSubmission(submission(channel, { prompt: 'Be brief.' })), { scope: 'channel', channelId, prompt: 'Be brief.' });
});

test('GIVEN a malformed submission THEN it is not read: no field, another modal, a channel that is no snowflake', () => {
  const server = promptModal({ scope: 'server' }, undefined, english).toJSON();
  assert.equal(parsePromptSubmission(submission(server, {})), undefined);
  assert.equal(parsePromptSubmission(submission({ ...server, custom_id: 'cordial:ask-about:123456789012345678' }, { prompt: 'x' })), undefined);
  assert.equal(parsePromptModalId('cordial:prompt:channel:general'), undefined);
  assert.equal(parsePromptModalId('cordial:prompt:channel:'), undefined);
  assert.equal(parsePromptModalId('cordial:prompt:guild'), undefined);
  assert.deepEqual(parsePromptModalId(promptModalId({ scope: 'channel', channelId })), { scope: 'channel', channelId });
});
