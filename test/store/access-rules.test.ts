/**
 * Access rules in the SQLite file: kept across a restart. What the store does with them is the
 * contract suite's (`contract/access-rules.test.ts`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openSqliteStore } from '../../src/store/index.ts';
import { withDatabasePath } from './support/old-database.ts';

const guild = '1100000000000000100';
const botChannel = '1100000000000000301';
const ada = { userId: '800000000000000001', name: 'Ada Admin' };

describe('access rules in the SQLite file', () => {
  test('WHEN the store is reopened (a restart) THEN the rules are there', () => {
    withDatabasePath((path) => {
      const first = openSqliteStore({ path, now: () => 7 });
      first.addAccessRule(guild, 'allow-channel', botChannel, ada);
      first.close();
      const second = openSqliteStore({ path });
      assert.deepEqual(second.listAccessRules(guild), [{ kind: 'allow-channel', targetId: botChannel, setByUserId: ada.userId, at: 7 }]);
      second.close();
    });
  });
});
