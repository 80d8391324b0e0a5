import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toSpeakerName } from '../../src/conversation/speaker-name.ts';

test('GIVEN display names THEN names OpenAI accepts', () => {
  assert.equal(toSpeakerName('Alice', '1'), 'Alice');
  assert.equal(toSpeakerName('dev_ops-42', '1'), 'dev_ops-42');
  assert.equal(toSpeakerName('  Zoë  the   Great! ', '1'), 'Zoe_the_Great');
  assert.equal(toSpeakerName('Алиса', '998877665544332211'), 'user_44332211');
  assert.equal(toSpeakerName('x'.repeat(100), '1'), 'x'.repeat(64));
  assert.equal(toSpeakerName('', ''), 'user');
});

test('property: every result matches ^[a-zA-Z0-9_-]{1,64}$', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.stringMatching(/^[0-9]{0,20}$/), (name, id) => {
      assert.match(toSpeakerName(name, id), /^[a-zA-Z0-9_-]{1,64}$/);
    }),
    { seed: 11, numRuns: 500 },
  );
});
