/**
 * The access gate's reading of Discord: what contains a channel, a member's roles with
 * @everyone, which interactions are gated, and the place it builds for an interaction and a
 * message (admins, a server with no rules, DMs, a server the bot is not in).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Interaction, Message } from 'discord.js';
import { addressesBot, containerIds, interactionAccess, isGatedInteraction, messageAccess, roleIdsOf } from '../../src/discord/access-gate.ts';
import { STOP_BUTTON_ID, REGENERATE_BUTTON_ID } from '../../src/discord/answer-controls.ts';
import type { AccessRuleKind } from '../../src/store/index.ts';

const guild = '1100000000000000100';
const category = '1100000000000000300';
const channel = '1100000000000000301';
const thread = '1200000000000000001';
const bot = '1100000000000000001';
const muted = '1300000000000000002';
const manageGuild = 1n << 5n;

const channels = new Map<string, object>([
  [category, { id: category, parentId: null }],
  [channel, { id: channel, parentId: category }],
  [thread, { id: thread, parentId: channel }],
]);
const lookup = (id: string) => channels.get(id);

/** A gate context whose store holds `rules` for the server. */
function gateContext(rules: Array<[AccessRuleKind, string]>) {
  const quiet = () => undefined;
  return {
    store: { listAccessRules: (id: string) => (id === guild ? rules.map(([kind, targetId]) => ({ kind, targetId, setByUserId: '1', at: 0 })) : []) },
    logger: { info: quiet, error: quiet, warn: quiet, debug: quiet },
    client: { channels: { cache: { get: lookup } } },
    botUserId: bot,
  } as unknown as Parameters<typeof interactionAccess>[1];
}

/** A slash command, button or the like, as the gate reads it. */
function interaction(fields: { kind?: 'command' | 'button' | 'autocomplete'; name?: string; customId?: string; guildId?: string | null; channelId?: string; roles?: string[]; permissions?: bigint; cached?: boolean }): Interaction {
  const kind = fields.kind ?? 'command';
  const guildId = fields.guildId === undefined ? guild : fields.guildId;
  const channelId = fields.channelId ?? channel;
  const roles = fields.roles ?? [];
  const member = guildId === null ? null : fields.cached === false ? { roles } : { roles: { cache: new Map([[guildId, {}], ...roles.map((id) => [id, {}] as const)]) } };
  return {
    isAutocomplete: () => kind === 'autocomplete',
    isButton: () => kind === 'button',
    isChatInputCommand: () => kind === 'command',
    commandName: fields.name ?? 'ask',
    customId: fields.customId,
    guildId,
    channelId,
    channel: fields.cached === false ? null : (channels.get(channelId) ?? { id: channelId }),
    member,
    memberPermissions: guildId === null ? null : { has: (bit: bigint) => ((fields.permissions ?? 0n) & bit) === bit },
  } as unknown as Interaction;
}

describe('containerIds', () => {
  it('GIVEN a thread THEN its channel, then that channel’s category; a channel its category; a category nothing', async () => {
    assert.deepEqual(containerIds(channels.get(thread)!, lookup), [channel, category]);
    assert.deepEqual(containerIds(channels.get(channel)!, lookup), [category]);
    assert.deepEqual(containerIds(channels.get(category)!, lookup), []);
  });

  it('GIVEN a DM channel (no parentId), no channel, or a parent the cache lacks THEN what is known', async () => {
    assert.deepEqual(containerIds({ id: '1400000000000000001', recipientId: '1' }, lookup), []);
    assert.deepEqual(containerIds(null, lookup), []);
    assert.deepEqual(containerIds({ id: thread, parentId: '1100000000000000999' }, lookup), ['1100000000000000999']);
  });
});

describe('roleIdsOf', () => {
  it('GIVEN a cached member THEN its roles (with @everyone, once); a raw one THEN its ids and @everyone; no member THEN @everyone', async () => {
    const cached = { roles: { cache: new Map([[guild, {}], [muted, {}]]) } } as unknown as Parameters<typeof roleIdsOf>[0];
    assert.deepEqual(roleIdsOf(cached, guild), [guild, muted]);
    assert.deepEqual(roleIdsOf({ roles: [muted] } as unknown as Parameters<typeof roleIdsOf>[0], guild), [guild, muted]);
    assert.deepEqual(roleIdsOf(null, guild), [guild]);
  });
});

describe('isGatedInteraction', () => {
  it('GIVEN answering interactions and buttons THEN gated; Stop, /help and autocomplete THEN not', async () => {
    assert.equal(isGatedInteraction(interaction({ name: 'ask' })), true);
    assert.equal(isGatedInteraction(interaction({ name: 'access' })), true, 'admins pass the gate anyway');
    assert.equal(isGatedInteraction(interaction({ kind: 'button', customId: REGENERATE_BUTTON_ID })), true);
    assert.equal(isGatedInteraction(interaction({ kind: 'button', customId: STOP_BUTTON_ID })), false);
    assert.equal(isGatedInteraction(interaction({ name: 'help' })), false);
    assert.equal(isGatedInteraction(interaction({ kind: 'autocomplete' })), false);
  });
});

