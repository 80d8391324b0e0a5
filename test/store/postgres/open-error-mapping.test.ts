/**
 * How failures the local server cannot produce (it trusts every login) are classed: refused
 * credentials, a host with several addresses all refusing, a server message quoting the
 * password. The errors are shaped as pg and Node raise them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postgresAddress } from '../../../src/store/postgres/location.ts';
import { toPostgresOpenError } from '../../../src/store/postgres/postgres-open-error.ts';

const url = 'postgres://cordial:hunter2-pw@db.internal:6543/bot';
const address = postgresAddress(url);
const location = 'db.internal:6543/bot (schema public)';

function serverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: 'FATAL' });
}

test('GIVEN the server refuses the password (28P01) THEN unreachable, saying to check the user and password, naming host:port/database', () => {
  const error = toPostgresOpenError(serverError('28P01', 'password authentication failed for user "cordial"'), address, location);
  assert.equal(error.reason, 'unreachable');
  assert.match(error.message, /db\.internal:6543\/bot/);
  assert.match(error.message, /user and password in DATABASE_URL/);
  assert.equal(error.path, location);
});

test('GIVEN no pg_hba entry for the host (28000) THEN unreachable as refused credentials', () => {
  assert.equal(toPostgresOpenError(serverError('28000', 'no pg_hba.conf entry for host'), address, location).reason, 'unreachable');
});

test('GIVEN every address of the host refused (an AggregateError with no message) THEN unreachable, with each address\'s reason', () => {
  const refused = (host: string) => Object.assign(new Error(`connect ECONNREFUSED ${host}:6543`), { code: 'ECONNREFUSED' });
  const error = toPostgresOpenError(new AggregateError([refused('::1'), refused('127.0.0.1')], ''), address, location);
  assert.equal(error.reason, 'unreachable');
  assert.match(error.message, /ECONNREFUSED ::1:6543; connect ECONNREFUSED 127\.0\.0\.1:6543/);
});

test('GIVEN the pool\'s connection timeout THEN unreachable', () => {
  assert.equal(toPostgresOpenError(new Error('timeout exceeded when trying to connect'), address, location).reason, 'unreachable');
});

test('GIVEN a failure message that quotes the password THEN neither the message nor the cause keeps it', () => {
  const error = toPostgresOpenError(serverError('42501', 'permission denied: hunter2-pw'), address, location);
  assert.equal(error.reason, 'migration-failed');
  assert.ok(!error.message.includes('hunter2-pw'), error.message);
  assert.ok(error.cause instanceof Error && !error.cause.message.includes('hunter2-pw'));
});
