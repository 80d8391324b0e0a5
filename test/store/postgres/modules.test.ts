/**
 * One test per module of the PostgreSQL store, looking at what the contract suite cannot: the
 * rows it leaves in the schema (the settings log beside each change, the rollup beside each
 * usage row, the cascades), and rows written by hand that it reads with SQLite's tolerance.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type pg from 'pg';
import type { Store } from '../../../src/store/store-port.ts';
import { openFreshPostgresStore, withConnection, type FreshPostgresStore } from './fresh-schema.ts';

const guild = '1100000000000000100';
const channel = '1200000000000000100';
const thread = '1300000000000000100';
const admin = { userId: '800000000000000001', name: 'Ada Admin' };
const at = 1_767_225_600_000; // 2026-01-01T00:00:00Z

let fresh: FreshPostgresStore;
let store: Store;
let clock = at;

beforeEach(async () => {
  clock = at;
  fresh = await openFreshPostgresStore({ now: () => clock });
  store = fresh.store;
});
afterEach(() => fresh.close());

/** Runs SQL on the test's schema from a connection of its own. */
function sql(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  return withConnection(async (client) => {
    await client.query(`SET search_path TO ${client.escapeIdentifier(fresh.schema)}`);
    return client.query(text, values);
  });
}

describe('guild settings', () => {
  test('WHEN a default model is set and cleared THEN the row keeps who set it, and the log holds both changes with the name', async () => {
    await store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', admin);
    clock += 1_000;
    assert.equal(await store.clearGuildDefaultModel(guild, admin), true);
    assert.equal(await store.clearGuildDefaultModel(guild, admin), false);
    assert.deepEqual((await sql('SELECT default_model, set_by_user_id, updated_at FROM guild_settings')).rows, [{ default_model: null, set_by_user_id: admin.userId, updated_at: String(at) }]);
    assert.deepEqual((await sql('SELECT setting, value, set_by_name, at FROM settings_log ORDER BY id')).rows, [
      { setting: 'default-model', value: 'openai/gpt-4o-mini', set_by_name: admin.name, at: String(at) },
      { setting: 'default-model', value: null, set_by_name: admin.name, at: String(at + 1_000) },
    ]);
  });
});

describe('channel settings', () => {
  test('WHEN both overrides of a channel are cleared THEN its row is gone and the log has all four changes', async () => {
    await store.setChannelSystemPrompt(guild, channel, 'Be brief.', admin);
    await store.setChannelDefaultModel(guild, channel, 'ollama/llama3.2:3b', admin);
    await store.clearChannelSystemPrompt(guild, channel, admin);
    assert.equal((await sql('SELECT count(*)::int AS n FROM channel_settings')).rows[0].n, 1);
    await store.clearChannelDefaultModel(guild, channel, admin);
    assert.equal((await sql('SELECT count(*)::int AS n FROM channel_settings')).rows[0].n, 0);
    assert.deepEqual((await sql('SELECT channel_id, value FROM settings_log ORDER BY id')).rows.map((row) => row.value), ['Be brief.', 'ollama/llama3.2:3b', null, null]);
  });
});

describe('access rules', () => {
  test('GIVEN rules of every kind added out of order WHEN listed THEN by kind, then oldest first, then by target', async () => {
    await store.addAccessRule(guild, 'block-channel', '3', admin);
    await store.addAccessRule(guild, 'allow-role', '2', admin);
    await store.addAccessRule(guild, 'allow-role', '1', admin);
    clock += 1;
    await store.addAccessRule(guild, 'allow-role', '0', admin);
    await store.addAccessRule(guild, 'block-role', '9', admin);
    assert.equal(await store.addAccessRule(guild, 'block-role', '9', admin), false);
    assert.deepEqual(
      (await store.listAccessRules(guild)).map((rule) => `${rule.kind} ${rule.targetId}`),
      ['allow-role 1', 'allow-role 2', 'allow-role 0', 'block-role 9', 'block-channel 3'],
    );
    assert.equal((await sql("SELECT count(*)::int AS n FROM settings_log WHERE setting = 'access'")).rows[0].n, 5);
  });
});

