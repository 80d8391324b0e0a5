/**
 * `recoverUnfinishedReplies` over a real store and a stand-in for discord.js's REST: which
 * journal entries a start repairs (those whose owner is gone), which it leaves (a live owner's),
 * and which it keeps for the next start (a failure that may pass).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DiscordAPIError, type Client } from 'discord.js';
import type { Logger } from 'pino';
import { recoverUnfinishedReplies } from '../../src/discord/recover-unfinished-replies.ts';
import { english } from '../../src/i18n/english.ts';
import { openSqliteStore, sqlitePort, type Shard, type SqliteStore } from '../../src/store/index.ts';

interface Edit {
  route: string;
  content: string;
}

function world(failures: Record<string, () => Error> = {}, path = ':memory:'): { store: SqliteStore; client: Client<true>; logger: Logger; edits: Edit[]; warnings: object[] } {
  const store = openSqliteStore({ path });
  const edits: Edit[] = [];
  const warnings: object[] = [];
  const rest = {
    async get(route: string) {
      const failure = Object.entries(failures).find(([messageId]) => route.endsWith(`/${messageId}`));
      if (failure !== undefined) throw failure[1]();
      return { content: 'Half an answer ▌' };
    },
    async patch(route: string, options: { body: { content: string } }) {
      edits.push({ route, content: options.body.content });
    },
  };
  const logger = { warn: (fields: object) => warnings.push(fields) } as unknown as Logger;
  return { store, client: { rest } as unknown as Client<true>, logger, edits, warnings };
}

const gone = { id: 'gone-run', pid: 11, host: 'old-host', startedAt: 1, shard: { id: 0, count: 1 } };
const live = { id: 'live-run', pid: 12, host: 'this-host', startedAt: 2, shard: { id: 0, count: 1 } };
/** The repairing run, serving `shard`; `free` are the shards of other layouts nobody serves. */
const repairer = (instanceId: string, shard: Shard, free: readonly Shard[] = []) => ({
  instanceId,
  shard,
  isShardFree: async (other: Shard) => free.some((candidate) => candidate.id === other.id && candidate.count === other.count),
});

