/**
 * What the PostgreSQL store says about where it is: `host:port/database` and the schema, taken
 * from the URL's parts that are not secret.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postgresAddress, postgresLocation, withoutPassword } from '../../../src/store/postgres/location.ts';

test('GIVEN a full URL WHEN its address is taken THEN it is host:port/database and the password is kept apart', () => {
  const address = postgresAddress('postgres://cordial:p%40ss%3Aword@db.internal:6543/bot?sslmode=require');
  assert.deepEqual(address, { server: 'db.internal:6543/bot', password: 'p@ss:word' });
  assert.equal(postgresLocation(address, 'shard_state'), 'db.internal:6543/bot (schema shard_state)');
});

test('GIVEN a URL without port or database WHEN its address is taken THEN PostgreSQL defaults fill them in (the database is the user)', () => {
  assert.deepEqual(postgresAddress('postgresql://cordial@db.internal'), { server: 'db.internal:5432/cordial', password: '' });
});

test('GIVEN the host and password in the query WHEN its address is taken THEN they are read from there', () => {
  assert.deepEqual(postgresAddress('postgres:///bot?host=/var/run/postgresql&password=hunter2'), { server: '/var/run/postgresql:5432/bot', password: 'hunter2' });
});

test('GIVEN text that is not a URL WHEN its address is taken THEN the address says so without echoing it', () => {
  const address = postgresAddress('not a url with secret hunter2');
  assert.ok(!address.server.includes('hunter2'));
});

test('WHEN a message quotes the password THEN every occurrence is replaced, and an empty password changes nothing', () => {
  assert.equal(withoutPassword('failed for hunter2 (hunter2)', 'hunter2'), 'failed for *** (***)');
  assert.equal(withoutPassword('failed', ''), 'failed');
});
