import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatMessage, ImagePart } from '../../src/model/chat-message.ts';
import { alternateRoles } from '../../src/conversation/alternate-roles.ts';
import { estimateMessageTokens, estimateTextTokens } from '../../src/conversation/budget.ts';
import { buildHistory } from '../../src/conversation/history.ts';
import { awaitsAnswer } from '../../src/conversation/awaits-answer.ts';
import { trimHistory, TRUNCATION_MARKER } from '../../src/conversation/trim.ts';
import type { ThreadMessage } from '../../src/conversation/thread-message.ts';

const image: ImagePart = { type: 'image', mediaType: 'image/png', data: Uint8Array.of(0x89, 0x50, 0x4e, 0x47), name: 'cat.png' };
const person = (id: string, authorName: string, content: string, extra: Partial<ThreadMessage> = {}): ThreadMessage => ({
  id, authorId: `u-${authorName}`, authorName, isFromThisBot: false, authorIsBot: false, content, createdAt: Number(id), ...extra,
});
const attachment = { id: '900', name: 'cat.png', byteSize: 4, url: 'https://cdn.discordapp.com/attachments/1/900/cat.png' };

test('GIVEN a message with an image and a file THEN its tokens are its text, the image estimate and the file inlined with its name', () => {
  const message: ChatMessage = { role: 'user', content: [{ type: 'text', text: 'look' }, image, { type: 'file-text', name: 'a.py', text: 'print(1)' }] };
  const fileTokens = estimateTextTokens('[file a.py]\nprint(1)\n[end of a.py]');
  assert.equal(estimateMessageTokens(message), 4 + estimateTextTokens('look') + 1000 + fileTokens);
  assert.equal(estimateMessageTokens(message, { imageTokens: 85 }), 4 + estimateTextTokens('look') + 85 + fileTokens);
});

test('GIVEN an image-only message in a thread THEN it is a user turn of the parts read from it, after the text of others', () => {
  const messages = [person('1', 'Ada', 'what is this?'), person('2', 'Ada', '', { attachments: [attachment] })];
  const history = buildHistory({ messages, attachmentParts: new Map([['2', [image]]]) });
  assert.deepEqual(history, [{ role: 'user', content: 'what is this?' }, { role: 'user', content: [image] }]);
  assert.ok(awaitsAnswer(messages), 'a message of a file alone awaits an answer');
});

test('GIVEN several speakers and an attachment THEN the speaker prefix is the first text part, the parts follow', () => {
  const messages = [person('1', 'Ada', 'hi'), person('2', 'Max', 'see', { attachments: [attachment] })];
  const history = buildHistory({ messages, attachmentParts: new Map([['2', [image]]]) });
  assert.deepEqual(history[1], { role: 'user', content: [{ type: 'text', text: 'Max: see' }, image] });
});

test('GIVEN an /ask prompt with an image THEN the first user turn is the prompt text and the image', () => {
  const history = buildHistory({ prompt: { authorId: 'u', authorName: 'Ada', content: 'describe', parts: [image] }, messages: [] });
  assert.deepEqual(history, [{ role: 'user', content: [{ type: 'text', text: 'describe' }, image] }]);
});

test('GIVEN two user turns in a row, one with an image THEN one turn: texts joined by a blank line, the image in its place', () => {
  const { messages } = alternateRoles([
    { role: 'user', content: 'first' },
    { role: 'user', content: [{ type: 'text', text: 'second' }, image] },
    { role: 'user', content: 'third' },
  ]);
  assert.deepEqual(messages, [{ role: 'user', content: [{ type: 'text', text: 'first\n\nsecond' }, image, { type: 'text', text: '\n\nthird' }] }]);
});

test('GIVEN an image turn too old for the budget THEN it goes like any turn; a newest turn too big keeps its text end, the image as a note', () => {
  const system: ChatMessage = { role: 'system', content: 'S' };
  const old: ChatMessage = { role: 'user', content: [{ type: 'text', text: 'old' }, image] };
  const kept = trimHistory([system, old, { role: 'assistant', content: 'a' }, { role: 'user', content: 'new' }], 100);
  assert.deepEqual(kept.dropped, [old]);
  const huge: ChatMessage = { role: 'user', content: [image, { type: 'text', text: 'word '.repeat(500) + 'question?' }] };
  const trimmed = trimHistory([system, huge], 200).messages.at(-1)!;
  assert.equal(typeof trimmed.content, 'string');
  assert.ok((trimmed.content as string).startsWith(TRUNCATION_MARKER) && (trimmed.content as string).endsWith('question?'));
});