describe('interactionAccess', () => {
  it('GIVEN a blocked role THEN its holder is refused, an admin holding it is not, and others are not', async () => {
    const context = gateContext([['block-role', muted]]);
    assert.deepEqual(await interactionAccess(interaction({ roles: [muted] }), context), { allowed: false, reason: 'blocked-role' });
    assert.deepEqual(await interactionAccess(interaction({ roles: [muted], permissions: manageGuild }), context), { allowed: true });
    assert.deepEqual(await interactionAccess(interaction({}), context), { allowed: true });
  });

  it('GIVEN an allowed category THEN a thread of a channel in it is admitted, another channel is not', async () => {
    const context = gateContext([['allow-channel', category]]);
    assert.deepEqual(await interactionAccess(interaction({ channelId: thread }), context), { allowed: true });
    assert.deepEqual(await interactionAccess(interaction({ channelId: '1100000000000000302' }), context), { allowed: false, reason: 'not-allowed-channel' });
  });

  it('GIVEN @everyone blocked THEN every member but admins is refused', async () => {
    const context = gateContext([['block-role', guild]]);
    assert.deepEqual(await interactionAccess(interaction({}), context), { allowed: false, reason: 'blocked-role' });
    assert.deepEqual(await interactionAccess(interaction({ cached: false }), context), { allowed: false, reason: 'blocked-role' }, 'a raw member too');
  });

  it('GIVEN a server the bot is not in THEN its stored rules apply to the channel Discord names, with no containers known', async () => {
    const context = gateContext([['block-channel', channel], ['block-role', muted]]);
    assert.deepEqual(await interactionAccess(interaction({ cached: false }), context), { allowed: false, reason: 'blocked-channel' });
    assert.deepEqual(await interactionAccess(interaction({ cached: false, channelId: '1100000000000000302', roles: [muted] }), context), { allowed: false, reason: 'blocked-role' });
    const byCategory = gateContext([['allow-channel', category]]);
    assert.deepEqual(await interactionAccess(interaction({ cached: false, channelId: thread }), byCategory), { allowed: false, reason: 'not-allowed-channel' }, 'the category cannot be seen there');
  });

  it('GIVEN a DM or private channel THEN no server’s rules apply, whatever DIRECT_MESSAGES says (commands work there)', async () => {
    const context = gateContext([['block-role', guild]]);
    assert.deepEqual(await interactionAccess(interaction({ guildId: null, channelId: '1400000000000000001' }), context), { allowed: true });
  });

  it('GIVEN a server without rules THEN anyone, and the member is not even read', async () => {
    const noMember = { ...interaction({}), member: undefined, channel: undefined } as unknown as Interaction;
    assert.deepEqual(await interactionAccess(noMember, gateContext([])), { allowed: true });
  });
});

describe('messageAccess and addressesBot', () => {
  /** A server message by a member holding `roles`. */
  function message(fields: { channelId?: string; roles?: string[]; admin?: boolean; content?: string; repliedTo?: string; member?: boolean }): Message<true> {
    const channelId = fields.channelId ?? channel;
    const roles = fields.roles ?? [];
    return {
      guildId: guild,
      channelId,
      channel: channels.get(channelId) ?? { id: channelId },
      content: fields.content ?? 'hello',
      author: { id: '1300000000000000009' },
      mentions: { repliedUser: fields.repliedTo === undefined ? null : { id: fields.repliedTo } },
      member: fields.member === false ? null : { roles: { cache: new Map([[guild, {}], ...roles.map((id) => [id, {}] as const)]) }, permissions: { has: () => fields.admin === true } },
    } as unknown as Message<true>;
  }

  it('GIVEN rules THEN the author’s roles and the message’s channel chain decide, admins pass', async () => {
    const context = gateContext([['block-role', muted], ['allow-channel', channel]]);
    assert.deepEqual(await messageAccess(message({ channelId: thread }), context), { allowed: true }, 'a thread inherits its channel');
    assert.deepEqual(await messageAccess(message({ roles: [muted] }), context), { allowed: false, reason: 'blocked-role' });
    assert.deepEqual(await messageAccess(message({ roles: [muted], admin: true }), context), { allowed: true });
    assert.deepEqual(await messageAccess(message({ channelId: '1100000000000000302' }), context), { allowed: false, reason: 'not-allowed-channel' });
  });

  it('GIVEN an allowed role and a message whose member is unknown THEN it is refused (only @everyone is known)', async () => {
    assert.deepEqual(await messageAccess(message({ member: false }), gateContext([['allow-role', muted]])), { allowed: false, reason: 'not-allowed-role' });
  });

  it('GIVEN a mention or a reply to the bot THEN it addresses the bot; an ordinary message does not', async () => {
    assert.equal(addressesBot(message({ content: `<@${bot}> hi` }), bot), true);
    assert.equal(addressesBot(message({ repliedTo: bot }), bot), true);
    assert.equal(addressesBot(message({ repliedTo: '1300000000000000001' }), bot), false);
    assert.equal(addressesBot(message({}), bot), false);
  });
});
