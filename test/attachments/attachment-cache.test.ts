import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttachmentCache } from '../../src/attachments/attachment-cache.ts';
import type { AttachmentReading } from '../../src/attachments/classify-attachment.ts';

const image = (bytes: number): AttachmentReading => ({ kind: 'image', part: { type: 'image', mediaType: 'image/png', data: new Uint8Array(bytes), name: 'a.png' } });

test('GIVEN readings past the bound (each counted with 200 bytes of overhead) THEN the least recently used go first and the bytes held never pass it', () => {
  const cache = new AttachmentCache(3700);
  cache.set('1', image(1000));
  cache.set('2', image(1000));
  cache.set('3', image(1000));
  assert.ok(cache.get('1'), 'using 1 makes 2 the oldest');
  cache.set('4', image(1000));
  assert.equal(cache.get('2'), undefined);
  assert.ok(cache.get('1') && cache.get('3') && cache.get('4'));
  assert.ok(cache.bytes <= cache.maxBytes);
  assert.equal(cache.size, 3);
});

test('GIVEN a reading bigger than the whole bound THEN it is not kept and nothing is evicted for it', () => {
  const cache = new AttachmentCache(2000);
  cache.set('1', image(1000));
  cache.set('big', image(5000));
  assert.equal(cache.get('big'), undefined);
  assert.ok(cache.get('1'));
});