describe('settings log', () => {
  test('GIVEN a server setting and a channel one of the same name THEN lastChange tells them apart', async () => {
    await store.setGuildSystemPrompt(guild, 'Server prompt', admin);
    await store.setChannelSystemPrompt(guild, channel, 'Channel prompt', '800000000000000002');
    assert.equal((await store.lastChange(guild, 'system-prompt'))?.value, 'Server prompt');
    assert.deepEqual(await store.lastChange(guild, 'system-prompt', channel), { value: 'Channel prompt', setByUserId: '800000000000000002', setByName: null, at });
    assert.deepEqual((await store.settingChanges(guild, 1)).map((entry) => entry.channelId), [channel]);
  });
});

describe('answer records', () => {
  test('WHEN usage is recorded THEN each row has its share of the day rollup; unknown counts add nothing there', async () => {
    await store.recordUsage({ guildId: guild, channelId: channel, userId: admin.userId, modelId: 'm', messageId: '1', outcome: 'complete', promptTokens: 10, completionTokens: 5, answeredAt: at });
    await store.recordUsage({ guildId: guild, channelId: channel, userId: admin.userId, modelId: 'm', messageId: '2', outcome: 'failed', promptTokens: null, completionTokens: null, answeredAt: at + 1 });
    await store.recordUsage({ guildId: null, channelId: channel, userId: admin.userId, modelId: 'm', messageId: null, outcome: 'complete', promptTokens: 1, completionTokens: 2, estimated: true });
    assert.deepEqual((await sql('SELECT guild_id, day, answers, prompt_tokens, completion_tokens, estimated_answers FROM usage_daily ORDER BY guild_id')).rows, [
      { guild_id: '', day: '2026-01-01', answers: '1', prompt_tokens: '1', completion_tokens: '2', estimated_answers: '1' },
      { guild_id: guild, day: '2026-01-01', answers: '2', prompt_tokens: '10', completion_tokens: '5', estimated_answers: '0' },
    ]);
    assert.deepEqual((await store.usageOfGuild(null)).map((usage) => [usage.promptTokens, usage.estimated]), [[1, true]]);
  });

  test('WHEN reasoning expires THEN it reads as gone and the purge counts it', async () => {
    await store.keepReasoning('1', 'because', 60_000);
    assert.equal((await store.keptReasoning('1'))?.expiresAt, at + 60_000);
    clock += 60_000;
    assert.equal(await store.keptReasoning('1'), undefined);
    assert.equal(await store.purgeExpiredReasoning(), 1);
  });
});

describe('usage reports', () => {
  test('GIVEN models whose names differ in case with equal tokens THEN they are ordered by byte, as SQLite orders them', async () => {
    for (const modelId of ['openai/b', 'Ollama/a', 'openai/B']) {
      await store.recordUsage({ guildId: guild, channelId: channel, userId: admin.userId, modelId, messageId: null, outcome: 'complete', promptTokens: 1, completionTokens: 1, answeredAt: at });
    }
    const report = await store.usageReport(guild, { fromDay: '2026-01-01', toDay: '2026-01-01' });
    assert.deepEqual(report.models.map((model) => model.modelId), ['Ollama/a', 'openai/B', 'openai/b']);
    assert.equal(report.totals.tokens, 6);
    assert.equal(await store.tokensUsedOn('2026-01-01', { guildId: guild, userId: admin.userId }), 6);
  });
});

describe('quotas', () => {
  test('WHEN one quota is changed THEN the other stays in the row, and the log keeps the change as JSON', async () => {
    await store.setGuildQuota(guild, { personTokensPerDay: 1_000, serverTokensPerDay: 50_000 }, admin);
    await store.setGuildQuota(guild, { personTokensPerDay: null }, admin);
    assert.deepEqual((await sql('SELECT person_tokens_per_day, server_tokens_per_day FROM guild_quotas')).rows, [{ person_tokens_per_day: null, server_tokens_per_day: '50000' }]);
    assert.deepEqual((await sql("SELECT value FROM settings_log WHERE setting = 'quota' ORDER BY id")).rows.map((row) => row.value), ['{"person":1000,"server":50000}', '{"person":null}']);
    await assert.rejects(store.setGuildQuota(guild, { serverTokensPerDay: -1 }, admin), RangeError);
  });
});

