/**
 * checkAccess: DMs by DIRECT_MESSAGES, admins never locked out, blocks over allows, non-empty
 * allow lists admitting only what they list, and a thread inheriting its channel and a channel
 * its category.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAccess, type AccessPlace, type AccessRuleTarget } from '../../src/answers/access-check.ts';

const guild = '1100000000000000100';
const category = '1100000000000000300';
const botChannel = '1100000000000000301';
const offTopic = '1100000000000000302';
const thread = '1200000000000000001';
const dmChannel = '1400000000000000001';
const members = '1300000000000000001';
const muted = '1300000000000000002';
const guests = '1300000000000000003';

/** A member of no special role, in #bot (in the category), no admin. */
function place(overrides: Partial<AccessPlace> = {}): AccessPlace {
  return { channelId: botChannel, parentIds: [category], roleIds: [], isDirectMessage: false, directMessagesOn: true, isAdmin: false, ...overrides };
}

const rule = (kind: AccessRuleTarget['kind'], targetId: string): AccessRuleTarget => ({ kind, targetId });

describe('checkAccess', () => {
  it('GIVEN no rules THEN anyone may, anywhere in the server', async () => {
    assert.deepEqual(checkAccess([], place()), { allowed: true });
    assert.deepEqual(checkAccess([], place({ channelId: thread, parentIds: [offTopic, category], roleIds: [guests] })), { allowed: true });
  });

  it('GIVEN a DM THEN DIRECT_MESSAGES decides and the server’s rules do not apply', async () => {
    const blockEverything = [rule('block-channel', dmChannel), rule('allow-role', members)];
    assert.deepEqual(checkAccess(blockEverything, place({ channelId: dmChannel, parentIds: [], isDirectMessage: true })), { allowed: true });
    assert.deepEqual(checkAccess([], place({ channelId: dmChannel, parentIds: [], isDirectMessage: true, directMessagesOn: false })), {
      allowed: false,
      reason: 'direct-messages-off',
    });
  });

  it('GIVEN a blocked role THEN a member holding it is refused, even in an allowed channel with an allowed role', async () => {
    const rules = [rule('block-role', muted), rule('allow-role', members), rule('allow-channel', botChannel)];
    assert.deepEqual(checkAccess(rules, place({ roleIds: [members, muted] })), { allowed: false, reason: 'blocked-role' });
    assert.deepEqual(checkAccess(rules, place({ roleIds: [members] })), { allowed: true });
  });

  it('GIVEN allowed roles THEN only members holding one of them may', async () => {
    const rules = [rule('allow-role', members), rule('allow-role', guests)];
    assert.deepEqual(checkAccess(rules, place({ roleIds: [] })), { allowed: false, reason: 'not-allowed-role' });
    assert.deepEqual(checkAccess(rules, place({ roleIds: [muted] })), { allowed: false, reason: 'not-allowed-role' });
    assert.deepEqual(checkAccess(rules, place({ roleIds: [muted, guests] })), { allowed: true });
  });

  it('GIVEN @everyone allowed (the server’s id) THEN a member matches it when the caller adds the server id to their roles', async () => {
    const rules = [rule('allow-role', guild)];
    assert.deepEqual(checkAccess(rules, place({ roleIds: [guild] })), { allowed: true });
    assert.deepEqual(checkAccess(rules, place({ roleIds: [] })), { allowed: false, reason: 'not-allowed-role' });
  });

  it('GIVEN a blocked channel THEN it and its threads are refused; other channels are not', async () => {
    const rules = [rule('block-channel', offTopic)];
    assert.deepEqual(checkAccess(rules, place({ channelId: offTopic })), { allowed: false, reason: 'blocked-channel' });
    assert.deepEqual(checkAccess(rules, place({ channelId: thread, parentIds: [offTopic, category] })), { allowed: false, reason: 'blocked-channel' });
    assert.deepEqual(checkAccess(rules, place()), { allowed: true });
  });

  it('GIVEN a blocked category THEN its channels and their threads are refused, even a channel allowed by name', async () => {
    const rules = [rule('block-channel', category), rule('allow-channel', botChannel)];
    assert.deepEqual(checkAccess(rules, place()), { allowed: false, reason: 'blocked-channel' });
    assert.deepEqual(checkAccess(rules, place({ channelId: thread, parentIds: [botChannel, category] })), { allowed: false, reason: 'blocked-channel' });
    assert.deepEqual(checkAccess(rules, place({ channelId: '1100000000000000999', parentIds: [] })), { allowed: false, reason: 'not-allowed-channel' }, 'outside the category, the allow list decides');
  });

  it('GIVEN allowed channels THEN only they, their threads, and the channels of an allowed category may', async () => {
    const rules = [rule('allow-channel', botChannel)];
    assert.deepEqual(checkAccess(rules, place()), { allowed: true });
    assert.deepEqual(checkAccess(rules, place({ channelId: thread, parentIds: [botChannel, category] })), { allowed: true }, 'a thread inherits its channel');
    assert.deepEqual(checkAccess(rules, place({ channelId: offTopic })), { allowed: false, reason: 'not-allowed-channel' });
    const byCategory = [rule('allow-channel', category)];
    assert.deepEqual(checkAccess(byCategory, place({ channelId: offTopic })), { allowed: true }, 'a channel inherits its category');
    assert.deepEqual(checkAccess(byCategory, place({ channelId: '1100000000000000999', parentIds: [] })), { allowed: false, reason: 'not-allowed-channel' });
  });

  it('GIVEN a blocked channel inside an allowed category THEN the block wins', async () => {
    const rules = [rule('allow-channel', category), rule('block-channel', offTopic)];
    assert.deepEqual(checkAccess(rules, place({ channelId: offTopic })), { allowed: false, reason: 'blocked-channel' });
    assert.deepEqual(checkAccess(rules, place()), { allowed: true });
  });

  it('GIVEN both allow lists THEN both must admit the person; a role reason is told before a channel reason', async () => {
    const rules = [rule('allow-role', members), rule('allow-channel', botChannel)];
    assert.deepEqual(checkAccess(rules, place({ roleIds: [members] })), { allowed: true });
    assert.deepEqual(checkAccess(rules, place({ roleIds: [members], channelId: offTopic })), { allowed: false, reason: 'not-allowed-channel' });
    assert.deepEqual(checkAccess(rules, place({ roleIds: [], channelId: offTopic })), { allowed: false, reason: 'not-allowed-role' });
    assert.deepEqual(checkAccess([rule('block-role', muted), rule('block-channel', offTopic)], place({ roleIds: [muted], channelId: offTopic })), {
      allowed: false,
      reason: 'blocked-role',
    });
  });

  it('GIVEN a Manage Server member THEN no rule refuses them: not a blocked role, a blocked channel nor allow lists that leave them out', async () => {
    const rules = [rule('block-role', muted), rule('block-channel', category), rule('allow-role', members), rule('allow-channel', offTopic)];
    assert.deepEqual(checkAccess(rules, place({ roleIds: [muted], isAdmin: true })), { allowed: true });
    assert.deepEqual(checkAccess(rules, place({ roleIds: [muted], isAdmin: false })), { allowed: false, reason: 'blocked-role' });
  });

  it('GIVEN the rules as the store lists them (with author and time) THEN they are read the same', async () => {
    const stored = [{ kind: 'block-role' as const, targetId: muted, setByUserId: '800000000000000001', at: 1 }];
    assert.deepEqual(checkAccess(stored, place({ roleIds: [muted] })), { allowed: false, reason: 'blocked-role' });
  });
});
