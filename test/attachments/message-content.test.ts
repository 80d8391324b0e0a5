import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatMessage, ImagePart } from '../../src/model/chat-message.ts';
import { contentText } from '../../src/model/message-content.ts';
import { openAIContent } from '../../src/providers/openai/content.ts';
import { flattenConversation } from '../../src/providers/h2o/prompt.ts';

const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);
const image: ImagePart = { type: 'image', mediaType: 'image/png', data: bytes, name: 'cat.png' };
const message: ChatMessage = { role: 'user', content: [{ type: 'text', text: 'What is it?' }, image, { type: 'file-text', name: 'notes.md', text: '# Notes\n' }] };

test('GIVEN parts THEN text-only protocols read the text, the file between lines naming it, and the image as a note', () => {
  assert.equal(contentText(message.content), 'What is it?\n[image cat.png, not shown]\n[file notes.md]\n# Notes\n[end of notes.md]');
  assert.equal(flattenConversation([message]), `user: ${contentText(message.content)}\nassistant:`);
});

test('GIVEN a user message with an image THEN OpenAI gets a content array: text parts and the image as a data URL of its exact bytes', () => {
  assert.deepEqual(openAIContent(message), [
    { type: 'text', text: 'What is it?' },
    { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(bytes).toString('base64')}` } },
    { type: 'text', text: '[file notes.md]\n# Notes\n[end of notes.md]' },
  ]);
});

test('GIVEN content without images, or an image outside a user message THEN OpenAI gets one string', () => {
  assert.equal(openAIContent({ role: 'user', content: 'plain' }), 'plain');
  assert.equal(openAIContent({ role: 'user', content: [{ type: 'file-text', name: 'a.txt', text: 'x' }] }), '[file a.txt]\nx\n[end of a.txt]');
  assert.equal(openAIContent({ role: 'assistant', content: [image] }), '[image cat.png, not shown]');
});
