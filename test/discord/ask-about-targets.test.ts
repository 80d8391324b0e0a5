import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ASK_ABOUT_TARGET_TTL_MS, AskAboutTargets } from '../../src/discord/ask-about-targets.ts';
import type { ThreadMessage } from '../../src/conversation/thread-message.ts';

function message(id: string, content = `message ${id}`): ThreadMessage {
  return { id, authorId: '1100000000000000302', authorName: 'Ada', isFromThisBot: false, authorIsBot: false, content, createdAt: 0 };
}

const ada = '1100000000000000302';
const max = '1100000000000000303';

describe('AskAboutTargets', () => {
  it('GIVEN a remembered target THEN its person gets it once, and nobody else ever', () => {
    const targets = new AskAboutTargets();
    targets.remember(max, message('1200000000000000001'));
    assert.equal(targets.take(ada, '1200000000000000001'), undefined, 'another person’s modal');
    assert.equal(targets.take(max, '1200000000000000001')?.content, 'message 1200000000000000001');
    assert.equal(targets.take(max, '1200000000000000001'), undefined, 'a modal is submitted once');
  });

  it('GIVEN two people on the same message THEN each has their own copy', () => {
    const targets = new AskAboutTargets();
    targets.remember(max, message('1200000000000000001', 'as Max saw it'));
    targets.remember(ada, message('1200000000000000001', 'as Ada saw it'));
    assert.equal(targets.take(ada, '1200000000000000001')?.content, 'as Ada saw it');
    assert.equal(targets.take(max, '1200000000000000001')?.content, 'as Max saw it');
  });

  it('GIVEN 15 minutes passed THEN the target is gone; a second use of the command starts the time again', () => {
    let now = 1_000_000;
    const targets = new AskAboutTargets({ now: () => now });
    targets.remember(max, message('1200000000000000001'));
    now += ASK_ABOUT_TARGET_TTL_MS;
    assert.equal(targets.take(max, '1200000000000000001'), undefined);

    targets.remember(max, message('1200000000000000002', 'first'));
    now += ASK_ABOUT_TARGET_TTL_MS - 1;
    targets.remember(max, message('1200000000000000002', 'again'));
    now += 2;
    assert.equal(targets.take(max, '1200000000000000002')?.content, 'again');
  });

  it('GIVEN more targets than it keeps THEN the oldest go first, and expired ones leave when a new one comes', () => {
    let now = 0;
    const targets = new AskAboutTargets({ maxTargets: 2, ttlMs: 100, now: () => now });
    targets.remember(max, message('1200000000000000001'));
    targets.remember(max, message('1200000000000000002'));
    targets.remember(max, message('1200000000000000001', 'used again: now the newest'));
    targets.remember(max, message('1200000000000000003'));
    assert.equal(targets.size, 2);
    assert.equal(targets.take(max, '1200000000000000002'), undefined);
    assert.equal(targets.take(max, '1200000000000000001')?.content, 'used again: now the newest');

    now = 100;
    targets.remember(ada, message('1200000000000000004'));
    assert.equal(targets.size, 1, 'the expired one went');
    assert.equal(targets.take(ada, '1200000000000000004')?.id, '1200000000000000004');
  });
});
