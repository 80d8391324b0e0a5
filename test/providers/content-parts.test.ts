import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAivvmFake, type AivvmFake } from '../fake-upstreams/aivvm.ts';
import type { ChatMessage } from '../../src/model/chat-message.ts';
import { collect, harness, withOpenAiAndH2o, type Harness } from './provider-harness.ts';

/**
 * A user turn with a text, a text file and an image (a PNG's first bytes), the image a view into
 * a larger buffer, as a slice of a fetched body is: only the view's bytes may be sent.
 */
const withAttachments: ChatMessage[] = [
  {
    role: 'user',
    content: [
      { type: 'text', text: 'What do these show?' },
      { type: 'file-text', name: 'notes.txt', text: 'Buy milk.' },
      { type: 'image', mediaType: 'image/png', data: new Uint8Array([0xff, 0xd8, 0x89, 0x50, 0x4e, 0x47, 0x00]).subarray(2, 6), name: 'cat.png' },
    ],
  },
];
const asText = 'What do these show?\n[file notes.txt]\nBuy milk.\n[end of notes.txt]\n[image cat.png, not shown]';

describe('GIVEN a message with a file and an image', () => {
  const fakes = withOpenAiAndH2o();
  let aivvm: AivvmFake;
  let aivvmSubject: Harness;
  before(async () => {
    aivvm = await startAivvmFake();
    aivvmSubject = harness({ PROVIDERS: 'aivvm', AIVVM_BASE_URL: aivvm.url });
  });
  after(async () => {
    await aivvmSubject.registry.close();
    await aivvm.stop();
  });

  it('THEN an OpenAI-compatible server receives content parts: the texts as text parts, the image as a data URL', async () => {
    fakes.openai.enqueue({ text: 'A list and a cat.' });
    const result = await collect(fakes.openaiSubject.registry, 'openai/m', { messages: withAttachments });
    assert.equal(result.error, undefined);
    assert.deepEqual(fakes.openai.chatMessages(), [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What do these show?' },
          { type: 'text', text: '[file notes.txt]\nBuy milk.\n[end of notes.txt]' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw==' } },
        ],
      },
    ]);
  });

  it('THEN h2o’s text-only prompt reads the file inlined and the image as a note', async () => {
    fakes.h2o.enqueue({ text: 'ok' });
    const start = fakes.h2o.requests.length;
    await collect(fakes.h2oSubject.registry, 'h2o/falcon-7b', { messages: withAttachments });
    const answer = fakes.h2o.requests.slice(start).find((request) => request.method === 'POST' && request.path.startsWith('/conversation/'));
    assert.equal((answer?.parsedBody as { inputs: string }).inputs, `user: ${asText}\nassistant:`);
  });

  it('THEN aivvm’s text-only body does too', async () => {
    aivvm.enqueue({ text: 'ok' });
    const start = aivvm.requests.length;
    await collect(aivvmSubject.registry, 'aivvm/gpt-4', { messages: [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }, ...withAttachments] });
    const body = aivvm.requests[start]?.parsedBody as { prompt: string; messages: unknown };
    assert.equal(body.prompt, 'Be brief.');
    assert.deepEqual(body.messages, [{ role: 'user', content: asText }]);
  });
});
