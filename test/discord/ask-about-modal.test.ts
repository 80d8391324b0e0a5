import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, ComponentType, ModalSubmitInteraction, type APIModalInteractionResponseCallbackData } from 'discord.js';
import { askAboutModal, isAskAboutModal, parseAskAboutSubmission } from '../../src/discord/ask-about-modal.ts';
import { english } from '../../src/i18n/english.ts';
import { russian } from '../../src/i18n/russian.ts';

const targetMessageId = '123456789012345678';
// never logged in: it only gives the interaction structure its client
const client = new Client({ intents: [] });
after(() => client.destroy());

/**
 * What Discord sends when the person submits `modal`: interaction type 5, each label with its
 * component's custom id and value (a text input's text, a checkbox's boolean).
 */
function submission(modal: APIModalInteractionResponseCallbackData, values: Record<string, string | boolean | undefined>): ModalSubmitInteraction {
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
    locale: 'ru',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: { 1: '500000000000000003' },
    context: 2,
    channel_id: '500000000000000004',
    channel: { id: '500000000000000004', type: 1 },
    user: { id: '500000000000000003', username: 'max', discriminator: '0', avatar: null, global_name: 'Max' },
    data: { custom_id: modal.custom_id, components },
  };
  // @ts-expect-error discord.js builds interactions from gateway payloads through a private constructor
  return new ModalSubmitInteraction(client, raw);
}

test('GIVEN a message THEN the modal carries its id and asks in labels: a required question and an unticked checkbox', () => {
  assert.deepEqual(askAboutModal(targetMessageId, english, 4000).toJSON(), {
    custom_id: 'cordial:ask-about:123456789012345678',
    title: 'Ask about this message',
    components: [
      {
        type: 18,
        label: 'Your question',
        component: { type: 4, custom_id: 'question', style: 2, placeholder: english.askAboutQuestionPlaceholder, required: true, max_length: 4000 },
      },
      { type: 18, label: 'Only I see the answer', component: { type: 23, custom_id: 'private', default: false } },
    ],
  });
});

test('GIVEN MAX_PROMPT_LENGTH THEN the question cannot be longer, nor longer than Discord’s 4000', () => {
  const maxLength = (limit: number) => {
    const question = askAboutModal(targetMessageId, english, limit).toJSON().components[0];
    return question?.type === ComponentType.Label && question.component.type === ComponentType.TextInput ? question.component.max_length : undefined;
  };
  assert.equal(maxLength(1500), 1500);
  assert.equal(maxLength(6000), 4000);
});

test('GIVEN a Russian asker THEN the modal speaks Russian within Discord’s lengths', () => {
  const modal = askAboutModal(targetMessageId, russian, 4000).toJSON();
  assert.equal(modal.title, 'Вопрос об этом сообщении');
  assert.deepEqual(modal.components.map((component) => (component.type === ComponentType.Label ? component.label : undefined)), ['Ваш вопрос', 'Ответ увижу только я']);
  assert.ok(modal.title.length <= 45);
});

test('GIVEN the modal submitted THEN the target, the trimmed question and the checkbox are read back', () => {
  const modal = askAboutModal(targetMessageId, russian, 4000).toJSON();
  assert.deepEqual(parseAskAboutSubmission(submission(modal, { question: '  Это правда?\n', private: true })), { targetMessageId, question: 'Это правда?', isPrivate: true });
  assert.deepEqual(parseAskAboutSubmission(submission(modal, { question: 'Summarize', private: false })), { targetMessageId, question: 'Summarize', isPrivate: false });
  // a client that sends no checkbox value leaves it at its default, unticked
  assert.deepEqual(parseAskAboutSubmission(submission(modal, { question: 'Summarize' })), { targetMessageId, question: 'Summarize', isPrivate: false });
});

test('GIVEN another modal or a malformed one THEN it is not read as an Ask Cordial submission', () => {
  const modal = askAboutModal(targetMessageId, english, 4000).toJSON();
  assert.equal(isAskAboutModal(modal.custom_id), true);
  assert.equal(isAskAboutModal('cordial:stop'), false);
  assert.equal(parseAskAboutSubmission(submission({ ...modal, custom_id: 'cordial:other:123456789012345678' }, { question: 'x' })), undefined);
  assert.equal(parseAskAboutSubmission(submission({ ...modal, custom_id: 'cordial:ask-about:not-an-id' }, { question: 'x' })), undefined);
  assert.equal(parseAskAboutSubmission(submission(modal, { private: true })), undefined, 'no question field');
});
