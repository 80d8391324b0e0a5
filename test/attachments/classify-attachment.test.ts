import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAttachment } from '../../src/attachments/classify-attachment.ts';
import { detectImageType } from '../../src/attachments/image-type.ts';
import { decodeUtf8Text, looksLikeTextFile } from '../../src/attachments/text-file.ts';
import { formatByteSize } from '../../src/attachments/byte-size.ts';

const limits = { maxTextFileBytes: 1000 };
const bytesOf = (...values: number[]): Uint8Array => Uint8Array.from(values);
const png = bytesOf(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
const jpeg = bytesOf(0xff, 0xd8, 0xff, 0xe0, 0, 16);
const gif = new TextEncoder().encode('GIF89a\u0001\u0000');
const webp = new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ');

test('GIVEN the first bytes of each image type THEN its media type, whatever the name says', () => {
  assert.equal(detectImageType(png), 'image/png');
  assert.equal(detectImageType(jpeg), 'image/jpeg');
  assert.equal(detectImageType(gif), 'image/gif');
  assert.equal(detectImageType(webp), 'image/webp');
  assert.equal(detectImageType(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WAVEfmt ')), undefined);
  assert.equal(detectImageType(bytesOf(0x89, 0x50)), undefined);
  assert.equal(detectImageType(new Uint8Array()), undefined);
  const reading = classifyAttachment({ name: 'notes.txt', contentType: 'text/plain', bytes: png }, limits);
  assert.equal(reading.kind, 'image');
  assert.equal(reading.kind === 'image' && reading.part.mediaType, 'image/png');
});

test('GIVEN text by content type or by a source-code extension THEN it is text; a PDF or an unknown extension is not', () => {
  assert.ok(looksLikeTextFile('data', 'text/csv; charset=utf-8'));
  assert.ok(looksLikeTextFile('x', 'application/json'));
  assert.ok(looksLikeTextFile('x', 'application/vnd.api+json'));
  assert.ok(looksLikeTextFile('main.rs'));
  assert.ok(looksLikeTextFile('App.TSX', 'application/octet-stream'));
  assert.ok(looksLikeTextFile('Dockerfile'));
  assert.ok(!looksLikeTextFile('report.pdf', 'application/pdf'));
  assert.ok(!looksLikeTextFile('archive.zip'));
  assert.ok(!looksLikeTextFile('noextension'));
});

test('GIVEN bytes THEN only valid UTF-8 without NUL decodes, and a byte-order mark is dropped', () => {
  assert.equal(decodeUtf8Text(new TextEncoder().encode('Привет 👋')), 'Привет 👋');
  assert.equal(decodeUtf8Text(bytesOf(0xef, 0xbb, 0xbf, 0x68, 0x69)), 'hi');
  assert.equal(decodeUtf8Text(bytesOf(0xc3, 0x28)), undefined);
  assert.equal(decodeUtf8Text(bytesOf(0x68, 0x00, 0x69)), undefined);
});

test('GIVEN a UTF-8 source file within the cap THEN a file-text part with its name', () => {
  const reading = classifyAttachment({ name: 'main.py', bytes: new TextEncoder().encode('print("hé")\n') }, limits);
  assert.deepEqual(reading, { kind: 'file-text', part: { type: 'file-text', name: 'main.py', text: 'print("hé")\n' } });
});

test('GIVEN a PDF, a text file over the cap, or Latin-1 text THEN a note naming the file and its size', () => {
  const pdf = classifyAttachment({ name: 'report.pdf', contentType: 'application/pdf', bytes: new Uint8Array(2_200_000) }, limits);
  assert.deepEqual(pdf, { kind: 'not-read', reason: 'not-text', part: { type: 'text', text: '[report.pdf, 2.1 MB, not read]' } });
  const big = classifyAttachment({ name: 'big.log', bytes: new Uint8Array(1001).fill(0x61) }, limits);
  assert.equal(big.kind === 'not-read' && big.reason, 'too-large');
  const latin1 = classifyAttachment({ name: 'old.txt', bytes: bytesOf(0x63, 0x61, 0x66, 0xe9) }, limits);
  assert.equal(latin1.kind === 'not-read' && latin1.reason, 'not-text');
});

test('GIVEN sizes THEN B, KB, MB as Discord shows them', () => {
  assert.equal(formatByteSize(512), '512 B');
  assert.equal(formatByteSize(14 * 1024), '14 KB');
  assert.equal(formatByteSize(1536), '1.5 KB');
  assert.equal(formatByteSize(2_200_000), '2.1 MB');
});
