/**
 * The PostgreSQL store as several processes share it: changes made at once through different
 * stores (each with its own pool, as another process would have) count once and stay in step
 * with their log and rollup; and a transaction that fails leaves nothing behind and gives its
 * connection back.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import pg from 'pg';
import { poolDatabase } from '../../../src/store/postgres/database.ts';
import { openPostgresStore } from '../../../src/store/postgres/index.ts';
import type { Store } from '../../../src/store/store-port.ts';
import { DATABASE_URL, openFreshPostgresStore, type FreshPostgresStore } from './fresh-schema.ts';

const guild = '1100000000000000100';
const admin = '800000000000000001';

let fresh: FreshPostgresStore;
let stores: Store[];

beforeEach(async () => {
  fresh = await openFreshPostgresStore();
  // a second "process" on the same schema
  stores = [fresh.store, await openPostgresStore({ url: DATABASE_URL, schema: fresh.schema })];
});
afterEach(async () => {
  await stores[1]?.close();
  await fresh.close();
});

function storeFor(index: number): Store {
  const store = stores[index % stores.length];
  assert.ok(store !== undefined);
  return store;
}

test('WHEN two processes record usage at once THEN the day rollup counts every answer and equals the rows summed', async () => {
  const day = Date.parse('2026-03-01T12:00:00Z');
  await Promise.all(
    Array.from({ length: 60 }, (_, index) =>
      storeFor(index).recordUsage({ guildId: guild, channelId: '1', userId: String(index % 3), modelId: 'm', messageId: null, outcome: 'complete', promptTokens: index, completionTokens: 1, answeredAt: day }),
    ),
  );
  const report = await fresh.store.usageReport(guild, { fromDay: '2026-03-01', toDay: '2026-03-01' });
  assert.equal(report.totals.answers, 60);
  assert.equal(report.totals.promptTokens, (59 * 60) / 2);
  const rows = await fresh.store.usageOfGuild(guild);
  assert.equal(rows.length, 60);
  assert.equal(report.totals.tokens, rows.reduce((sum, row) => sum + (row.promptTokens ?? 0) + (row.completionTokens ?? 0), 0));
});

test('WHEN two processes set a server default at once THEN the last change logged is the value kept', async () => {
  await Promise.all(Array.from({ length: 20 }, (_, index) => storeFor(index).setGuildDefaultModel(guild, `provider/model-${index}`, admin)));
  const kept = await stores[1]?.getGuildDefaultModel(guild);
  assert.equal((await fresh.store.lastChange(guild, 'default-model'))?.value, kept);
  assert.equal((await fresh.store.settingChanges(guild, 100)).length, 20);
});

test('WHEN two processes clear the same default, or add the same access rule, at once THEN exactly one reports the change and one entry is logged', async () => {
  await fresh.store.setGuildDefaultModel(guild, 'openai/gpt-4o-mini', admin);
  const clears = await Promise.all(stores.map((store) => store.clearGuildDefaultModel(guild, admin)));
  assert.deepEqual(clears.toSorted(), [false, true]);
  const adds = await Promise.all(stores.map((store) => store.addAccessRule(guild, 'allow-role', '42', admin)));
  assert.deepEqual(adds.toSorted(), [false, true]);
  const log = await fresh.store.settingChanges(guild);
  assert.deepEqual(log.map((entry) => entry.value), ['add allow-role 42', null, 'openai/gpt-4o-mini']);
});

test('GIVEN a pool of one connection WHEN a transaction fails after a write THEN the write is rolled back, the failure passed on, and the connection free again', async () => {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1, options: `-c search_path=${fresh.schema}` });
  try {
    const database = poolDatabase(pool);
    const failure = new Error('the work failed');
    await assert.rejects(
      database.transaction(async (connection) => {
        await connection.query("INSERT INTO access_rules (guild_id, kind, target_id, set_by_user_id, at) VALUES ($1, 'allow-role', '1', $2, 0)", [guild, admin]);
        throw failure;
      }),
      (error) => error === failure,
    );
    await assert.rejects(database.transaction((connection) => connection.query('SELECT * FROM no_such_table')), /no_such_table/);
    const { rows } = await database.query('SELECT count(*)::int AS n FROM access_rules');
    assert.deepEqual(rows, [{ n: 0 }]);
    // the one connection served every call, and is idle again
    assert.equal(pool.totalCount, 1);
    assert.equal(pool.idleCount, 1);
  } finally {
    await pool.end();
  }
  assert.deepEqual(await fresh.store.listAccessRules(guild), []);
});
