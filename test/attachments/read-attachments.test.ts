import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttachmentCache } from '../../src/attachments/attachment-cache.ts';
import { AttachmentReader, type AttachmentReaderOptions } from '../../src/attachments/read-attachments.ts';
import type { FetchResult } from '../../src/attachments/fetch-attachment.ts';
import type { MessageAttachment, ThreadMessage } from '../../src/conversation/thread-message.ts';

const png = (fill: number, size = 16): Uint8Array => {
  const bytes = new Uint8Array(size).fill(fill);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
};
const cdn = 'https://cdn.discordapp.com';
const files = new Map<string, Uint8Array>();
const file = (id: string, name: string, bytes: Uint8Array, contentType?: string): MessageAttachment => {
  files.set(`${cdn}/attachments/1/${id}/${name}`, bytes);
  return { id, name, byteSize: bytes.byteLength, url: `${cdn}/attachments/1/${id}/${name}`, ...(contentType === undefined ? {} : { contentType }) };
};
const message = (id: string, attachments: MessageAttachment[], isFromThisBot = false): ThreadMessage => ({
  id, authorId: isFromThisBot ? 'bot' : 'u', authorName: 'Ada', isFromThisBot, authorIsBot: isFromThisBot, content: '', createdAt: Number(id), attachments,
});

function reader(overrides: Partial<AttachmentReaderOptions> = {}) {
  const fetched: string[] = [];
  const fetchFile = async (url: string): Promise<FetchResult> => {
    fetched.push(url);
    const bytes = files.get(url);
    return bytes === undefined ? { ok: false, failure: 'failed' } : { ok: true, bytes };
  };
  const options: AttachmentReaderOptions = {
    fetch: { allowedOrigins: [cdn], maxBytes: 1000, timeoutMs: 1000 },
    maxMessageBytes: 1000, maxTextFileBytes: 100, historyMaxImages: 2, historyMaxBytes: 10_000,
    cache: new AttachmentCache(100_000), fetchFile, ...overrides,
  };
  return { reader: new AttachmentReader(options), fetched };
}

test('GIVEN an image, a text file and a PDF THEN an image part, the file text, and a note; the PDF is never fetched', async () => {
  const { reader: subject, fetched } = reader();
  const image = file('11', 'cat.png', png(1), 'image/png');
  const notes = file('12', 'notes.md', new TextEncoder().encode('# hi'));
  const pdf = file('13', 'report.pdf', new Uint8Array(500), 'application/pdf');
  const { parts, imagesNotShown } = await subject.readHistory([message('1', [image, notes, pdf])], true);
  assert.deepEqual(parts.get('1'), [
    { type: 'image', mediaType: 'image/png', data: png(1), name: 'cat.png' },
    { type: 'file-text', name: 'notes.md', text: '# hi' },
    { type: 'text', text: '[report.pdf, 500 B, not read]' },
  ]);
  assert.deepEqual(imagesNotShown, []);
  assert.deepEqual(fetched, [image.url, notes.url]);
});

test('GIVEN a model that cannot see images THEN images are notes, never fetched, and the newest turn says which', async () => {
  const { reader: subject, fetched } = reader();
  const old = file('21', 'old.png', png(2), 'image/png');
  const fresh = file('22', 'new.png', png(3), 'image/png');
  const history = [message('1', [old]), message('2', [], true), message('3', [fresh])];
  const { parts, imagesNotShown } = await subject.readHistory(history, false);
  assert.deepEqual(parts.get('3'), [{ type: 'text', text: '[image new.png, not shown]' }]);
  assert.deepEqual(parts.get('1'), [{ type: 'text', text: '[image old.png, not shown]' }]);
  assert.deepEqual(imagesNotShown, ['new.png'], 'only the images of the turn being answered');
  assert.deepEqual(fetched, []);
});

test('GIVEN more images than the history may hold THEN the newest are read and the oldest named', async () => {
  const { reader: subject } = reader();
  const images = ['31', '32', '33'].map((id, index) => file(id, `p${index}.png`, png(index)));
  const { parts } = await subject.readHistory(images.map((image, index) => message(String(index + 1), [image])), true);
  assert.deepEqual(parts.get('1'), [{ type: 'text', text: '[image p0.png, not shown]' }]);
  assert.equal(parts.get('2')?.[0]?.type, 'image');
  assert.equal(parts.get('3')?.[0]?.type, 'image');
});

test('GIVEN files past the message cap, the history budget or the text cap THEN they are named, not fetched', async () => {
  const { reader: subject, fetched } = reader({ maxMessageBytes: 40, historyMaxBytes: 60 });
  const first = file('41', 'a.txt', new TextEncoder().encode('x'.repeat(30)));
  const second = file('42', 'b.txt', new TextEncoder().encode('y'.repeat(30)));
  const older = file('43', 'c.txt', new TextEncoder().encode('z'.repeat(35)));
  const long = file('44', 'long.txt', new TextEncoder().encode('w'.repeat(101)));
  const { parts } = await subject.readHistory([message('1', [older]), message('2', [first, second, long])], true);
  assert.deepEqual(parts.get('2'), [
    { type: 'file-text', name: 'a.txt', text: 'x'.repeat(30) },
    { type: 'text', text: '[b.txt, 30 B, not read]' },
    { type: 'text', text: '[long.txt, 101 B, not read]' },
  ]);
  assert.deepEqual(parts.get('1'), [{ type: 'text', text: '[c.txt, 35 B, not read]' }], 'the history budget is spent newest first');
  assert.deepEqual(fetched, [first.url]);
});

test('GIVEN a file that cannot be fetched THEN a note names it and the rest is read', async () => {
  const { reader: subject } = reader();
  const missing: MessageAttachment = { id: '51', name: 'gone.png', byteSize: 10, url: `${cdn}/attachments/1/51/gone.png`, contentType: 'image/png' };
  const present = file('52', 'ok.txt', new TextEncoder().encode('ok'));
  const { parts } = await subject.readHistory([message('1', [missing, present])], true);
  assert.deepEqual(parts.get('1'), [{ type: 'text', text: '[gone.png, could not be fetched]' }, { type: 'file-text', name: 'ok.txt', text: 'ok' }]);
});

test('GIVEN the same history twice, and two turns at once THEN each file is fetched once', async () => {
  const { reader: subject, fetched } = reader();
  const image = file('61', 'cat.png', png(6));
  const history = [message('1', [image])];
  await Promise.all([subject.readHistory(history, true), subject.readHistory(history, true)]);
  await subject.readHistory(history, true);
  assert.deepEqual(fetched, [image.url]);
});

test('GIVEN a fetcher that throws THEN the file is named as not fetched and the history is still read', async () => {
  const { reader: subject } = reader({ fetchFile: async () => { throw new Error('socket hang up'); } });
  const broken = file('71', 'broken.txt', new TextEncoder().encode('x'));
  const { parts } = await subject.readHistory([message('1', [broken])], true);
  assert.deepEqual(parts.get('1'), [{ type: 'text', text: '[broken.txt, could not be fetched]' }]);
});