describe('saved answers', () => {
  const answer = { firstMessageId: '1', channelId: channel, guildId: guild, messageIds: ['1', '2'], modelId: 'm', askedBy: [admin.userId], trigger: 'ask' as const, turn: { prompt: 'hi' }, locale: 'en-US', follows: null };

  test('WHEN an answer is deleted by age THEN its message rows go with it (ON DELETE CASCADE)', async () => {
    await store.saveAnswer(answer);
    assert.equal((await sql('SELECT count(*)::int AS n FROM answer_messages')).rows[0].n, 2);
    assert.equal(await store.deleteAnswersBefore(at + 1), 1);
    assert.equal((await sql('SELECT count(*)::int AS n FROM answer_messages')).rows[0].n, 0);
  });

  test('GIVEN rows edited by hand into JSON of another shape or an unknown trigger THEN the answer reads as absent', async () => {
    await store.saveAnswer(answer);
    await sql("UPDATE answers SET turn = '{not json'");
    assert.equal(await store.getAnswer('1'), undefined);
    await sql(`UPDATE answers SET turn = 'null', message_ids = '[1, 2]'`);
    assert.equal(await store.answerContaining('2'), undefined);
    await sql(`UPDATE answers SET message_ids = '["1"]', trigger_kind = 'telepathy'`);
    assert.equal(await store.getAnswer('1'), undefined);
    await sql(`UPDATE answers SET trigger_kind = 'ask'`);
    assert.equal((await store.getAnswer('1'))?.turn, null);
  });
});

describe('threads', () => {
  test('WHEN a thread is saved again THEN its prompts stay; WHEN it is deleted THEN they go; a hand-edited attachment list reads as none', async () => {
    const record = { threadId: thread, guildId: guild, channelId: channel, modelId: 'm', prompt: 'Hello', createdBy: admin.userId, createdByName: admin.name, firstAnswer: 'Hi' };
    await store.saveThread(record);
    await store.saveThreadPrompt({ messageId: '1', threadId: thread, authorId: admin.userId, authorName: admin.name, prompt: 'More' });
    await store.saveThread({ ...record, firstAnswer: 'Hi again' });
    assert.equal((await store.getThreadPrompts(thread)).length, 1);
    await sql(`UPDATE threads SET prompt_attachments = '[{"id": 1}]'`);
    assert.equal((await store.getThread(thread))?.promptAttachments, undefined);
    assert.equal(await store.deleteThread(thread), true);
    assert.equal((await sql('SELECT count(*)::int AS n FROM thread_prompts')).rows[0].n, 0);
    await assert.rejects(store.saveThreadPrompt({ messageId: '2', threadId: thread, authorId: admin.userId, authorName: admin.name, prompt: 'Orphan' }));
  });
});

describe('reply journal', () => {
  test('GIVEN runs of two shards WHEN one shard forgets its idle runs THEN only its own idle run goes; replies show their owner\'s shard', async () => {
    await store.registerInstance({ id: 'a', pid: 1, host: 'h', startedAt: at, shard: { id: 0, count: 2 } });
    await store.registerInstance({ id: 'b', pid: 2, host: 'h', startedAt: at, shard: { id: 1, count: 2 } });
    await store.registerInstance({ id: 'c', pid: 3, host: 'h', startedAt: at, shard: { id: 0, count: 2 } });
    await store.recordUnfinishedReply({ messageId: '1', channelId: channel, locale: 'en-US', ownerId: 'c' });
    assert.equal(await store.forgetIdleInstances([], { id: 0, count: 2 }), 1);
    assert.equal(await store.getInstance('a'), undefined);
    assert.deepEqual((await store.getInstance('b'))?.shard, { id: 1, count: 2 });
    assert.deepEqual(await store.unfinishedReplies(), [{ messageId: '1', channelId: channel, locale: 'en-US', startedAt: at, ownerId: 'c', ownerShard: { id: 0, count: 2 } }]);
    assert.equal(await store.forgetIdleInstances(['b']), 0);
  });
});