test('GIVEN entries of a gone run, of no recorded run and of the live run THEN only the first two are marked and forgotten, and the gone run with them', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'cordial-recovery-'));
  try {
    const path = join(directory, 'cordial.sqlite');
    const { store, client, logger, edits } = world({}, path);
    store.registerInstance(gone);
    store.registerInstance(live);
    store.recordUnfinishedReply({ messageId: 'm-gone', channelId: 'c1', locale: 'en-US', ownerId: gone.id, startedAt: 1 });
    store.recordUnfinishedReply({ messageId: 'm-live', channelId: 'c1', locale: 'en-US', ownerId: live.id, startedAt: 2 });
    // an entry from before owners were recorded (schema 3) has none: its process is gone
    const raw = new DatabaseSync(path);
    raw.exec("INSERT INTO unfinished_replies (message_id, channel_id, locale, started_at) VALUES ('m-old', 'c2', 'ru', 3)");
    raw.close();

    const marked = await recoverUnfinishedReplies({ client, store: sqlitePort(store), logger }, repairer(live.id, live.shard));

    assert.equal(marked, 2);
    assert.deepEqual(edits.map((edit) => edit.route), ['/channels/c1/messages/m-gone', '/channels/c2/messages/m-old']);
    assert.equal(edits[0]?.content, `Half an answer\n\n${english.interruptedByCrash}`);
    assert.deepEqual(store.unfinishedReplies().map((reply) => reply.messageId), ['m-live'], 'the live answer is its own owner’s to finish');
    assert.equal(store.getInstance(gone.id), undefined, 'the gone run, owning nothing now, is forgotten');
    assert.deepEqual(store.getInstance(live.id), live);
    store.close();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('GIVEN a message deleted meanwhile and one that fails for a reason that may pass THEN the first is forgotten and the second kept for the next start', async () => {
  const unknownMessage = () => new DiscordAPIError({ code: 10008, message: 'Unknown Message' }, 10008, 404, 'GET', '/channels/c1/messages/m-deleted', {});
  const networkDown = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
  const { store, client, logger, edits, warnings } = world({ 'm-deleted': unknownMessage, 'm-unreachable': networkDown });
  store.registerInstance(gone);
  store.recordUnfinishedReply({ messageId: 'm-deleted', channelId: 'c1', locale: 'en-US', ownerId: gone.id, startedAt: 1 });
  store.recordUnfinishedReply({ messageId: 'm-unreachable', channelId: 'c1', locale: 'en-US', ownerId: gone.id, startedAt: 2 });

  assert.equal(await recoverUnfinishedReplies({ client, store: sqlitePort(store), logger }, repairer(live.id, live.shard)), 0);

  assert.deepEqual(edits, []);
  assert.deepEqual(store.unfinishedReplies().map((reply) => reply.messageId), ['m-unreachable']);
  assert.deepEqual(warnings.map((fields) => [(fields as { message: string }).message, (fields as { kept: boolean }).kept]), [
    ['m-deleted', false],
    ['m-unreachable', true],
  ]);
  assert.ok(store.getInstance(gone.id), 'the gone run still owns the kept entry');
  store.close();
});

test('GIVEN entries of runs of three shards WHEN shard 1’s successor starts THEN only shard 1’s are marked, and only shard 1’s idle runs forgotten', async () => {
  const { store, client, logger, edits } = world();
  const runs = [0, 1, 2].map((id) => ({ id: `run-${id}`, pid: 20 + id, host: 'host', startedAt: 1, shard: { id, count: 3 } }));
  for (const run of runs) store.registerInstance(run);
  const idleOfShard1 = { id: 'idle-1', pid: 30, host: 'host', startedAt: 1, shard: { id: 1, count: 3 } };
  const idleOfShard2 = { id: 'idle-2', pid: 31, host: 'host', startedAt: 1, shard: { id: 2, count: 3 } };
  store.registerInstance(idleOfShard1);
  store.registerInstance(idleOfShard2);
  for (const run of runs) store.recordUnfinishedReply({ messageId: `m-${run.id}`, channelId: 'c1', locale: 'en-US', ownerId: run.id });
  const successor = { id: 'successor-1', pid: 40, host: 'other-host', startedAt: 2, shard: { id: 1, count: 3 } };
  store.registerInstance(successor);

  assert.equal(await recoverUnfinishedReplies({ client, store: sqlitePort(store), logger }, repairer(successor.id, successor.shard)), 1);

  assert.deepEqual(edits.map((edit) => edit.route), ['/channels/c1/messages/m-run-1']);
  assert.deepEqual(store.unfinishedReplies().map((reply) => reply.messageId), ['m-run-0', 'm-run-2'], 'the other shards’ answers are theirs (or their successors’)');
  assert.equal(store.getInstance('run-1'), undefined);
  assert.equal(store.getInstance(idleOfShard1.id), undefined);
  assert.ok(store.getInstance(idleOfShard2.id), 'another shard’s run may be alive: it is not forgotten');
  assert.ok(store.getInstance(successor.id));
  store.close();
});

test('GIVEN an entry of a run of an older shard count THEN shard 0 of the new count marks it once nobody serves that shard, and no other shard ever does', async () => {
  const old = { id: 'old-layout', pid: 50, host: 'host', startedAt: 1, shard: { id: 1, count: 2 } };
  const setUp = () => {
    const built = world();
    built.store.registerInstance(old);
    built.store.recordUnfinishedReply({ messageId: 'm-old-layout', channelId: 'c1', locale: 'en-US', ownerId: old.id });
    return built;
  };
  {
    const { store, client, logger, edits } = setUp();
    assert.equal(await recoverUnfinishedReplies({ client, store: sqlitePort(store), logger }, repairer('new-0', { id: 0, count: 4 })), 0, 'its shard is still served: that process finishes it');
    assert.equal(await recoverUnfinishedReplies({ client, store: sqlitePort(store), logger }, repairer('new-1', { id: 1, count: 4 }, [old.shard])), 0, 'not shard 0');
    assert.deepEqual(edits, []);
    store.close();
  }
  {
    const { store, client, logger, edits } = setUp();
    assert.equal(await recoverUnfinishedReplies({ client, store: sqlitePort(store), logger }, repairer('new-0', { id: 0, count: 4 }, [old.shard])), 1);
    assert.deepEqual(edits.map((edit) => edit.route), ['/channels/c1/messages/m-old-layout']);
    store.close();
  }
});
